// The threshold template resolved to columns and plain values (hot path: called per bar-event).

/// A filter resolved to its column, with its operator as a branch-free test.
struct ResolvedFilter {
    let column: ResolvedColumn
    let op: ComparisonOperator
    let value: Double
    /// The outcomes the operator accepts, as bits: 4 for `lhs > rhs`, 2 for `lhs == rhs`, 1 for
    /// `lhs < rhs`.
    private let accepted: UInt8

    init(column: ResolvedColumn, op: ComparisonOperator, value: Double) {
        self.column = column
        self.op = op
        self.value = value
        switch op {
        case .greater: accepted = 4
        case .greaterOrEqual: accepted = 4 | 2
        case .less: accepted = 1
        case .lessOrEqual: accepted = 1 | 2
        }
    }

    /// 1 when `op.holds(column value, value)`, else 0. Hand-tuned: the filter outcome is close to a
    /// coin flip per row, so it is computed without a branch: the three comparisons become one
    /// outcome bit each, masked by the accepted ones (a switch on `op`, or a select per comparison,
    /// lets the compiler branch, and a branch on a coin flip mispredicts half the time; an earlier
    /// spelling with three masks compiled to such a branch and cost a quarter of the engine's
    /// speed). Equal to `op.holds` for every input, NaN included (every comparison with NaN is
    /// false, so the outcome is 0).
    @inline(__always)
    func passes(row: Int, bar: Int) -> UInt8 {
        let x = column.value(row: row, bar: bar)
        let outcome =
            unsafeBitCast(x > value, to: UInt8.self) &<< 2 | unsafeBitCast(x == value, to: UInt8.self) &<< 1
            | unsafeBitCast(x < value, to: UInt8.self)
        return unsafeBitCast(outcome & accepted != 0, to: UInt8.self)
    }
}

/// Flat and `signal > entryAbove` and every filter holds: buy; flat and `signal < shortBelow` and
/// every filter holds: sell short. Long and `exitSignal < exitBelow`, or short and `exitSignal >
/// coverAbove`, with every exit filter holding and the minimum holding reached: close. Entries wait
/// out the cooldown after an exit. See `ThresholdParameters`.
struct ThresholdStrategy: AssetStrategy {
    let signal: ResolvedColumn
    /// nil: exits read `signal` (one column read per row, as the canonical strategy needs).
    let exitSignal: ResolvedColumn?
    let entryAbove: Double
    let exitBelow: Double
    /// `-infinity` without shorts, so that no value passes it.
    let shortBelow: Double
    /// `infinity` without shorts.
    let coverAbove: Double
    let filters: [ResolvedFilter]
    let exitFilters: [ResolvedFilter]
    let cooldownBars: Int
    let minHoldingBars: Int
    let sizing: ResolvedSizing
    let entryOrder: ResolvedOrder
    let exitOrder: ResolvedOrder

    /// Resolves validated parameters against the catalog.
    init(
        _ parameters: ThresholdParameters, catalog: ColumnCatalog, initialCash: Double,
        rounding: QuantityRounding
    ) {
        signal = catalog.resolve(parameters.signal)
        exitSignal = parameters.exitSignal.map { catalog.resolve($0) }
        exitFilters = parameters.exitFilters.map {
            ResolvedFilter(column: catalog.resolve($0.column), op: $0.op, value: $0.value)
        }
        cooldownBars = parameters.cooldownBars
        minHoldingBars = parameters.minHoldingBars
        entryAbove = parameters.entryAbove
        exitBelow = parameters.exitBelow
        shortBelow = parameters.shortBelow ?? -.infinity
        coverAbove = parameters.coverAbove ?? .infinity
        filters = parameters.filters.map {
            ResolvedFilter(column: catalog.resolve($0.column), op: $0.op, value: $0.value)
        }
        sizing = ResolvedSizing(parameters.sizing, catalog: catalog, initialCash: initialCash, rounding: rounding)
        entryOrder = ResolvedOrder(parameters.entryOrder, catalog: catalog)
        exitOrder = ResolvedOrder(parameters.exitOrder, catalog: catalog)
    }

    @inline(__always)
    func decide(_ input: DecisionInput) -> Decision {
        let value = signal.value(row: input.row, bar: input.bar)
        if input.position == 0 && input.working == 0 {
            return entry(value, input)
        }
        let exitValue = exitSignal?.value(row: input.row, bar: input.bar) ?? value
        if input.position == 0 {
            // An entry rests (a limit waiting, or the rest of a split order): its side's exit signal
            // withdraws it, and the close is then evaluated as flat.
            let withdraw = input.working > 0 ? exitValue < exitBelow : exitValue > coverAbove
            guard withdraw else { return .hold }
            switch entry(value, input) {
            case .buy(let quantity): return .cancelAndBuy(quantity: quantity)
            case .sell(let quantity): return .cancelAndSell(quantity: quantity)
            default: return .cancel
            }
        }
        // No second exit while one works (a split exit order still filling).
        let exits =
            input.position > 0
            ? exitValue < exitBelow && input.working >= 0 : exitValue > coverAbove && input.working <= 0
        return exits && exitAllowed(input) ? .close : .hold
    }

    /// Whether a signal exit that holds may close the position: the exit filters hold and the
    /// position has been held long enough. Read only once the exit signal says so.
    @inline(__always)
    private func exitAllowed(_ input: DecisionInput) -> Bool {
        if minHoldingBars > 0 && input.bar - input.entryBar[input.asset] < minHoldingBars { return false }
        for filter in exitFilters where filter.passes(row: input.row, bar: input.bar) == 0 { return false }
        return true
    }

    /// Whether the cooldown after the asset's last exit has passed.
    @inline(__always)
    private func cooledDown(_ input: DecisionInput) -> Bool {
        cooldownBars == 0 || input.bar - input.exitBar[input.asset] >= cooldownBars
    }

    /// The decision of a flat asset with nothing working.
    @inline(__always)
    private func entry(_ value: Double, _ input: DecisionInput) -> Decision {
        // NaN fails `>` and every filter comparison, so it never enters.
        // Hand-tuned: every filter is read on every flat row, not only once the signal passes.
        // The signal passes rarely, so reading only then is a cache miss on a sparse row, while
        // reading each row keeps the filter columns streaming through the hardware prefetcher.
        // The tests are counted as 0/1 integers, not combined with `&&` (or `&=`, which the
        // compiler turned back into a branch per filter), so that no branch depends on them
        // before the one that decides.
        var passed = Int(unsafeBitCast(value > entryAbove, to: UInt8.self))
        for filter in filters {
            passed &+= Int(filter.passes(row: input.row, bar: input.bar))
        }
        if passed == filters.count + 1 {
            guard cooledDown(input) else { return .hold }
            return .buy(quantity: sizing.quantity(input))
        }
        // Only on rows the long side refused. The level is tested first: without shorts no value is
        // below -infinity, so the branch is always taken the same way, while `passed` is a coin flip.
        guard value < shortBelow && passed == filters.count && cooledDown(input) else { return .hold }
        return .sell(quantity: sizing.quantity(input))
    }
}
