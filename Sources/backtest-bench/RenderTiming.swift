// Times CSV rendering of a result's tables: the bulk serialization behind result downloads
// (a minute backtest's CSV runs to hundreds of MB), once per `?precision=` form, so a change to the
// number formatting shows up here as MB/s.
import BacktestEngine
import BacktestService

/// CSV rendering throughput of a finished result.
enum RenderTiming {
    /// One timed rendering of every table of `result` in `precision`: megabytes of CSV per second,
    /// and the bytes written.
    static func rate(of result: BacktestResult, precision: Precision) -> (rate: Double, bytes: Int) {
        let start = ContinuousClock.now
        var bytes = 0
        for table in ResultTable.allCases { bytes += table.csv(of: result, precision: precision).count }
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        return (Double(bytes) / 1e6 / seconds, bytes)
    }
}
