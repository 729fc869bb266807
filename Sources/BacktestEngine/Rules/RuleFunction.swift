// The functions a rule expression may call, and the derived columns they compute before the loop.
// Every function reads its argument expression on the rows at or before the decision bar only, so a
// rule with functions has no look-ahead either. Computed once per run in O(rows), not per row.
//
// Time-series functions follow each asset through its own rows (bars where it has no row are not
// counted); a window that has not filled yet, or that holds a missing value, gives a missing value.
// Cross-sectional functions look at the rows of one bar, the assets whose argument is finite.

/// A function of a rule expression.
enum RuleFunction: String, CaseIterable {
    /// `sma(x, n)`: mean of the last n values.
    case sma
    /// `ema(x, n)`: exponential mean with α = 2 / (n + 1), seeded with the first value:
    /// `e = α·x + (1 − α)·e_prev` (pandas `ewm(span=n, adjust=False)`); a missing value gives a
    /// missing result and leaves the mean as it was.
    case ema
    /// `std(x, n)`: sample standard deviation (n − 1 in the denominator) of the last n values.
    case std
    /// `min(x, n)`, `max(x, n)`: smallest and largest of the last n values.
    case min, max
    /// `pct_change(x, n)`: `x / x[n rows back] − 1`.
    case pctChange = "pct_change"
    /// `lag(x, n)`: the value n rows back.
    case lag
    /// `crosses_above(a, b)`: a > b on this row and a <= b on the asset's previous row.
    case crossesAbove = "crosses_above"
    /// `crosses_below(a, b)`: a < b on this row and a >= b on the asset's previous row.
    case crossesBelow = "crosses_below"
    /// `pct_rank(x)`: the row's rank among the bar's finite values, ascending, ties at their mean
    /// rank, divided by their count (pandas `rank(pct=True)`): the largest is 1.
    case pctRank = "pct_rank"
    /// `zscore(x)`: `(x − mean) / std` over the bar's finite values, population std (n in the
    /// denominator, as scipy's `zscore`); missing when fewer than two values or all equal.
    case zscore

    /// Whether the second argument is a window length (a whole number >= 1) rather than an expression.
    var takesWindow: Bool {
        switch self {
        case .sma, .ema, .std, .min, .max, .pctChange, .lag: true
        case .crossesAbove, .crossesBelow, .pctRank, .zscore: false
        }
    }

    /// How many arguments it takes.
    var arity: Int {
        switch self {
        case .pctRank, .zscore: 1
        default: 2
        }
    }

    /// How it is written, e.g. `sma(x, n)`.
    var signature: String {
        switch self {
        case .crossesAbove, .crossesBelow: "\(rawValue)(a, b)"
        case .pctRank, .zscore: "\(rawValue)(x)"
        default: "\(rawValue)(x, n)"
        }
    }
}
