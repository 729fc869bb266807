// The threshold template resolved to columns and plain values (hot path: called per bar-event).

/// A filter resolved to its column.
struct ResolvedFilter {
    let column: ResolvedColumn
    let op: ComparisonOperator
    let value: Double

    @inline(__always)
    func holds(row: Int, bar: Int) -> Bool {
        op.holds(column.value(row: row, bar: bar), value)
    }
}

/// Sizing resolved to plain values.
enum ResolvedSizing {
    /// `floor(allocation / close)`.
    case allocation(Double)
    /// `floor(fraction * equity / close)`.
    case equityFraction(Double)
    /// A fixed share count.
    case quantity(Int)

    init(_ sizing: Sizing, initialCash: Double, assetCount: Int) {
        switch sizing {
        case .equalInitial(let fraction):
            self = .allocation(fraction * initialCash / Double(max(assetCount, 1)))
        case .percentEquity(let fraction):
            self = .equityFraction(fraction)
        case .fixedValue(let value):
            self = .allocation(value)
        case .fixedQuantity(let quantity):
            self = .quantity(quantity)
        }
    }

    /// Shares for an entry at `close` with the account worth `equity`; 0 when it rounds below 1.
    @inline(__always)
    func quantity(close: Double, equity: Double) -> Int {
        let allocation: Double
        switch self {
        case .quantity(let n): return n
        case .allocation(let value): allocation = value
        case .equityFraction(let fraction): allocation = fraction * equity
        }
        let shares = allocation / close
        guard shares >= 1 else { return 0 } // also catches NaN
        // floor by truncation (shares > 0), which needs no libm call. Absurd sizes (a fixed value of
        // 1e300) are clamped to 2^53 shares; the cash check then rejects them.
        return Int(min(shares, 9_007_199_254_740_992))
    }
}

/// Flat and `signal > entryAbove` and every filter holds: buy. Long and `signal < exitBelow`: sell all.
struct ThresholdStrategy: Strategy {
    let signal: ResolvedColumn
    let entryAbove: Double
    let exitBelow: Double
    let filters: [ResolvedFilter]
    let sizing: ResolvedSizing

    /// Resolves validated parameters against the catalog.
    init(_ parameters: ThresholdParameters, catalog: ColumnCatalog, initialCash: Double) {
        signal = catalog.resolve(parameters.signal)
        entryAbove = parameters.entryAbove
        exitBelow = parameters.exitBelow
        filters = parameters.filters.map {
            ResolvedFilter(column: catalog.resolve($0.column), op: $0.op, value: $0.value)
        }
        sizing = ResolvedSizing(parameters.sizing, initialCash: initialCash, assetCount: catalog.data.assets.count)
    }

    @inline(__always)
    func decide(_ input: DecisionInput) -> Decision {
        let value = signal.value(row: input.row, bar: input.bar)
        if input.position == 0 {
            // NaN fails `>` and every filter comparison, so it never enters.
            guard value > entryAbove else { return .hold }
            for filter in filters where !filter.holds(row: input.row, bar: input.bar) {
                return .hold
            }
            return .buy(quantity: sizing.quantity(close: input.close, equity: input.equity))
        }
        return value < exitBelow ? .sellAll : .hold
    }
}
