// The slippage model resolved for the loop: plain values and, for a spread column, its array.

/// A `SlippageModel` resolved to values the settlement reads per fill.
struct ResolvedSlippage {
    private enum Model {
        case none
        /// Buys at `price * (1 + f)`, sells at `price * (1 - f)`.
        case fraction(Double)
        case perShare(Double)
        case halfSpread(Double)
        case spreadColumn(ResolvedColumn)
        case volumeShare(Double)
        case sqrtImpact(Double)
    }

    private let model: Model

    /// Whether fills move at all.
    let isNone: Bool

    init(_ slippage: SlippageModel, catalog: ColumnCatalog) {
        switch slippage {
        case .none: model = .none
        case .fixedBps(let bps): model = .fraction(bps / 10_000)
        case .perShare(let amount): model = .perShare(amount)
        case .halfSpread(.constant(let spread)): model = .halfSpread(spread / 2)
        case .halfSpread(.column(let name)): model = .spreadColumn(catalog.resolve(name, delayed: false))
        case .volumeShare(let impact): model = .volumeShare(impact)
        case .sqrtImpact(let coefficient): model = .sqrtImpact(coefficient)
        }
        if case .none = model { isNone = true } else { isNone = false }
    }

    /// The price a fill of `quantity` shares on `side` gets instead of `price`, on data row `row` of
    /// bar `bar` with the bar's `volume`.
    @inline(__always)
    func price(_ price: Double, side: Side, quantity: Double, volume: Double, row: Int, bar: Int) -> Double {
        let buy = side == .buy
        let perShare: Double
        switch model {
        case .none:
            return price
        case .fraction(let f):
            return buy ? price * (1 + f) : price * (1 - f)
        case .perShare(let amount):
            perShare = amount
        case .halfSpread(let half):
            perShare = half
        case .spreadColumn(let column):
            let spread = column.value(row: row, bar: bar)
            perShare = spread > 0 ? spread / 2 : 0 // NaN and negative spreads count as none
        case .volumeShare(let impact):
            let share = Self.share(quantity, volume)
            perShare = price * impact * share * share
        case .sqrtImpact(let coefficient):
            perShare = price * coefficient * Self.share(quantity, volume).squareRoot()
        }
        return buy ? price + perShare : price - perShare
    }

    /// `quantity / volume`, or 1 when the bar has no volume.
    @inline(__always)
    private static func share(_ quantity: Double, _ volume: Double) -> Double {
        volume > 0 ? quantity / volume : 1
    }
}
