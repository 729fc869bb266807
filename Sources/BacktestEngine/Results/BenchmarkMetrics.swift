// A run compared with its benchmark, session by session: alpha, beta, correlation, tracking error
// and information ratio, each with its convention.

/// Statistics of a run's session returns against its benchmark's.
///
/// The benchmark's level `L[k]` at session `k` is its last value at or before the session's last bar
/// (`Benchmark`); `L[-1]` is its value at the run's first bar. Its session return is
/// `b[k] = L[k] / L[k-1] - 1`. Only sessions where `b[k]` is finite (the benchmark had a value at
/// both ends) are paired with the run's `r[k]`; every statistic here is over those `m` pairs. With
/// `x = r - rf_s`, `y = b - rf_s` and `a = r - b` (see `Metrics` for `rf_s` and `P`); a statistic that
/// is undefined is NaN.
public struct BenchmarkMetrics: Sendable {
    /// Paired sessions, `m`.
    public var sessions: Int
    /// The benchmark's compounded return over the paired sessions, `Π (1 + b) - 1`.
    public var totalReturn: Double
    /// `cov(x, y) / var(y)` (the slope of the excess returns on the benchmark's; empyrical's and
    /// quantstats' beta); NaN with fewer than two pairs or a benchmark without variance.
    public var beta: Double
    /// Annualized alpha, empyrical's convention: `(1 + mean(x - beta × y))^P - 1`. (quantstats'
    /// `greeks` reports `P × mean(r - beta × b)` instead: simple, and without the risk-free rate.)
    public var alpha: Double
    /// Pearson correlation of `r` and `b`; NaN with fewer than two pairs or either without variance.
    public var correlation: Double
    /// Annualized tracking error `std(a) × sqrt(P)`; NaN with fewer than two pairs.
    public var trackingError: Double
    /// Annualized information ratio `mean(a) / std(a) × sqrt(P)` (quantstats' `information_ratio`
    /// and empyrical's `excess_sharpe` are the same before the `sqrt(P)`); NaN when `std(a)` is 0.
    public var informationRatio: Double

    /// Creates benchmark statistics from precomputed values.
    public init(
        sessions: Int, totalReturn: Double, beta: Double, alpha: Double, correlation: Double,
        trackingError: Double, informationRatio: Double
    ) {
        self.sessions = sessions
        self.totalReturn = totalReturn
        self.beta = beta
        self.alpha = alpha
        self.correlation = correlation
        self.trackingError = trackingError
        self.informationRatio = informationRatio
    }
}
