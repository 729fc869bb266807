// All rows of an upload in file order, merged from the parser chunks: asset ids remapped to the
// byte-wise sorted asset list, problems gathered in line order. Rows keep no line numbers (that would
// cost a column written per row); the rare error that needs one derives it from the blank lines
// skipped (`lines(ofRows:)`), so the bytes need not be kept.

/// Every accepted row, unsorted.
struct ParsedRows: Sendable {
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
    /// The physical line number of the first data line (after the header).
    private let firstDataLine: Int
    /// Per blank data line, the number of rows before it (ascending).
    private let blankLinesAfterRows: [Int]

    /// Merges chunks (in file order, emptied on the way), throwing the problems they found, or
    /// `empty_body` for no rows. The chunks' lines begin at physical line `firstDataLine`.
    init(merging chunks: inout [ParsedChunk], layout: IngestLayout, firstDataLine: Int) throws(IngestError) {
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
        var blanks: [Int] = []
        var rowsBefore = 0
        for chunk in chunks {
            blanks.append(contentsOf: chunk.blankLinesAfterRows.lazy.map { $0 + rowsBefore })
            rowsBefore += chunk.rowCount
        }
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
        self.firstDataLine = firstDataLine
        self.blankLinesAfterRows = blanks
    }

    /// Number of rows.
    var count: Int { timestamps.count }

    /// Physical line numbers of the given file-order rows (for error messages only).
    ///
    /// Valid because rows are only merged when no line had a problem, so every data line is a row or
    /// blank: row `r` is on line `firstDataLine + r` plus the blank lines before it.
    func lines(ofRows rows: Set<Int>) -> [Int: Int] {
        var result: [Int: Int] = [:]
        for row in rows {
            // Blank lines with at most `row` rows before them come before row `row`.
            var low = 0
            var high = blankLinesAfterRows.count
            while low < high {
                let middle = (low + high) / 2
                if blankLinesAfterRows[middle] <= row { low = middle + 1 } else { high = middle }
            }
            result[row] = firstDataLine + row + low
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
