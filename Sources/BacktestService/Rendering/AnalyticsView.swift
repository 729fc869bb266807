// The analytics views of a succeeded backtest (attribution, drawdowns, monthly returns, rolling
// Sharpe, signal quality), named as their routes.

/// An analytics view of a backtest, named as its route's last path segment.
public enum AnalyticsView: String, CaseIterable, Sendable {
    case attribution, drawdowns
    case monthlyReturns = "monthly-returns"
    case rollingSharpe = "rolling-sharpe"
    case signalQuality = "signal-quality"

    /// The view's key in a job's `links`.
    var linkName: String { rawValue.replacingOccurrences(of: "-", with: "_") }
}
