// The last step of a signals upload: availability defaulted and raised to each row's timestamp, rows
// put in (name, asset, timestamp, available_at) order, duplicates reported with both lines, and the
// engine's `SignalSeries` built.

import BacktestEngine

extension CSVIngest {
    /// Parses signals in long format: header `timestamp`, `asset`, `name`, `value` and optionally
    /// `available_at` (any order, nothing else). One value per row; an empty `value` (or `NaN`) is a
    /// missing value that, once known, withdraws the asset's earlier value of that signal. An empty or
    /// absent `available_at` means "known at its timestamp"; one before the timestamp counts as the
    /// timestamp. Each (timestamp, asset, name, available_at) may appear once; the same (timestamp,
    /// asset, name) at a later `available_at` is a revision.
    public static func signals(_ bytes: UnsafeRawBufferPointer) throws(IngestError) -> SignalSeries {
        try signals(bytes, parallelism: defaultParallelism(byteCount: bytes.count))
    }

    /// `signals(_:)` with an explicit number of parser threads.
    static func signals(_ bytes: UnsafeRawBufferPointer, parallelism: Int) throws(IngestError) -> SignalSeries {
        try signalSeries(from: parseRows(bytes, kind: .signals, parallelism: parallelism))
    }

    /// Sorts, checks and packs signal rows into a `SignalSeries`.
    static func signalSeries(from rows: consuming ParsedRows) throws(IngestError) -> SignalSeries {
        let n = rows.count
        let timestamps = rows.timestamps
        var known = rows.availableAt.isEmpty ? timestamps : rows.availableAt
        for i in 0..<n where known[i] < timestamps[i] { known[i] = timestamps[i] }
        let labels = rows.labels
        let assets = rows.assets
        let order = Self.signalOrder(labels, assets, timestamps, known)
        var duplicates: [(first: Int, second: Int)] = []
        for i in order.indices.dropFirst() {
            let a = Int(order[i - 1])
            let b = Int(order[i])
            if labels[a] == labels[b] && assets[a] == assets[b] && timestamps[a] == timestamps[b]
                && known[a] == known[b]
            {
                duplicates.append((a, b))
                if duplicates.count > IngestError.maximumProblems { break }
            }
        }
        if !duplicates.isEmpty {
            let lines = rows.lines(ofRows: Set(duplicates.flatMap { [$0.first, $0.second] }))
            var problems = ProblemList()
            for pair in duplicates.sorted(by: { $0.second < $1.second }) {
                let row = pair.second
                problems.append(
                    .duplicateSignal(
                        line: lines[row]!, firstLine: lines[pair.first]!, name: rows.labelNames[Int(labels[row])],
                        asset: rows.assetNames[Int(assets[row])], timestamp: timestamps[row], availableAt: known[row]))
            }
            throw problems.error()
        }
        let valueSlot = rows.layout.valueSlots[0]
        return SignalSeries(
            assets: rows.assetNames, names: rows.labelNames, name: RowOrder.gather(labels, order),
            asset: RowOrder.gather(assets, order), timestamp: RowOrder.gather(timestamps, order),
            availableAt: RowOrder.gather(known, order), value: RowOrder.gather(rows.columns[valueSlot], order))
    }

    /// Row indices in ascending (name, asset, timestamp, available_at, row) order. Rows usually come
    /// grouped by timestamp (one line per asset and model per bar), so this is a real sort, over row
    /// indices, by a comparator; once per upload.
    private static func signalOrder(
        _ labels: [Int32], _ assets: [Int32], _ timestamps: [Int64], _ known: [Int64]
    ) -> [Int32] {
        var order = (0..<labels.count).map { Int32($0) }
        labels.withUnsafeBufferPointer { labels in
            assets.withUnsafeBufferPointer { assets in
                timestamps.withUnsafeBufferPointer { timestamps in
                    known.withUnsafeBufferPointer { known in
                        order.sort { x, y in
                            let a = Int(x)
                            let b = Int(y)
                            if labels[a] != labels[b] { return labels[a] < labels[b] }
                            if assets[a] != assets[b] { return assets[a] < assets[b] }
                            if timestamps[a] != timestamps[b] { return timestamps[a] < timestamps[b] }
                            if known[a] != known[b] { return known[a] < known[b] }
                            return a < b
                        }
                    }
                }
            }
        }
        return order
    }
}
