// A result table rendered to CSV while it is sent: rows are encoded a batch at a time into a small
// buffer as libmicrohttpd asks for the next piece, so a download of millions of rows needs memory
// for one batch, not for the whole text.
import BacktestEngine
import MicroHTTP
import Synchronization

/// Streams one result table as CSV (header first), chunk by chunk.
final class CSVStream: StreamSource {
    private struct State {
        var pending: [UInt8]
        var consumed = 0
        var nextRow = 0
    }

    private let table: ResultTable
    private let result: BacktestResult
    private let rowCount: Int
    private let rowsPerBatch: Int
    private let precision: Precision
    // libmicrohttpd calls `read` for one response sequentially, possibly from different threads.
    private let state: Mutex<State>

    /// A stream over `table` of `result` with computed numbers in `precision`, encoding
    /// `rowsPerBatch` rows at a time.
    init(table: ResultTable, result: BacktestResult, precision: Precision, rowsPerBatch: Int = 1024) {
        self.table = table
        self.result = result
        self.rowCount = table.count(in: result)
        self.rowsPerBatch = rowsPerBatch
        self.precision = precision
        let header = CSVRowEncoder(header: table.columns, reserving: 256, precision: precision).bytes
        state = Mutex(State(pending: header))
    }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        state.withLock { s in
            while s.pending.count - s.consumed < buffer.count, s.nextRow < rowCount {
                let end = min(rowCount, s.nextRow + rowsPerBatch)
                var encoder = CSVRowEncoder(continuing: Array(s.pending[s.consumed...]), precision: precision)
                table.encode(s.nextRow..<end, of: result, into: &encoder)
                s.pending = encoder.bytes
                s.consumed = 0
                s.nextRow = end
            }
            let n = min(buffer.count, s.pending.count - s.consumed)
            s.pending.withUnsafeBytes { bytes in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[s.consumed..<s.consumed + n]))
            }
            s.consumed += n
            return n
        }
    }
}
