// The threshold template resolved to columns and plain values (hot path: called per bar-event).

/// A filter resolved to its column, with its operator as a branch-free test.
struct ResolvedFilter {
    let column: ResolvedColumn
    let op: ComparisonOperator
    let value: Double
    /// 1 when the operator accepts `lhs > rhs`, `lhs < rhs`, `lhs == rhs` respectively, else 0.
    private let acceptsGreater: UInt8
    private let acceptsLess: UInt8
    private let acceptsEqual: UInt8

    init(column: ResolvedColumn, op: ComparisonOperator, value: Double) {
        self.column = column
        self.op = op
        self.value = value
        acceptsGreater = op == .greater || op == .greaterOrEqual ? 1 : 0
        acceptsLess = op == .less || op == .lessOrEqual ? 1 : 0
        acceptsEqual = op == .greaterOrEqual || op == .lessOrEqual ? 1 : 0
    }

    /// 1 when `op.holds(column value, value)`, else 0. Hand-tuned: the filter outcome is close to a
    /// coin flip per row, so it is computed from the three comparisons without a branch (a switch
    /// on `op` plus a branch per outcome mispredicts often). Equal to `op.holds` for every input,
    /// NaN included (every comparison with NaN is false).
    @inline(__always)
    func passes(row: Int, bar: Int) -> UInt8 {
        let x = column.value(row: row, bar: bar)
        let greater: UInt8 = x > value ? 1 : 0
        let less: UInt8 = x < value ? 1 : 0
        let equal: UInt8 = x == value ? 1 : 0
        return (greater & acceptsGreater) | (less & acceptsLess) | (equal & acceptsEqual)
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
struct ThresholdStrategy: AssetStrategy {
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
            // Hand-tuned: every filter is read on every flat row, not only once the signal passes.
            // The signal passes rarely, so reading only then is a cache miss on a sparse row, while
            // reading each row keeps the filter columns streaming through the hardware prefetcher.
            // The tests are combined as 0/1 integers, not `&&`, so that no branch depends on them.
            var enters: UInt8 = value > entryAbove ? 1 : 0
            for filter in filters {
                enters &= filter.passes(row: input.row, bar: input.bar)
            }
            guard enters != 0 else { return .hold }
            return .buy(quantity: sizing.quantity(close: input.close, equity: input.equity))
        }
        return value < exitBelow ? .close : .hold
    }
}
