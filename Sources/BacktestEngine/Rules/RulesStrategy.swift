// The rules template resolved: its conditions compiled to programs over the dataset's columns, run
// per asset through `PerAssetStrategy` like the threshold template, with the same order of tests
// (so the canonical rules give the threshold template's fills). Hot path: called per bar-event.

/// Flat: `entry` holds → buy; else `short` holds → sell short. Long: `exit` holds → close. Short:
/// `cover` holds → close. A resting entry (a limit waiting, the rest of a split order) is withdrawn
/// when its side's exit holds, and the row is then decided as flat.
struct RulesStrategy: AssetStrategy {
    let entry: RuleProgram
    let exit: RuleProgram?
    let short: RuleProgram?
    let cover: RuleProgram?
    let sizing: ResolvedSizing
    let entryOrder: ResolvedOrder
    let exitOrder: ResolvedOrder
    /// Whether a condition reads `bars_held` or `unrealized_pnl_pct`.
    let readsEntry: Bool
    /// Whether a flat row can be refused by the entry's first comparison alone (no short rule, and
    /// the entry is an `and` of comparisons).
    let quickFlat: Bool

    /// Resolves validated parameters against the catalog.
    init(_ p: RulesParameters, catalog: ColumnCatalog, initialCash: Double, rounding: QuantityRounding) {
        func compile(_ text: String?) -> RuleProgram? {
            guard let text else { return nil }
            do {
                return try RuleProgram(try RuleParser.parse(text), catalog: catalog)
            } catch {
                preconditionFailure("rule \(text) was validated but does not compile: \(error)")
            }
        }
        entry = compile(p.entry)!
        exit = compile(p.exit)
        short = compile(p.short)
        cover = compile(p.cover)
        sizing = ResolvedSizing(p.sizing, catalog: catalog, initialCash: initialCash, rounding: rounding)
        entryOrder = ResolvedOrder(p.entryOrder, catalog: catalog)
        exitOrder = ResolvedOrder(p.exitOrder, catalog: catalog)
        readsEntry = [entry, exit, short, cover].contains { $0?.readsEntry == true }
        quickFlat = short == nil && entry.clauses != nil
    }

    /// Whether the condition of `role` holds (false when the template has none). Reads the stored
    /// program in place: passing it as an argument copied it, and retained its arrays, on every row.
    @inline(__always)
    private func holds(_ role: RuleRole, _ input: DecisionInput) -> Bool {
        let state =
            readsEntry && input.position != 0
            ? RulePositionState(
                position: input.position, bar: input.bar, close: input.close, entryBar: input.entryBar[input.asset],
                entryPrice: input.entryPrice[input.asset])
            : RulePositionState(position: input.position)
        switch role {
        case .entry: return entry.holds(row: input.row, bar: input.bar, state)
        case .exit: return exit?.holds(row: input.row, bar: input.bar, state) ?? false
        case .short: return short?.holds(row: input.row, bar: input.bar, state) ?? false
        case .cover: return cover?.holds(row: input.row, bar: input.bar, state) ?? false
        }
    }

    /// The common row first, inline in the adapter's loop: flat, nothing working, no shorts, and the
    /// entry's first comparison fails. Everything else is decided out of line, so that this stays
    /// small enough to inline (the whole decision, inlined, was called per row through a witness
    /// thunk with its input copied to memory).
    @inline(__always)
    func decide(_ input: DecisionInput) -> Decision {
        if quickFlat && input.position == 0 && input.working == 0,
            entry.clauses?.firstFails(row: input.row, bar: input.bar, RulePositionState(position: 0)) == true
        {
            return .hold
        }
        return decideFully(input)
    }

    @inline(never)
    private func decideFully(_ input: DecisionInput) -> Decision {
        if input.position == 0 && input.working == 0 {
            return flat(input)
        }
        if input.position == 0 {
            guard holds(input.working > 0 ? .exit : .cover, input) else { return .hold }
            switch flat(input) {
            case .buy(let quantity): return .cancelAndBuy(quantity: quantity)
            case .sell(let quantity): return .cancelAndSell(quantity: quantity)
            default: return .cancel
            }
        }
        if input.position > 0 {
            return input.working >= 0 && holds(.exit, input) ? .close : .hold
        }
        return input.working <= 0 && holds(.cover, input) ? .close : .hold
    }

    /// The decision of a flat asset.
    @inline(__always)
    private func flat(_ input: DecisionInput) -> Decision {
        if holds(.entry, input) {
            return .buy(quantity: sizing.quantity(input))
        }
        guard holds(.short, input) else { return .hold }
        return .sell(quantity: sizing.quantity(input))
    }
}
