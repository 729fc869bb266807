// What a sweep's results table and report read of each child: its status, progress, summary and
// error, without its spec. The embedded store reads these columns alone (the initial cash taken out
// of the stored spec by SQLite), so a 10,000-row table no longer decodes 10,000 specs.
import BacktestEngine

/// One child of a sweep, as its results row needs it.
public struct SweepChild: Sendable {
    /// `bt_…`
    public var id: String
    /// Where the child is in its life.
    public var status: JobStatus
    /// 0…1; a running child's live progress when read through the scheduler.
    public var progress: Double
    /// The spec's starting cash (the summary's `initial_cash`).
    public var initialCash: Double
    /// The summary of a succeeded child.
    public var summary: Metrics?
    /// Bars processed, once succeeded.
    public var bars: Int?
    /// A failed child's error code.
    public var errorCode: String?

    /// The child's summary statistics (see `BacktestRecord.summaryStatistics`).
    var statistics: [(name: String, value: Double?, unit: MetricUnit)]? {
        summary.map { BacktestRecord.summaryStatistics($0, initialCash: initialCash, bars: bars) }
    }
}

extension BacktestRecord {
    /// The record as a results row reads it.
    var sweepChild: SweepChild {
        SweepChild(
            id: id, status: status, progress: progress, initialCash: spec.configuration.initialCash, summary: summary,
            bars: bars, errorCode: error?.code)
    }
}
