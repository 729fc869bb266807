// ChunkMerger: parsed chunks appended, in file order, into one set of columns as each arrives, so a
// streamed upload merges while it is still being received instead of after. Asset and signal names
// get ids in the order first seen; `rows(layout:)` sorts the names byte-wise and renumbers once.
// Problems are gathered with their physical lines; once there is one, rows are no longer kept.

/// Appends chunks in file order; gives the merged rows or the problems found.
struct ChunkMerger: Sendable {
    private var problems = ProblemList()
    /// A chunk's own problem list was full: later chunks are not read (as a single parse would stop).
    private var stopped = false
    /// The physical line of the next chunk's first line.
    private(set) var nextLine: Int
    private let firstDataLine: Int
    /// The merged rows; asset and label ids index `assetNames` / `labelNames` (first-seen order).
    private var merged: ParsedChunk?
    private var assetNames: [String] = []
    private var assetIDs: [String: Int32] = [:]
    private var labelNames: [String] = []
    private var labelIDs: [String: Int32] = [:]
    private var blankLinesAfterRows: [Int] = []
    private var rowCount = 0

    /// An empty merge whose first chunk begins at physical line `firstDataLine`.
    init(firstDataLine: Int) {
        self.firstDataLine = firstDataLine
        nextLine = firstDataLine
    }

    /// Whether a problem was found so far.
    var hasProblems: Bool { !problems.isEmpty }

    /// Appends the next chunk in file order.
    mutating func append(_ chunk: consuming ParsedChunk) {
        guard !stopped else { return }
        var chunk = chunk
        var found = chunk.problems
        found.offsetLines(by: nextLine)
        problems.append(contentsOf: found)
        if chunk.problems.isFull {
            stopped = true
            return
        }
        nextLine += chunk.lineCount
        guard problems.isEmpty else {
            merged = nil
            return
        }
        let rowsBefore = rowCount
        blankLinesAfterRows.append(contentsOf: chunk.blankLinesAfterRows.lazy.map { $0 + rowsBefore })
        rowCount += chunk.rowCount
        Self.renumber(&chunk.assets, chunk.assetNames, into: &assetNames, &assetIDs)
        Self.renumber(&chunk.labels, chunk.labelNames, into: &labelNames, &labelIDs)
        guard var rows = merged.take() else {
            merged = chunk
            return
        }
        // Taken out of `merged` so that its buffers are uniquely owned and grow in place (the first
        // chunk reserved room for every row).
        rows.timestamps.append(contentsOf: chunk.timestamps)
        rows.assets.append(contentsOf: chunk.assets)
        rows.labels.append(contentsOf: chunk.labels)
        rows.availableAt.append(contentsOf: chunk.availableAt)
        for slot in rows.columns.indices { rows.columns[slot].append(contentsOf: chunk.columns[slot]) }
        merged = rows
    }

    /// Every row, asset and label ids renumbered to the byte-wise sorted names; or the problems, or
    /// `empty_body` for no rows.
    consuming func rows(layout: IngestLayout) throws(IngestError) -> ParsedRows {
        guard problems.isEmpty else { throw problems.error() }
        guard rowCount > 0, var rows = merged.take() else { throw IngestError(.noRows()) }
        let names = Self.sortInPlace(&rows.assets, assetNames)
        let labels = Self.sortInPlace(&rows.labels, labelNames)
        return ParsedRows(
            layout: layout, timestamps: rows.timestamps, assets: rows.assets, columns: rows.columns,
            assetNames: names, labels: rows.labels, labelNames: labels, availableAt: rows.availableAt,
            firstDataLine: firstDataLine, blankLinesAfterRows: blankLinesAfterRows)
    }

    /// Renumbers a chunk's local ids (indices into `local`) to first-seen ids over every chunk so far.
    private static func renumber(
        _ ids: inout [Int32], _ local: [String], into names: inout [String], _ known: inout [String: Int32]
    ) {
        var map: [Int32] = []
        map.reserveCapacity(local.count)
        for name in local {
            if let id = known[name] {
                map.append(id)
            } else {
                let id = Int32(names.count)
                known[name] = id
                names.append(name)
                map.append(id)
            }
        }
        guard map.indices.contains(where: { map[$0] != Int32($0) }) else { return } // already first-seen
        remap(&ids, map)
    }

    /// The names sorted ascending byte-wise, with `ids` renumbered to them.
    private static func sortInPlace(_ ids: inout [Int32], _ names: [String]) -> [String] {
        let order = names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        var map = [Int32](repeating: 0, count: names.count)
        for (sorted, firstSeen) in order.enumerated() { map[firstSeen] = Int32(sorted) }
        if map.indices.contains(where: { map[$0] != Int32($0) }) { remap(&ids, map) }
        return order.map { names[$0] }
    }

    private static func remap(_ ids: inout [Int32], _ map: [Int32]) {
        map.withUnsafeBufferPointer { map in
            ids.withUnsafeMutableBufferPointer { ids in
                for i in ids.indices { ids[i] = map[Int(ids[i])] }
            }
        }
    }
}
