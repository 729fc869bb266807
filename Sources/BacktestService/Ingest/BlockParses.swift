// BlockParses: the blocks of one streamed upload, each parsed by its own `ChunkParser` on a global
// queue as soon as it is full, at most one per core at a time. The thread handing blocks over (the
// connection's) waits when that many are in flight, which paces a client that sends faster than the
// server parses instead of queueing its bytes in memory.

import Dispatch
import Synchronization

/// Parses the blocks of one upload in parallel and gives the chunks back in file order.
final class BlockParses: Sendable {
    private struct State {
        var chunks: [ParsedChunk?] = []
        /// Set when a line ran past the limit after this many blocks.
        var lineTooLong: (afterBlocks: Int, limit: Int)?
        /// Parsed blocks' buffers, emptied, for the next blocks (fresh pages cost a fault each).
        var spare: [[UInt8]] = []
    }

    let layout: IngestLayout
    /// The announced size of the rows, to reserve the first chunk's columns for all of them.
    private let expectedBytes: Int?
    private let state = Mutex(State())
    private let running = DispatchGroup()
    private let slots: DispatchSemaphore

    init(layout: IngestLayout, expectedBytes: Int?) {
        self.layout = layout
        self.expectedBytes = expectedBytes
        slots = DispatchSemaphore(value: CSVIngest.defaultParallelism(byteCount: Int.max))
    }

    /// Blocks handed over so far.
    var count: Int { state.withLock { $0.chunks.count } }

    /// Whether a line past the limit ended the upload.
    var hasFailed: Bool { state.withLock { $0.lineTooLong != nil } }

    /// An empty buffer for the next block: one a parsed block left, or a new one of `capacity` bytes.
    func emptyBlock(capacity: Int) -> [UInt8] {
        if let spare = state.withLock({ $0.spare.popLast() }) { return spare }
        var block: [UInt8] = []
        block.reserveCapacity(capacity)
        return block
    }

    /// Parses `block` (whole lines, following the previous block) on another thread; waits first while
    /// every slot is taken.
    func parse(_ block: [UInt8]) {
        let index: Int? = state.withLock { state in
            guard state.lineTooLong == nil else { return nil }
            state.chunks.append(nil)
            return state.chunks.count - 1
        }
        guard let index, !block.isEmpty else { return }
        slots.wait()
        running.enter()
        let layout = layout
        let expectedBytes = expectedBytes
        DispatchQueue.global().async { [self] in
            var block = block
            let chunk = block.withUnsafeBufferPointer { bytes in
                let start = bytes.baseAddress!
                let end = start + bytes.count
                // The first chunk reserves room for every row, so the others are appended with one copy.
                let total = index == 0 ? max(bytes.count, expectedBytes ?? 0) : bytes.count
                var parser = ChunkParser(
                    layout: layout, reservingRows: CSVIngest.estimateRows(start, end, totalBytes: total))
                return parser.parse(start, end)
            }
            block.removeAll(keepingCapacity: true)
            state.withLock { state in
                state.chunks[index] = chunk
                state.spare.append(block)
            }
            slots.signal()
            running.leave()
        }
    }

    /// Records that the line after the blocks handed over so far is longer than `limit` bytes.
    func fail(lineTooLongAfterBlocks blocks: Int, limit: Int) {
        state.withLock { $0.lineTooLong = (blocks, limit) }
    }

    /// Waits for every block; the chunks in file order, or `line_too_long` with its line number.
    func finish() throws(IngestError) -> [ParsedChunk] {
        running.wait()
        let (chunks, failure) = state.withLock { state in
            defer {
                state.chunks = []
                state.spare = []
            }
            return (
                state.chunks.map { $0 ?? ParsedChunk(slotCount: layout.slotCount, reserving: 0, hasAssets: false) },
                state.lineTooLong
            )
        }
        if let failure {
            // The header is line 1; the line that ran long follows the blocks' lines.
            let line = 2 + chunks.prefix(failure.afterBlocks).reduce(0) { $0 + $1.lineCount }
            throw IngestError(.lineTooLong(line: line, limit: failure.limit))
        }
        return chunks
    }
}
