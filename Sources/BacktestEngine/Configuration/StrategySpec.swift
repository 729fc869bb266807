// The closed set of strategy templates and the threshold template's parameters (the rules
// template's are in RulesParameters.swift, top_k's in TopKParameters.swift).

/// A strategy template with its parameters. Closed set: one case per built-in template.
public enum StrategySpec: Sendable, Equatable {
    /// Enter long when a signal rises above a level, exit when it falls below another.
    case threshold(ThresholdParameters)
    /// Enter and exit when expressions over signals, context and position hold.
    case rules(RulesParameters)
    /// Hold each asset at a weight of equity a column gives, rebalanced on a schedule or a drift.
    case targetWeights(TargetWeightsParameters)
    /// Several parameter sets of other templates, chosen bar by bar by context conditions.
    case regime(RegimeParameters)
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
    /// `allocation = min(maxFraction, fraction * max(column[t], 0)) * equity[t]`: size grows with a
    /// column (a model's confidence), capped; a missing value sizes 0 (`quantity_rounds_to_zero`).
    case confidenceScaled(column: String, fraction: Double, maxFraction: Double)
    /// `allocation = min(maxFraction, target / vol[t]) * equity[t]`, with `vol[t]` the sample
    /// standard deviation of the asset's last `lookback` close-to-close returns (its decision bar's
    /// included) times `sqrt(barsPerYear)`; before `lookback` returns, or at zero volatility, 0.
    case volatilityTarget(target: Double, lookback: Int, barsPerYear: Double, maxFraction: Double)
}

/// Parameters of the threshold template.
///
/// Flat and `signal > entryAbove` (strict) and every filter holds: buy (sized by `sizing`).
/// Long and `exitSignal < exitBelow` (strict) and every exit filter holds: sell the whole position.
/// With `shortBelow` and `coverAbove` (a margin account): flat and `signal < shortBelow` and every
/// filter holds: sell short (sized the same way); short and `exitSignal > coverAbove` and every exit
/// filter holds: buy the whole position back. `exitSignal` is `signal` unless given. A NaN signal
/// never enters or exits. Entry signals while in a position and exit signals while flat are ignored
/// (no pyramiding). An entry is not decided within `cooldownBars` bars of the bar whose fills last
/// closed the asset's position (decided at bar `t` only when `t >= exitBar + cooldownBars`), and a
/// signal exit not before the position has been held `minHoldingBars` bars (`t >= entryBar +
/// minHoldingBars`, with `entryBar` the bar of its first entry fill); position rules (`risk`) exit
/// regardless of both.
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
    /// The column exits compare with `exitBelow` and `coverAbove` (an exit model); nil: `signal`.
    public var exitSignal: String?
    /// Conditions that must all hold for a signal exit (long or short).
    public var exitFilters: [Filter]
    /// Bars after the bar that closed a position before the asset may enter again (0: at once).
    public var cooldownBars: Int
    /// Bars a position is held before a signal exit may close it (0: no minimum).
    public var minHoldingBars: Int

    /// Creates threshold parameters.
    public init(
        signal: String, entryAbove: Double, exitBelow: Double,
        filters: [Filter] = [], sizing: Sizing = .equalInitial(fraction: 0.95),
        shortBelow: Double? = nil, coverAbove: Double? = nil, entryOrder: OrderSpec = .market,
        exitOrder: OrderSpec = .market, exitSignal: String? = nil, exitFilters: [Filter] = [],
        cooldownBars: Int = 0, minHoldingBars: Int = 0
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
        self.exitSignal = exitSignal
        self.exitFilters = exitFilters
        self.cooldownBars = cooldownBars
        self.minHoldingBars = minHoldingBars
    }

    /// The largest `cooldownBars` and `minHoldingBars` accepted.
    public static let maxBarCount = 1_000_000

    /// Whether the template sells short.
    public var shorts: Bool { shortBelow != nil || coverAbove != nil }
}
