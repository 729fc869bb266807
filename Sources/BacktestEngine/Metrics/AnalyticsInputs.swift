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
        var lastCloses = [Double](repeating: .nan, count: data.assets.count)
        for row in data.asset.indices { lastCloses[Int(data.asset[row])] = data.close[row] }
        self.lastCloses = lastCloses
    }
}
