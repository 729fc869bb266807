// All rows of an upload in file order, merged from the parser chunks: asset ids remapped to the
// byte-wise sorted asset list, problems gathered in line order. Rows keep no line numbers (that would
// cost a column written per row); the rare error that needs one rescans the bytes (`lines(ofRows:)`).

/// Every accepted row, unsorted. Valid only while the parsed bytes are.
struct ParsedRows {
    let layout: IngestLayout
    var timestamps: [Int64]
    /// Per row: index into `assetNames` (bars only; empty for context uploads).
    var assets: [Int32]
    var columns: [[Double]]
    /// Asset names sorted ascending byte-wise.
    let assetNames: [String]
    /// Per row: index into `labelNames` (signals uploads only).
    var labels: [Int32]
    /// Signal names sorted ascending byte-wise.
    let labelNames: [String]
    /// Per row: when the value became known, `Int64.min` for "at its timestamp" (signals uploads
    /// with an `available_at` column only).
    var availableAt: [Int64]
    /// The data lines (after the header) and the physical line number of the first.
    private let dataStart: UnsafePointer<UInt8>
    private let dataEnd: UnsafePointer<UInt8>
    private let firstDataLine: Int

    /// Merges chunks (in file order, emptied on the way), throwing the problems they found, or
    /// `empty_body` for no rows. `dataStart ..< dataEnd` are the bytes the chunks cover.
    init(
        merging chunks: inout [ParsedChunk], layout: IngestLayout,
        data dataStart: UnsafePointer<UInt8>, _ dataEnd: UnsafePointer<UInt8>, firstDataLine: Int
    ) throws(IngestError) {
        var problems = ProblemList()
        var line = firstDataLine
        for chunk in chunks {
            var found = chunk.problems
            found.offsetLines(by: line)
            problems.append(contentsOf: found)
            if chunk.problems.isFull { break }
            line += chunk.lineCount
        }
        guard problems.isEmpty else { throw problems.error() }
        guard chunks.contains(where: { $0.rowCount > 0 }) else { throw IngestError(.noRows()) }

        let (names, idMaps) = Self.sortedNames(chunks.map(\.assetNames))
        let (labelNames, labelMaps) = Self.sortedNames(chunks.map(\.labelNames))

        // Chunks are swapped out of the array so that each column buffer is uniquely owned and
        // grows in place (chunk 0 reserved room for every row).
        var first = ParsedChunk(slotCount: 0, reserving: 0, hasAssets: false)
        swap(&first, &chunks[0])
        Self.remap(&first.assets, idMaps[0])
        Self.remap(&first.labels, labelMaps[0])
        for k in chunks.indices.dropFirst() {
            var chunk = ParsedChunk(slotCount: 0, reserving: 0, hasAssets: false)
            swap(&chunk, &chunks[k])
            Self.remap(&chunk.assets, idMaps[k])
            Self.remap(&chunk.labels, labelMaps[k])
            first.timestamps.append(contentsOf: chunk.timestamps)
            first.assets.append(contentsOf: chunk.assets)
            first.labels.append(contentsOf: chunk.labels)
            first.availableAt.append(contentsOf: chunk.availableAt)
            for slot in first.columns.indices { first.columns[slot].append(contentsOf: chunk.columns[slot]) }
        }
        self.layout = layout
        self.timestamps = first.timestamps
        self.assets = first.assets
        self.columns = first.columns
        self.assetNames = names
        self.labels = first.labels
        self.labelNames = labelNames
        self.availableAt = first.availableAt
        self.dataStart = dataStart
        self.dataEnd = dataEnd
        self.firstDataLine = firstDataLine
    }

    /// Number of rows.
    var count: Int { timestamps.count }

    /// Physical line numbers of the given file-order rows (for error messages only; O(bytes)).
    ///
    /// Valid because rows are only merged when no line had a problem, so row `r` is the `r`-th
    /// non-blank data line.
    func lines(ofRows rows: Set<Int>) -> [Int: Int] {
        var result: [Int: Int] = [:]
        var p = dataStart
        var line = firstDataLine
        var row = 0
        while p < dataEnd && result.count < rows.count {
            var end = p
            while end < dataEnd && end.pointee != UInt8(ascii: "\n") { end += 1 }
            var content = end
            if content > p && content[-1] == UInt8(ascii: "\r") { content -= 1 }
            if !CSVFields.isBlank(UnsafeBufferPointer(start: p, count: content - p)) {
                if rows.contains(row) { result[row] = line }
                row += 1
            }
            line += 1
            p = end < dataEnd ? end + 1 : dataEnd
        }
        return result
    }

    /// The union of the chunks' names sorted ascending byte-wise, and per chunk its local id to the
    /// sorted index.
    private static func sortedNames(_ local: [[String]]) -> ([String], [[Int32]]) {
        let names = Array(Set(local.joined())).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var globalID: [String: Int32] = [:]
        for (i, name) in names.enumerated() { globalID[name] = Int32(i) }
        return (names, local.map { $0.map { globalID[$0]! } })
    }

    private static func remap(_ ids: inout [Int32], _ map: [Int32]) {
        map.withUnsafeBufferPointer { map in
            ids.withUnsafeMutableBufferPointer { ids in
                for i in ids.indices { ids[i] = map[Int(ids[i])] }
            }
        }
    }
}
