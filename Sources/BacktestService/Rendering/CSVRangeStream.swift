// One byte range of a result table's CSV text, rendered as it is sent: from the layout's mark
// before the range (or from the header), skipping what precedes the range, stopping at its end.
// A 100-byte range of a 400 MB table renders at most `rowsPerMark` rows.
import BacktestEngine
import MicroHTTP
import Synchronization

/// Streams bytes `range` of one table's CSV text.
final class CSVRangeStream: StreamSource {
    private struct State {
        var pending: [UInt8]
        var consumed = 0
        var nextRow: Int
        /// Bytes still to drop before the range starts.
        var skip: Int
        /// Bytes of the range still to send.
        var remaining: Int
    }

    private let table: ResultTable
    private let result: BacktestResult
    private let rowCount: Int
    private let rowsPerBatch: Int
    private let precision: Precision
    // libmicrohttpd calls `read` for one response sequentially, possibly from different threads.
    private let state: Mutex<State>

    /// A stream of `range` of `table`'s CSV text, whose layout is `layout`.
    init(
        table: ResultTable, result: BacktestResult, precision: Precision, layout: CSVLayout,
        range: ClosedRange<Int>
    ) {
        self.table = table
        self.result = result
        self.rowCount = table.count(in: result)
        self.rowsPerBatch = layout.rowsPerMark
        self.precision = precision
        let header = CSVRowEncoder(header: table.columns, reserving: 256, precision: precision).bytes
        if range.lowerBound < header.count {
            state = Mutex(State(pending: header, nextRow: 0, skip: range.lowerBound, remaining: range.count))
        } else {
            let (row, skip) = layout.start(at: range.lowerBound)
            state = Mutex(State(pending: [], nextRow: row, skip: skip, remaining: range.count))
        }
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        state.withLock { s in
            while s.remaining > 0 {
                if s.consumed == s.pending.count {
                    guard s.nextRow < rowCount else { break }
                    let end = min(rowCount, s.nextRow + rowsPerBatch)
                    s.pending.removeAll(keepingCapacity: true)
                    var encoder = CSVRowEncoder(continuing: s.pending, precision: precision)
                    table.encode(s.nextRow..<end, of: result, into: &encoder)
                    s.pending = encoder.bytes
                    s.consumed = 0
                    s.nextRow = end
                }
                guard s.skip > 0 else { break }
                let dropped = min(s.skip, s.pending.count - s.consumed)
                s.consumed += dropped
                s.skip -= dropped
            }
            let n = min(buffer.count, s.remaining, s.pending.count - s.consumed)
            guard n > 0 else { return 0 }
            s.pending.withUnsafeBytes { bytes in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[s.consumed..<s.consumed + n]))
            }
            s.consumed += n
            s.remaining -= n
            return n
        }
    }
}
