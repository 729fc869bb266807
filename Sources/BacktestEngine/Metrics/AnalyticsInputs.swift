// What the statistics of a run need from its data besides the simulation's records: the settings,
// the benchmark's level at every bar, and each asset's last close. Resolved once when the run is
// prepared, so finishing it reads no data.

/// The data-side inputs of a run's statistics.
struct AnalyticsInputs: Sendable {
    let settings: AnalyticsSettings
    /// The benchmark's level at every bar; nil without a benchmark.
    let benchmark: BenchmarkLevels?
    /// Each asset's last close in the data (NaN for an asset without rows).
    let lastCloses: [Double]

    init(data: MarketData, context: ContextSeries?, settings: AnalyticsSettings) {
        self.settings = settings
        benchmark = settings.benchmark.map { BenchmarkLevels($0, data: data, context: context) }
        // From the last row back, until every asset has been met: usually the last bar's rows only
        // (a pass over every row was a twentieth of a canonical run).
        var lastCloses = [Double](repeating: .nan, count: data.assets.count)
        var missing = data.assets.count
        var row = data.rowCount - 1
        while row >= 0 && missing > 0 {
            let asset = Int(data.asset[row])
            if lastCloses[asset].isNaN {
                lastCloses[asset] = data.close[row]
                missing -= 1
            }
            row -= 1
        }
        self.lastCloses = lastCloses
    }
}
