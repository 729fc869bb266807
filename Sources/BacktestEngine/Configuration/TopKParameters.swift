// The top_k template's parameters: rank the assets by a signal on a rebalance schedule, hold the best
// k (and, in a margin account, short the worst short_k) at target weights.

/// When the top_k template rebalances: on the close of the bars it names.
public enum RebalanceSchedule: Sendable, Equatable {
    /// Bars `t = 0, n, 2n, …` (bar indices into the distinct timestamps); `n >= 1`.
    case everyBars(Int)
    /// The first bar of each UTC calendar period: bar 0, and every bar whose period differs from the
    /// previous bar's. Only the bar's own timestamp and the one before it decide, so a decision never
    /// waits for, or looks at, a later bar.
    case calendar(CalendarPeriod)
}

/// A UTC calendar period.
public enum CalendarPeriod: String, Sendable, CaseIterable {
    /// A UTC date.
    case day
    /// An ISO week: Monday 00:00 UTC to the next Monday.
    case week
    /// A calendar month.
    case month
}

/// How the top_k template splits a side's book (`fraction × equity`) among the assets it chose.
public enum TopKWeighting: Sendable, Equatable {
    /// `1 / k` each (`1 / short_k` on the short side), also when fewer were chosen: the rest stays cash.
    case equal
    /// In proportion to the signal among the chosen longs (the signal's negative among the chosen
    /// shorts); a chosen long whose signal is not above 0 (a short not below 0) gets no weight.
    case signal
    /// In proportion to `1 / σ` among the chosen, `σ` the sample standard deviation (n − 1) of the
    /// asset's last `lookback` close-to-close returns `close[s] / close[s−1] − 1` over its own rows,
    /// ending at the decision bar. Assets whose `σ` is missing (fewer than `lookback + 1` closes) or 0
    /// are not candidates.
    case inverseVolatility(lookback: Int)
}

/// Parameters of the top_k template.
///
/// On each rebalance bar `t`, decided on its close: the candidates are the bar's assets with a
/// finite signal (and, for `inverseVolatility`, a volatility), ranked by signal descending, ties by
/// ascending asset. The longs are the first `k`, except that a held long ranked within
/// `k + rankBuffer` stays (the best of them first, at most `k`) and the best of the rest fill the
/// other places. With `shortK`, the shorts are chosen the same way from the candidates left, ranked
/// by signal ascending, ties by ascending asset. `E` is the equity marked at `close[t]`; a chosen
/// asset's value is `fraction × E × weight` (for `equal`, exactly `fraction × E / k`), capped at
/// `maxWeight × E`, and its target `floor(value / close[t])` shares (negative for a short; rounded
/// down to what the account trades), every other asset's 0. Orders are the target minus the
/// position, market orders that fill like any other (at the next open by default, sells before
/// buys, ascending asset, a buy that cannot be paid rejected whole); working orders of the strategy
/// are cancelled first. Between rebalance bars it does nothing.
public struct TopKParameters: Sendable, Equatable {
    /// The column to rank by (a signal column or a bar field).
    public var signal: String
    /// How many assets to hold long, >= 1.
    public var k: Int
    /// When to rebalance.
    public var rebalance: RebalanceSchedule
    /// How each side's book is split.
    public var weighting: TopKWeighting
    /// Each side's book as a fraction of equity, > 0 (above 1 borrows, in a margin account).
    public var fraction: Double
    /// How many assets to hold short (a margin account only); nil: long only.
    public var shortK: Int?
    /// Ranks beyond `k` (or `shortK`) a held asset may slip to and stay chosen, >= 0.
    public var rankBuffer: Int
    /// The largest value of one asset as a fraction of equity, > 0; what is cut stays cash. nil: no cap.
    public var maxWeight: Double?

    /// Creates top_k parameters; the defaults are equal weights, 95 % of equity, long only.
    public init(
        signal: String, k: Int, rebalance: RebalanceSchedule, weighting: TopKWeighting = .equal,
        fraction: Double = 0.95, shortK: Int? = nil, rankBuffer: Int = 0, maxWeight: Double? = nil
    ) {
        self.signal = signal
        self.k = k
        self.rebalance = rebalance
        self.weighting = weighting
        self.fraction = fraction
        self.shortK = shortK
        self.rankBuffer = rankBuffer
        self.maxWeight = maxWeight
    }
}

/// A parameter of the top_k template, as a validation problem names it.
public enum TopKField: Sendable, Equatable {
    /// `k`.
    case k
    /// The bar count of `RebalanceSchedule.everyBars`.
    case rebalanceEvery
    /// `fraction`.
    case fraction
    /// `shortK`.
    case shortK
    /// `rankBuffer`.
    case rankBuffer
    /// `maxWeight`.
    case maxWeight
    /// The lookback of `TopKWeighting.inverseVolatility`.
    case volLookback
}
