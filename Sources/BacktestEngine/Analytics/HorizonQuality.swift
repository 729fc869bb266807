// The quality of a signal at one horizon: information coefficients per timestamp and pooled, and
// the table by signal quantile, each with its definition.

/// A signal against the forward returns of one horizon.
///
/// The signal at a row is its value as the strategy read it at that bar (point in time, and
/// `signal_delay_bars` late); the forward return is `close[k + h] / close[k] - 1` over the asset's
/// own bars `k` and `k + h` (NaN for its last `h` bars). A pair is a row where both are finite.
/// Per timestamp, the information coefficient (IC) is the Pearson correlation across the assets'
/// pairs and the rank IC the Spearman correlation (ties ranked by their mean rank); timestamps with
/// fewer than three pairs, or without variance on either side, give none. `ic` is the mean over
/// the timestamps that gave one (alphalens' mean IC); `icStd` their sample standard deviation,
/// `icIR = ic / icStd`, `icT = ic / icStd × sqrt(periods)`. The pooled coefficients correlate every
/// pair at once (the only ones a single asset has). A statistic that is undefined is NaN.
public struct HorizonQuality: Sendable, Equatable {
    /// Bars ahead.
    public let horizon: Int
    /// Pairs.
    public let observations: Int
    /// Timestamps that gave an IC.
    public let periods: Int
    /// Mean per-timestamp Pearson IC.
    public let ic: Double
    /// Sample standard deviation of the per-timestamp IC.
    public let icStd: Double
    /// `ic / icStd`.
    public let icIR: Double
    /// `ic / icStd × sqrt(periods)`.
    public let icT: Double
    /// Mean per-timestamp Spearman (rank) IC.
    public let rankIC: Double
    /// Sample standard deviation of the per-timestamp rank IC.
    public let rankICStd: Double
    /// `rankIC / rankICStd`.
    public let rankICIR: Double
    /// `rankIC / rankICStd × sqrt(periods)`.
    public let rankICT: Double
    /// Pearson correlation of all pairs.
    public let pooledIC: Double
    /// Spearman correlation of all pairs.
    public let pooledRankIC: Double
    /// The pairs by signal quantile, lowest signals first.
    public let quantiles: [QuantileQuality]
}

/// The pairs of one signal quantile. Quantiles are over all pairs at once: a pair whose signal has
/// `c` pairs strictly below it, of `N`, is in quantile `min(q, ⌊q × c / N⌋ + 1)`, so equal signals
/// share a quantile (which can leave one empty).
public struct QuantileQuality: Sendable, Equatable {
    /// 1 (lowest signals) ... q.
    public let quantile: Int
    /// Pairs in the quantile.
    public let count: Int
    /// The lowest and highest signal in it; NaN when empty.
    public let minSignal: Double
    /// The highest signal in it; NaN when empty.
    public let maxSignal: Double
    /// Mean signal; NaN when empty.
    public let meanSignal: Double
    /// Mean forward return; NaN when empty.
    public let meanForwardReturn: Double
    /// Pairs with a forward return > 0 over pairs; NaN when empty.
    public let hitRate: Double
}
