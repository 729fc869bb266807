// The parsed form of a rule expression: a tree of names, literals, operators and calls, before names
// are resolved against a dataset.

/// A parsed rule expression.
public indirect enum RuleExpression: Equatable, Sendable {
    /// A number literal.
    case number(Double)
    /// A name: a signal or bar column, `ctx.NAME`, or a position-state word (`position`, `bars_held`,
    /// `unrealized_pnl_pct`). `position` is where it starts in the text (1-based).
    case name(String, position: Int)
    /// `-x`.
    case negate(RuleExpression)
    /// `not x`: 1 when x is 0 (false), else 0.
    case not(RuleExpression)
    /// A binary operator.
    case binary(RuleOperator, RuleExpression, RuleExpression)
    /// A function call, `name(arguments)`; `position` is where its name starts (1-based).
    case call(String, [RuleExpression], position: Int)
}

/// The binary operators, loosest first: `or`, `and`, comparisons, `+ -`, `* /`.
public enum RuleOperator: String, Sendable, CaseIterable {
    case or, and
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case equal = "=="
    case notEqual = "!="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"

    /// Binding strength: higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .greater, .greaterOrEqual, .less, .lessOrEqual, .equal, .notEqual: 3
        case .add, .subtract: 4
        case .multiply, .divide: 5
        }
    }

    /// Whether the result is a truth value (1 or 0).
    var isLogical: Bool { precedence <= 3 }
}
