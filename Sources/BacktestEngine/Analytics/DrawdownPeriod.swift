// The drawdown periods of an equity curve: each stretch of bars below the running peak, with its
// peak, trough, depth and recovery.

/// One stretch of consecutive bars with drawdown > 0 (equity below the running peak
/// `max(initialCash, max equity so far)`, as `EquityPoint.drawdown` measures it).
public struct DrawdownPeriod: Sendable, Equatable {
    /// The last bar at the peak before the decline; nil when the peak is the initial cash and no
    /// bar before `start` reached it.
    public let peak: Int64?
    /// The first bar below the peak.
    public let start: Int64
    /// The bar of the largest drawdown (the first of several equal ones).
    public let trough: Int64
    /// The last bar below the peak (the run's last bar when it never recovered).
    public let end: Int64
    /// The first bar back at or above the peak; nil when the run ended below it.
    public let recovery: Int64?
    /// The running peak the period is measured from.
    public let peakEquity: Double
    /// Equity at the trough.
    public let troughEquity: Double
    /// The largest drawdown of the period, `1 - troughEquity / peakEquity` (as the bar's
    /// `EquityPoint.drawdown`).
    public let depth: Double
    /// Bars below the peak, `start` through `end`.
    public let bars: Int

    /// Every drawdown period of `equity`, in time order.
    public static func periods(of equity: [EquityPoint], initialCash: Double) -> [DrawdownPeriod] {
        var periods: [DrawdownPeriod] = []
        var peak = initialCash
        var peakBar: Int?
        var i = 0
        while i < equity.count {
            let point = equity[i]
            guard point.drawdown > 0 else {
                if point.equity >= peak {
                    peak = point.equity
                    peakBar = i
                }
                i += 1
                continue
            }
            let start = i
            var trough = i
            while i < equity.count && equity[i].drawdown > 0 {
                if equity[i].drawdown > equity[trough].drawdown { trough = i }
                i += 1
            }
            periods.append(
                DrawdownPeriod(
                    peak: peakBar.map { equity[$0].timestamp }, start: point.timestamp,
                    trough: equity[trough].timestamp, end: equity[i - 1].timestamp,
                    recovery: i < equity.count ? equity[i].timestamp : nil, peakEquity: peak,
                    troughEquity: equity[trough].equity, depth: equity[trough].drawdown, bars: i - start))
        }
        return periods
    }
}
