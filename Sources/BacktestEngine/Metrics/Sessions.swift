// The rule that cuts a run's bars into trading sessions, the unit every per-period statistic is
// sampled and annualized by (instead of UTC dates, which split a session that crosses midnight).

/// The trading sessions of a run: maximal runs of consecutive bars with no break between them.
///
/// Bar `i > 0` starts a new session when either
/// - the gap `t[i] - t[i-1]` is at least the session gap (`AnalyticsSettings.sessionGap`, else
///   `defaultGap`: five median bar intervals, and at least an hour), or
/// - it is a day or more after the session's first bar (`t[i] - t[first] >= 86,400`).
///
/// So minute bars of an exchange day form one session even when it crosses UTC midnight (the
/// overnight break ends it); a futures session ends at its daily maintenance break; a market that
/// never closes (crypto) gets 24-hour sessions from the first bar; daily and lower-frequency bars
/// are each a session. A break inside a session at least as long as the gap (a long lunch break)
/// splits it: pass a larger `sessionGap`. A session is dated by the UTC date of its last bar.
public struct Sessions: Sendable, Equatable {
    /// Index of the last bar of each session, ascending; the last one is the run's last bar.
    public let lastBars: [Int]
    /// The gap, in seconds, that started new sessions.
    public let gap: Int64

    /// The sessions of bars at `timestamps` (strictly ascending); `gap` nil for `defaultGap`.
    public init(timestamps: [Int64], gap: Int64? = nil) {
        let gap = gap ?? Self.defaultGap(timestamps)
        self.gap = gap
        var lastBars: [Int] = []
        var first = timestamps.first ?? 0
        for i in timestamps.indices.dropFirst() {
            let t = timestamps[i]
            if t - timestamps[i - 1] >= gap || t - first >= Self.maxLength {
                lastBars.append(i - 1)
                first = t
            }
        }
        if !timestamps.isEmpty { lastBars.append(timestamps.count - 1) }
        self.lastBars = lastBars
    }

    /// A session lasts less than a day: 86,400 seconds after its first bar a new one starts.
    public static let maxLength: Int64 = 86_400
    /// The default gap is at least this long (an hour), so a lull in fine-grained bars does not end
    /// a session.
    public static let minimumDefaultGap: Int64 = 3_600

    /// `max(5 × median interval between consecutive bars, 1 hour)`; the median of an even count is
    /// the lower middle interval. An hour for fewer than two bars.
    public static func defaultGap(_ timestamps: [Int64]) -> Int64 {
        guard timestamps.count >= 2 else { return minimumDefaultGap }
        var intervals = (1..<timestamps.count).map { timestamps[$0] - timestamps[$0 - 1] }
        intervals.sort()
        let median = intervals[(intervals.count - 1) / 2]
        let (five, overflow) = median.multipliedReportingOverflow(by: 5)
        return max(overflow ? .max : five, minimumDefaultGap)
    }

    /// Number of sessions.
    public var count: Int { lastBars.count }

    /// The UTC date (days since 1970-01-01) a session ending at `timestamp` is dated by.
    public static func day(of timestamp: Int64) -> Int64 {
        let quotient = timestamp / 86_400
        return timestamp % 86_400 < 0 ? quotient - 1 : quotient
    }
}
