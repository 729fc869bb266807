// BlockParses: the blocks of one streamed upload, each parsed by its own `ChunkParser` on a global
// queue as soon as it is full, at most one per core at a time, and merged in file order on a serial
// queue as soon as the blocks before it are (`ChunkMerger`), so that little is left to do when the
// body ends. The thread handing blocks over (the connection's) waits when every parser is busy,
// which paces a client that sends faster than the server parses instead of queueing its bytes.

import Dispatch
import Synchronization

/// Parses the blocks of one upload in parallel and merges them in file order.
final class BlockParses: Sendable {
    private struct State {
        /// Parsed chunks not merged yet, by block; `merged` is the next block to merge.
        var chunks: [ParsedChunk?] = []
        var merged = 0
        /// The limit a line ran past, after the blocks handed over.
        var lineTooLong: Int?
        /// Parsed blocks' buffers, emptied, for the next blocks (fresh pages cost a fault each).
        var spare: [[UInt8]] = []
    }

    let layout: IngestLayout
    /// The announced size of the rows, to reserve the first chunk's columns for all of them.
    private let expectedBytes: Int?
    private let state = Mutex(State())
    /// Touched only on `merging`.
    private let merger: Mutex<ChunkMerger>
    private let merging = DispatchQueue(label: "backtestd.ingest.merge")
    private let running = DispatchGroup()
    private let slots: DispatchSemaphore

    init(layout: IngestLayout, expectedBytes: Int?) {
        self.layout = layout
        self.expectedBytes = expectedBytes
        merger = Mutex(ChunkMerger(firstDataLine: 2))
        slots = DispatchSemaphore(value: CSVIngest.defaultParallelism(byteCount: Int.max))
    }

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
        guard !block.isEmpty else { return }
        let index: Int? = state.withLock { state in
            guard state.lineTooLong == nil else { return nil }
            state.chunks.append(nil)
            return state.chunks.count - 1
        }
        guard let index else { return }
        slots.wait()
        running.enter()
        let layout = layout
        let expectedBytes = expectedBytes
        DispatchQueue.global().async { [self] in
            var block = block
            let chunk = block.withUnsafeBufferPointer { bytes in
                let start = bytes.baseAddress!
                let end = start + bytes.count
                // The first chunk reserves room for every row, so the others are appended in place.
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
            merging.async(group: running) { self.mergeReady() }
            running.leave()
        }
    }

    /// Merges every parsed chunk whose predecessors are merged (on `merging`).
    private func mergeReady() {
        while true {
            let next: ParsedChunk? = state.withLock { state in
                guard state.merged < state.chunks.count, let chunk = state.chunks[state.merged] else { return nil }
                state.chunks[state.merged] = nil
                state.merged += 1
                return chunk
            }
            guard let next else { return }
            merger.withLock { $0.append(next) }
        }
    }

    /// Records that the line after the blocks handed over so far is longer than `limit` bytes.
    func failLineTooLong(limit: Int) {
        state.withLock { $0.lineTooLong = limit }
    }

    /// Waits for every block to be parsed and merged; the rows, or the problems found (the earlier
    /// lines' first, then `line_too_long`).
    func finish() throws(IngestError) -> ParsedRows {
        running.wait()
        let failure = state.withLock { state in
            defer {
                state.chunks = []
                state.spare = []
            }
            return state.lineTooLong
        }
        let merged = merger.withLock { merger in
            defer { merger = ChunkMerger(firstDataLine: 2) }
            return merger
        }
        if let limit = failure, !merged.hasProblems {
            // The line that ran long follows the blocks' lines.
            throw IngestError(.lineTooLong(line: merged.nextLine, limit: limit))
        }
        return try merged.rows(layout: layout)
    }
}
