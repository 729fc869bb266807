// The closed set of strategy templates and the threshold template's parameters (the rules
// template's are in RulesParameters.swift, top_k's in TopKParameters.swift).

/// A strategy template with its parameters. Closed set: one case per built-in template.
public enum StrategySpec: Sendable, Equatable {
    /// Enter long when a signal rises above a level, exit when it falls below another.
    case threshold(ThresholdParameters)
    /// Enter and exit when expressions over signals, context and position hold.
    case rules(RulesParameters)
    /// Hold the k assets ranked best by a signal (and short the worst), rebalanced on a schedule.
    case topK(TopKParameters)
}

/// How a template compares a column value with a constant. Comparisons are strict or not as named;
/// any comparison with NaN is false.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    /// `column > value` (strict).
    case greater = ">"
    /// `column >= value`.
    case greaterOrEqual = ">="
    /// `column < value` (strict).
    case less = "<"
    /// `column <= value`.
    case lessOrEqual = "<="

    /// Whether `lhs <op> rhs` holds; false when either side is NaN.
    @inlinable
    public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        }
    }
}

/// An extra entry condition: `column <op> value` must hold on the decision bar.
///
/// `column` resolves, in this order, to a signal column of the data, a context column (joined
/// as-of), or one of the bar fields `open`, `high`, `low`, `close`, `volume`.
public struct Filter: Sendable, Equatable {
    /// Column name, resolved as described above.
    public var column: String
    /// The comparison.
    public var op: ComparisonOperator
    /// The constant compared against; must be finite.
    public var value: Double

    /// Creates a filter `column <op> value`.
    public init(column: String, op: ComparisonOperator, value: Double) {
        self.column = column
        self.op = op
        self.value = value
    }
}

/// How many shares an entry buys. For the value-based methods `quantity = floor(allocation / close[t])`
/// with `close[t]` the decision bar's close.
public enum Sizing: Sendable, Equatable {
    /// `allocation = fraction * initialCash / assets.count`, fixed for the whole run (not compounding).
    case equalInitial(fraction: Double)
    /// `allocation = fraction * equity[t]`, equity marked at the decision bar's close.
    case percentEquity(fraction: Double)
    /// `allocation = value`.
    case fixedValue(Double)
    /// `quantity = n` shares, > 0 (whole unless the account is fractional).
    case fixedQuantity(Double)
}

/// Parameters of the threshold template.
///
/// Flat and `signal > entryAbove` (strict) and every filter holds: buy (sized by `sizing`).
/// Long and `signal < exitBelow` (strict): sell the whole position. With `shortBelow` and
/// `coverAbove` (a margin account): flat and `signal < shortBelow` and every filter holds: sell short
/// (sized the same way); short and `signal > coverAbove`: buy the whole position back. A NaN signal
/// never enters or exits. Entry signals while in a position and exit signals while flat are ignored
/// (no pyramiding).
public struct ThresholdParameters: Sendable, Equatable {
    /// The signal column (resolved like a filter column); JSON path `strategy.params.signal`.
    public var signal: String
    /// Entry level, compared strictly; must be finite.
    public var entryAbove: Double
    /// Exit level, compared strictly; must be finite.
    public var exitBelow: Double
    /// Extra entry conditions, all of which must hold (for short entries too).
    public var filters: [Filter]
    /// How entries are sized.
    public var sizing: Sizing
    /// Short entry level, compared strictly; nil: no shorts. Set with `coverAbove`.
    public var shortBelow: Double?
    /// Short exit level, compared strictly; nil: no shorts.
    public var coverAbove: Double?
    /// How entries are placed (market by default).
    public var entryOrder: OrderSpec
    /// How exits are placed (market by default).
    public var exitOrder: OrderSpec

    /// Creates threshold parameters.
    public init(
        signal: String, entryAbove: Double, exitBelow: Double,
        filters: [Filter] = [], sizing: Sizing = .equalInitial(fraction: 0.95),
        shortBelow: Double? = nil, coverAbove: Double? = nil, entryOrder: OrderSpec = .market,
        exitOrder: OrderSpec = .market
    ) {
        self.signal = signal
        self.entryAbove = entryAbove
        self.exitBelow = exitBelow
        self.filters = filters
        self.sizing = sizing
        self.shortBelow = shortBelow
        self.coverAbove = coverAbove
        self.entryOrder = entryOrder
        self.exitOrder = exitOrder
    }

    /// Whether the template sells short.
    public var shorts: Bool { shortBelow != nil || coverAbove != nil }
}
