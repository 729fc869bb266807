// The Sharpe ratio over a moving window of sessions, quantstats' `rolling_sharpe` convention.

/// The annualized Sharpe ratio of the last `window` sessions at each session's end.
public struct RollingSharpe: Sendable, Equatable {
    /// Sessions per window.
    public let window: Int
    /// End timestamp of each session from the `window`-th on.
    public let timestamps: [Int64]
    /// `mean(x) / std(x) × sqrt(P)` over the window's excess returns `x = r - rf_s`; NaN when the
    /// window has no variance.
    public let values: [Double]

    /// The rolling ratio of `returns` (empty when there are fewer sessions than `window`, which must
    /// be at least 2).
    public init(_ returns: SessionReturns, window: Int, settings: AnalyticsSettings) {
        precondition(window >= 2, "a rolling Sharpe ratio needs windows of at least two sessions")
        self.window = window
        let rf = settings.sessionRiskFree
        let x = returns.values.map { $0 - rf }
        let annualizer = settings.periodsPerYear.squareRoot()
        var timestamps: [Int64] = []
        var values: [Double] = []
        if x.count >= window {
            for end in (window - 1)..<x.count {
                // Each window from scratch: O(n × window), exact as the two-pass formula, and cheap at
                // session granularity.
                let slice = Array(x[(end - window + 1)...end])
                let sd = SampleStatistics.standardDeviation(slice)
                timestamps.append(returns.timestamps[end])
                values.append(sd > 0 ? SampleStatistics.mean(slice) / sd * annualizer : .nan)
            }
        }
        self.timestamps = timestamps
        self.values = values
    }
}
