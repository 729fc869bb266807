// The columns one parser thread produced from its share of the rows, before merging and sorting.

/// Rows parsed from one chunk of the upload, in file order.
struct ParsedChunk: Sendable {
    /// Per row: UTC epoch seconds.
    var timestamps: [Int64] = []
    /// Per row: chunk-local asset id (index into `assetNames`); empty for context uploads.
    var assets: [Int32] = []
    /// `columns[slot][row]`, one per numeric slot of the layout.
    var columns: [[Double]]
    /// Asset names in chunk-local id order.
    var assetNames: [String] = []
    /// Per row: chunk-local signal name id (index into `labelNames`); signals uploads only.
    var labels: [Int32] = []
    /// Signal names in chunk-local id order.
    var labelNames: [String] = []
    /// Per row: when the value became known, `Int64.min` for "at its timestamp"; signals uploads
    /// with an `available_at` column only.
    var availableAt: [Int64] = []
    /// Per blank line skipped, the number of rows accepted before it (ascending): with the lines
    /// counted, it gives every row's line number without a column of line numbers.
    var blankLinesAfterRows: [Int] = []
    /// Problems found, with chunk-relative 0-based line indices.
    var problems = ProblemList()
    /// Physical lines the chunk spans.
    var lineCount = 0
    /// Lines the slow path parsed (quoted cells, stray spaces, blank and bad lines); the rest took
    /// the fast path. For tests and diagnostics.
    var slowLineCount = 0

    /// Empty columns for `slotCount` numeric slots, with room for about `rows` rows.
    init(slotCount: Int, reserving rows: Int, hasAssets: Bool, hasLabels: Bool = false, hasAvailableAt: Bool = false) {
        columns = Array(repeating: [], count: slotCount)
        timestamps.reserveCapacity(rows)
        if hasAssets { assets.reserveCapacity(rows) }
        if hasLabels { labels.reserveCapacity(rows) }
        if hasAvailableAt { availableAt.reserveCapacity(rows) }
        for slot in columns.indices { columns[slot].reserveCapacity(rows) }
    }

    /// Number of rows parsed.
    var rowCount: Int { timestamps.count }
}
