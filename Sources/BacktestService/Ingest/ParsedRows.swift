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
        var merger = ChunkMerger(firstDataLine: firstDataLine)
        for k in chunks.indices {
            var chunk = ParsedChunk(slotCount: 0, reserving: 0, hasAssets: false)
            swap(&chunk, &chunks[k])
            merger.append(chunk)
        }
        self = try merger.rows(layout: layout)
    }

    /// Rows already merged (`ChunkMerger`).
    init(
        layout: IngestLayout, timestamps: [Int64], assets: [Int32], columns: [[Double]], assetNames: [String],
        labels: [Int32], labelNames: [String], availableAt: [Int64], firstDataLine: Int, blankLinesAfterRows: [Int]
    ) {
        self.layout = layout
        self.timestamps = timestamps
        self.assets = assets
        self.columns = columns
        self.assetNames = assetNames
        self.labels = labels
        self.labelNames = labelNames
        self.availableAt = availableAt
        self.firstDataLine = firstDataLine
        self.blankLinesAfterRows = blankLinesAfterRows
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
}
