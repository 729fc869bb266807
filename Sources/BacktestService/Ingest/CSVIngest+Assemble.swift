// The last step of ingest: rows in (timestamp, asset) order, duplicates reported with both lines,
// defaults filled in, and the engine's `MarketData` / `ContextSeries` built.

import BacktestEngine

extension CSVIngest {
    /// Sorts, checks and packs bar rows into `MarketData`.
    static func marketData(from rows: consuming ParsedRows) throws(IngestError) -> MarketData {
        let layout = rows.layout
        try putInOrder(&rows) { rows, line, first, second in
            .duplicateBar(
                line: line[second]!, firstLine: line[first]!,
                asset: rows.assetNames[Int(rows.assets[second])], timestamp: rows.timestamps[second])
        }
        let n = rows.count
        var distinct: [Int64] = []
        var rowStart: [Int] = []
        rows.timestamps.withUnsafeBufferPointer { ts in
            for i in 0..<n where i == 0 || ts[i] != ts[i - 1] {
                distinct.append(ts[i])
                rowStart.append(i)
            }
        }
        rowStart.append(n)
        let close = rows.columns[layout.close!]
        return MarketData(
            assets: rows.assetNames, timestamps: distinct, rowStart: rowStart, asset: rows.assets,
            open: layout.open.map { rows.columns[$0] } ?? close,
            high: layout.high.map { rows.columns[$0] } ?? close,
            low: layout.low.map { rows.columns[$0] } ?? close,
            close: close,
            volume: layout.volume.map { rows.columns[$0] } ?? Array(repeating: 0, count: n),
            signalNames: layout.valueNames, signals: layout.valueSlots.map { rows.columns[$0] },
            fields: BarFields(
                [(layout.open, BarFields.open), (layout.high, .high), (layout.low, .low), (layout.volume, .volume)]
                    .compactMap { $0.0 == nil ? nil : $0.1 }))
    }

    /// Sorts, checks and packs context rows into a `ContextSeries`.
    static func contextSeries(from rows: consuming ParsedRows) throws(IngestError) -> ContextSeries {
        try putInOrder(&rows) { rows, line, first, second in
            .duplicateTimestamp(line: line[second]!, firstLine: line[first]!, timestamp: rows.timestamps[second])
        }
        return ContextSeries(
            timestamps: rows.timestamps, names: rows.layout.valueNames,
            columns: rows.layout.valueSlots.map { rows.columns[$0] })
    }

    /// Leaves the rows strictly ascending by (timestamp, asset), or throws one problem per duplicate
    /// (made by `duplicate` from the rows, their line numbers, and the earlier and the later row).
    private static func putInOrder(
        _ rows: inout ParsedRows,
        duplicate: (_ rows: ParsedRows, _ lines: [Int: Int], _ first: Int, _ second: Int) -> IngestProblem
    ) throws(IngestError) {
        if RowOrder.isStrictlyAscending(rows.timestamps, rows.assets) { return }
        let order = RowOrder.permutation(rows.timestamps, rows.assets, assetCount: rows.assetNames.count)
        let pairs = RowOrder.duplicates(rows.timestamps, rows.assets, order: order, limit: 100_000)
        if !pairs.isEmpty {
            // Rows of equal key are in file order within `order`, so `second` is the later line.
            let earliest = pairs.sorted { $0.second < $1.second }.prefix(IngestError.maximumProblems + 1)
            let lines = rows.lines(ofRows: Set(earliest.flatMap { [$0.first, $0.second] }))
            var problems = ProblemList()
            for pair in earliest { problems.append(duplicate(rows, lines, pair.first, pair.second)) }
            throw problems.error()
        }
        rows.timestamps = RowOrder.gather(rows.timestamps, order)
        if !rows.assets.isEmpty { rows.assets = RowOrder.gather(rows.assets, order) }
        for slot in rows.columns.indices { rows.columns[slot] = RowOrder.gather(rows.columns[slot], order) }
    }
}
