// Where the rows of a rendered CSV table start, without keeping the text: the total length and the
// byte offset of every `rowsPerMark`-th row. One pass over the table measures it; afterwards HEAD
// needs only the length, and a byte range is rendered from the mark before it (at most
// `rowsPerMark` rows too many) instead of from the top. Rows render independently of each other,
// so rendering from a mark gives the same bytes as the whole text has there.
import BacktestEngine

/// The byte layout of one table's CSV text in one precision.
struct CSVLayout: Sendable {
    /// Bytes in the whole text, header included.
    let length: Int
    /// Rows between marks.
    let rowsPerMark: Int
    /// `marks[k]` is the offset of row `k * rowsPerMark` (so `marks[0]` is the header's length).
    let marks: [Int]

    /// Measures `table` of `result` by rendering it once, `rowsPerMark` rows at a time into one
    /// reused buffer.
    static func measure(
        _ table: ResultTable, of result: BacktestResult, precision: Precision, rowsPerMark: Int = 1024
    ) -> CSVLayout {
        let header = CSVRowEncoder(header: table.columns, reserving: 256, precision: precision).bytes.count
        let rows = table.count(in: result)
        var marks = [header]
        marks.reserveCapacity(rows / rowsPerMark + 1)
        var offset = header
        var encoder = CSVRowEncoder(continuing: [], precision: precision)
        var start = 0
        while start < rows {
            let end = min(rows, start + rowsPerMark)
            encoder.bytes.removeAll(keepingCapacity: true)
            table.encode(start..<end, of: result, into: &encoder)
            offset += encoder.bytes.count
            if end < rows { marks.append(offset) }
            start = end
        }
        return CSVLayout(length: offset, rowsPerMark: rowsPerMark, marks: marks)
    }

    /// The first row to render for text starting at `offset` (past the header), and how many
    /// bytes of its rendering come before `offset`.
    func start(at offset: Int) -> (row: Int, skip: Int) {
        var low = 0
        var high = marks.count
        // The last mark at or before `offset`.
        while high - low > 1 {
            let mid = (low + high) / 2
            if marks[mid] <= offset { low = mid } else { high = mid }
        }
        return (low * rowsPerMark, offset - marks[low])
    }
}
