// Joins what a strategy reads onto the bars so that bar `t` sees only what was known at `t`:
// context columns as-of per column with an availability lag, signal datasets by when each value
// became known, and a delay of N of the asset's own bars for inference latency. Each join runs once,
// before the loop, into a plain array the loop indexes.

/// Point-in-time joins onto the bar timeline.
enum PointInTime {
    /// Context column `column` as-of each bar timestamp: the last value that is not missing among
    /// the rows stamped at or before `timestamp - availableAfter`; NaN before the first. Per column,
    /// so a blank cell in a later row leaves the column's earlier value in force.
    ///
    /// `contextTimestamps` and `barTimestamps` ascend; one merge pass.
    static func contextColumn(
        _ column: [Double], contextTimestamps: [Int64], barTimestamps: [Int64], availableAfter: Int64
    ) -> [Double] {
        var aligned = [Double](repeating: .nan, count: barTimestamps.count)
        var next = 0
        var last = Double.nan
        for (t, timestamp) in barTimestamps.enumerated() {
            // `timestamp - lag` cannot overflow: timestamps are real dates and the lag is bounded.
            let known = timestamp - availableAfter
            while next < contextTimestamps.count && contextTimestamps[next] <= known {
                if !column[next].isNaN { last = column[next] }
                next += 1
            }
            aligned[t] = last
        }
        return aligned
    }

    /// Signal `k` of `series` on every row of `data`: at bar `t` each asset reads, among its rows
    /// known by `t`, the one about the latest timestamp (its latest revision); NaN until one is known.
    /// Assets of the series that the bars lack are ignored.
    static func signalColumn(_ series: SignalSeries, name k: Int, onto data: MarketData) -> [Double] {
        let rows = series.rows(ofName: k)
        // The series' asset index to the bars' (-1: not traded).
        var dataAsset: [String: Int32] = [:]
        for (i, asset) in data.assets.enumerated() { dataAsset[asset] = Int32(i) }
        let assetMap = series.assets.map { dataAsset[$0] ?? -1 }
        // The rows in the order they become known; a stable sort keeps (asset, timestamp, revision)
        // order among rows known at the same instant, so the later revision is applied last.
        let order = rows.sorted { a, b in
            series.availableAt[a] != series.availableAt[b] ? series.availableAt[a] < series.availableAt[b] : a < b
        }
        var currentTimestamp = [Int64](repeating: .min, count: data.assets.count)
        var current = [Double](repeating: .nan, count: data.assets.count)
        var out = [Double](repeating: .nan, count: data.rowCount)
        var next = 0
        for t in data.timestamps.indices {
            let now = data.timestamps[t]
            while next < order.count && series.availableAt[order[next]] <= now {
                let row = order[next]
                next += 1
                let asset = Int(assetMap[Int(series.asset[row])])
                // A newer value replaces the current one; an older one that arrives late does not.
                guard asset >= 0, series.timestamp[row] >= currentTimestamp[asset] else { continue }
                currentTimestamp[asset] = series.timestamp[row]
                current[asset] = series.value[row]
            }
            for row in data.rowStart[t]..<data.rowStart[t + 1] {
                out[row] = current[Int(data.asset[row])]
            }
        }
        return out
    }

    /// `column` (per row of `data`) delayed by `bars` of each asset's own bars: the row of an asset's
    /// n-th bar reads the value of its (n - bars)-th; NaN on its first `bars` bars.
    static func delayed(_ column: [Double], by bars: Int, in data: MarketData) -> [Double] {
        guard bars > 0 else { return column }
        // Per asset, the last `bars` values in a ring, and how many the asset has seen.
        var ring = [Double](repeating: .nan, count: data.assets.count * bars)
        var seen = [Int](repeating: 0, count: data.assets.count)
        var out = [Double](repeating: .nan, count: column.count)
        for row in column.indices {
            let asset = Int(data.asset[row])
            let slot = asset * bars + seen[asset] % bars
            if seen[asset] >= bars { out[row] = ring[slot] }
            ring[slot] = column[row]
            seen[asset] += 1
        }
        return out
    }
}
