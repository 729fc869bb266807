// CSV ingest for a body that arrives in pieces (an HTTP upload read as it comes in). The header is
// read from the first line; the rows are copied into blocks of `blockBytes` cut at line ends, and
// each full block is parsed on another core and merged in order (`BlockParses`) while the next one
// fills, so that receiving, parsing and merging overlap and a large upload uses every core, as the
// whole-body path does. The body is never held: an upload costs its columns plus the blocks in flight
// (at most one per core, and one filling). Rows, values, problems and line numbers are those of the whole-body path
// (`CSVIngest.parseRows`), which `CSVStreamIngestTests` holds it to.
//
// A body whose first line does not end within `maximumHeaderBytes`, or whose header line is blank,
// is gathered and handed to the whole-body path, so that its answer (`newlines_stripped`,
// `empty_body`, ...) is exactly the one a gathered upload gets.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses one upload of a known kind from the pieces of its body, in order.
struct CSVStreamIngest {
    /// A header line longer than this is not parsed as it arrives (see the file header).
    static let maximumHeaderBytes = 16 << 20
    /// A data line longer than this ends the upload with `line_too_long`; it is also the block size.
    static let maximumLineBytes = 16 << 20

    private enum Phase {
        /// Reading the header line into `block`.
        case header
        /// Filling `block` with rows; full blocks go to `parses`.
        case rows(BlockParses)
        /// Gathering the whole body into `block` for the whole-body path.
        case gathering
        /// The header is refused; the rest of the body is ignored.
        case failed(IngestError)
    }

    let kind: IngestKind
    /// Bytes per block handed to a parser (tests make it small, to cut files into many blocks).
    private let blockBytes: Int
    /// The body's announced size, used to reserve the columns once (nil: they grow as rows come).
    private let expectedBytes: Int?
    private var phase = Phase.header
    /// The header line, the block being filled (it begins at a line start), or the gathered body.
    private var block: [UInt8] = []
    /// Body bytes seen so far.
    private(set) var byteCount = 0

    init(kind: IngestKind, expectedBytes: Int?, blockBytes: Int = maximumLineBytes) {
        self.kind = kind
        self.expectedBytes = expectedBytes
        self.blockBytes = max(1, blockBytes)
    }

    /// Takes the next piece of the body.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        byteCount += bytes.count
        let start = base.assumingMemoryBound(to: UInt8.self)
        let end = start + bytes.count
        switch phase {
        case .failed:
            return
        case .gathering:
            block.append(contentsOf: UnsafeBufferPointer(start: start, count: bytes.count))
        case .header:
            guard let newline = memchr(start, Int32(UInt8(ascii: "\n")), bytes.count) else {
                block.append(contentsOf: UnsafeBufferPointer(start: start, count: bytes.count))
                if block.count > Self.maximumHeaderBytes { phase = .gathering }
                return
            }
            let lineEnd = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) + 1
            block.append(contentsOf: UnsafeBufferPointer(start: start, count: lineEnd - start))
            readHeader()
            if case .failed = phase { return }
            block.append(contentsOf: UnsafeBufferPointer(start: lineEnd, count: end - lineEnd))
            fill()
        case .rows(let parses):
            guard !parses.hasFailed else { return }
            block.append(contentsOf: UnsafeBufferPointer(start: start, count: bytes.count))
            fill()
        }
    }

    /// The body ended: every row, or the upload's problems. Waits for the blocks still being parsed.
    mutating func finish() throws(IngestError) -> ParsedRows {
        switch phase {
        case .failed(let error):
            throw error
        case .header, .gathering:
            let body = block
            block = []
            let parsed = body.withUnsafeBytes { bytes in
                Result { () throws(IngestError) in
                    try CSVIngest.parseRows(
                        bytes, kind: kind, parallelism: CSVIngest.defaultParallelism(byteCount: bytes.count))
                }
            }
            return try parsed.get()
        case .rows(let parses):
            if !block.isEmpty && !parses.hasFailed { parses.parse(block) }
            block = []
            return try parses.finish()
        }
    }

    /// The header line is in `block` (with its line break): reads the layout and starts the rows,
    /// records the header's problems, or falls back to gathering a blank first line.
    private mutating func readHeader() {
        let header = block
        block = []
        header.withUnsafeBufferPointer { line in
            var start = line.baseAddress!
            var end = start + line.count - 1 // the line break
            if line.count >= 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF { start += 3 }
            if end > start && end[-1] == UInt8(ascii: "\r") { end -= 1 }
            let content = UnsafeBufferPointer(start: start, count: max(0, end - start))
            guard !CSVFields.isBlank(content) else {
                block = header
                phase = .gathering
                return
            }
            do throws(IngestError) {
                let layout = try CSVHeader.layout(content, kind: kind)
                phase = .rows(BlockParses(layout: layout, expectedBytes: expectedBytes.map { $0 - header.count }))
            } catch {
                phase = .failed(error)
            }
        }
    }

    /// Hands every full block (cut after its last line break) to the parsers; the unfinished line
    /// begins the next block. A block without a line break holds a line past `maximumLineBytes`.
    private mutating func fill() {
        guard case .rows(let parses) = phase else { return }
        while block.count >= blockBytes {
            guard let last = block.lastIndex(of: UInt8(ascii: "\n")) else {
                if block.count >= Self.maximumLineBytes {
                    parses.failLineTooLong(limit: Self.maximumLineBytes)
                    block = []
                }
                return
            }
            var next = parses.emptyBlock(capacity: blockBytes + (1 << 20))
            next.append(contentsOf: block[(last + 1)...])
            block.removeSubrange((last + 1)...)
            parses.parse(block)
            block = next
        }
    }
}
