// Simple returns of the equity curve sampled at the end of each session (`Sessions`): the series
// every per-period statistic, the monthly table and the rolling Sharpe ratio are computed from.

/// The return of each session: equity at the session's last bar over equity at the previous one.
///
/// `r[0] = E[end of session 0] / initialCash - 1`, `r[k] = E[end of k] / E[end of k - 1] - 1`.
public struct SessionReturns: Sendable, Equatable {
    /// Timestamp of each session's last bar.
    public let timestamps: [Int64]
    /// The session returns, one per session.
    public let values: [Double]

    /// Returns from values already computed (tests, hand-made series).
    public init(values: [Double], timestamps: [Int64]? = nil) {
        self.values = values
        self.timestamps = timestamps ?? values.indices.map { Int64($0) * 86_400 }
    }

    /// The session returns of an equity curve.
    public init(equity: [EquityPoint], initialCash: Double, sessions: Sessions) {
        var timestamps: [Int64] = []
        var values: [Double] = []
        timestamps.reserveCapacity(sessions.count)
        values.reserveCapacity(sessions.count)
        var previous = initialCash
        for bar in sessions.lastBars {
            let point = equity[bar]
            timestamps.append(point.timestamp)
            values.append(point.equity / previous - 1)
            previous = point.equity
        }
        self.timestamps = timestamps
        self.values = values
    }

    /// The session returns of a finished run under `settings`' session rule.
    public init(_ result: BacktestResult, initialCash: Double, settings: AnalyticsSettings) {
        let sessions = Sessions(timestamps: result.equity.map(\.timestamp), gap: settings.sessionGap)
        self.init(equity: result.equity, initialCash: initialCash, sessions: sessions)
    }

    /// Number of sessions.
    public var count: Int { values.count }
}
