// The rules template's parameters: entry and exit conditions written as expressions.

/// Which condition of the rules template a field or a program is.
public enum RuleRole: String, Sendable, CaseIterable {
    /// Flat and it holds: buy.
    case entry
    /// Long and it holds: sell the whole position.
    case exit
    /// Flat, the entry does not hold, and it holds: sell short (margin accounts).
    case short
    /// Short and it holds: buy the whole position back.
    case cover
}

/// Parameters of the rules template.
///
/// Each condition is an expression over signal columns and bar fields (`ml_pred`, `close`), context
/// columns (`ctx.vix`), the asset's position (`position`, `bars_held`, `unrealized_pnl_pct`; see
/// `RulePositionState`) and numbers, with arithmetic, comparisons,
/// `and`, `or`, `not` and parentheses, evaluated on the decision bar's close (see `RuleProgram` for
/// how missing values count). Flat: `entry` holds → buy; otherwise `short` holds → sell short. Long:
/// `exit` holds → close. Short: `cover` holds → close. Entries are sized by `sizing`; no pyramiding.
public struct RulesParameters: Sendable, Equatable {
    /// Required.
    public var entry: String
    /// nil: a long is only closed by the position rules (`risk`).
    public var exit: String?
    /// nil: no shorts. Set with `cover`.
    public var short: String?
    /// nil: no shorts.
    public var cover: String?
    /// How entries are sized.
    public var sizing: Sizing
    /// How entries are placed (market by default).
    public var entryOrder: OrderSpec
    /// How exits are placed (market by default).
    public var exitOrder: OrderSpec

    /// Creates rules parameters.
    public init(
        entry: String, exit: String? = nil, short: String? = nil, cover: String? = nil,
        sizing: Sizing = .equalInitial(fraction: 0.95), entryOrder: OrderSpec = .market, exitOrder: OrderSpec = .market
    ) {
        self.entry = entry
        self.exit = exit
        self.short = short
        self.cover = cover
        self.sizing = sizing
        self.entryOrder = entryOrder
        self.exitOrder = exitOrder
    }

    /// The conditions given, by role.
    public var conditions: [(RuleRole, String)] {
        [(.entry, entry), (.exit, exit), (.short, short), (.cover, cover)].compactMap { role, text in
            text.map { (role, $0) }
        }
    }

    /// Whether the template sells short.
    public var shorts: Bool { short != nil || cover != nil }
}
