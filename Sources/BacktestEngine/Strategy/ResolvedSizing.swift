// Sizing resolved to plain values and columns before the loop (hot path: called on every entry a
// template decides).

/// How many shares an entry buys or sells short, resolved against the data.
struct ResolvedSizing {
    enum Method {
        /// `allocation / close`, rounded down to a tradable quantity.
        case allocation(Double)
        /// `fraction * equity / close`, rounded down to a tradable quantity.
        case equityFraction(Double)
        /// A fixed quantity.
        case quantity(Double)
        /// `min(maxFraction, fraction * max(column, 0)) * equity / close`; a missing value sizes 0.
        case scaled(ResolvedColumn, fraction: Double, maxFraction: Double)
        /// `min(maxFraction, target / volatility) * equity / close`, with the asset's annualized
        /// volatility per row precomputed; a missing or zero volatility sizes 0.
        case volatilityTarget(volatility: [Double], target: Double, maxFraction: Double)
    }

    let method: Method
    /// What the account trades.
    let rounding: QuantityRounding

    init(_ sizing: Sizing, catalog: ColumnCatalog, initialCash: Double, rounding: QuantityRounding) {
        self.rounding = rounding
        switch sizing {
        case .equalInitial(let fraction):
            method = .allocation(fraction * initialCash / Double(max(catalog.data.assets.count, 1)))
        case .percentEquity(let fraction):
            method = .equityFraction(fraction)
        case .fixedValue(let value):
            method = .allocation(value)
        case .fixedQuantity(let quantity):
            method = .quantity(quantity)
        case .confidenceScaled(let column, let fraction, let maxFraction):
            method = .scaled(catalog.resolve(column), fraction: fraction, maxFraction: maxFraction)
        case .volatilityTarget(let target, let lookback, let barsPerYear, let maxFraction):
            method = .volatilityTarget(
                volatility: Self.volatility(catalog.data, lookback: lookback, barsPerYear: barsPerYear), target: target,
                maxFraction: maxFraction)
        }
    }

    /// Shares for an entry decided on `input`'s close, rounded down to what the account trades; 0
    /// when that rounds below the smallest quantity.
    @inline(__always)
    func quantity(_ input: DecisionInput) -> Double {
        let allocation: Double
        switch method {
        case .quantity(let n): return n
        case .allocation(let value): allocation = value
        case .equityFraction(let fraction): allocation = fraction * input.equity
        case .scaled(let column, let fraction, let maxFraction):
            let value = column.value(row: input.row, bar: input.bar)
            // NaN fails `>`, so a missing value sizes 0.
            let weight = value > 0 ? Swift.min(maxFraction, fraction * value) : 0
            allocation = weight * input.equity
        case .volatilityTarget(let volatility, let target, let maxFraction):
            let sigma = volatility[input.row]
            let weight = sigma > 0 ? Swift.min(maxFraction, target / sigma) : 0
            allocation = weight * input.equity
        }
        return rounding.down(allocation / input.close)
    }

    /// Per row: the sample standard deviation of the asset's last `lookback` close-to-close returns
    /// (`close[k] / close[k-1] - 1` over its own bars, the decision bar's included) times
    /// `sqrt(barsPerYear)`; NaN until the asset has `lookback` returns.
    static func volatility(_ data: MarketData, lookback: Int, barsPerYear: Double) -> [Double] {
        let returns = RuleFunction.pctChange.derive(data.close, [], window: 1, data: data)
        let deviation = RuleFunction.std.derive(returns, [], window: lookback, data: data)
        let scale = barsPerYear.squareRoot()
        return deviation.map { $0 * scale }
    }
}
