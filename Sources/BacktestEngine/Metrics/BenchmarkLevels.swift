// The benchmark's level at every bar of a run (an asset's last close, or a context column as-of),
// resolved once when the run is prepared.

/// A benchmark's level at each bar timestamp of a run; NaN before its first value.
struct BenchmarkLevels: Sendable {
    let values: [Double]

    /// The levels of `benchmark` on `data`'s timeline; the configuration was validated, so the
    /// asset or column exists.
    init(_ benchmark: Benchmark, data: MarketData, context: ContextSeries?) {
        switch benchmark {
        case .asset(let name):
            let asset = Int32(data.assets.firstIndex(of: name) ?? -1)
            var values = [Double](repeating: .nan, count: data.timestamps.count)
            var last = Double.nan
            for t in data.timestamps.indices {
                for row in data.rowStart[t]..<data.rowStart[t + 1] where data.asset[row] == asset {
                    last = data.close[row]
                }
                values[t] = last
            }
            self.values = values
        case .context(let name):
            guard let context, let k = context.names.firstIndex(of: name) else {
                self.values = [Double](repeating: .nan, count: data.timestamps.count)
                return
            }
            self.values = PointInTime.contextColumn(
                context.columns[k], contextTimestamps: context.timestamps, barTimestamps: data.timestamps,
                availableAfter: 0)
        }
    }
}
