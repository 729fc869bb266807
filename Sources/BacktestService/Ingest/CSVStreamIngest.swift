// CSV ingest for a body that arrives in pieces (an HTTP upload read as it comes in): the header is
// read from the first line, then each piece's whole lines are parsed in place by one `ChunkParser`
// as soon as the piece arrives; only a line split between two pieces is copied. The body is never
// held, so an upload costs its columns plus one line. Rows, values, problems and line numbers are
// those of the whole-body path (`CSVIngest.parseRows`), which `CSVStreamIngestTests` holds it to.
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
    /// A data line longer than this ends the upload with `line_too_long`.
    static let maximumLineBytes = 1 << 20

    private enum Phase {
        /// Reading the header line into `pending`.
        case header
        /// Parsing rows with `parser`; `pending` holds the start of a line that continues in the next piece.
        case rows
        /// Gathering the whole body into `pending` for the whole-body path.
        case gathering
        /// The upload is refused; the rest of the body is ignored.
        case failed(IngestError)
    }

    let kind: IngestKind
    /// The body's announced size, used to reserve the columns once (nil: they grow as rows come).
    private let expectedBytes: Int?
    private var phase = Phase.header
    private var pending: [UInt8] = []
    private var layout: IngestLayout?
    /// The row parser, once the header is read (kept outside `phase` so that it mutates in place).
    private var parser: ChunkParser?
    /// Body bytes seen so far.
    private(set) var byteCount = 0

    init(kind: IngestKind, expectedBytes: Int?) {
        self.kind = kind
        self.expectedBytes = expectedBytes
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
            pending.append(contentsOf: UnsafeBufferPointer(start: start, count: bytes.count))
        case .header:
            guard let newline = Self.firstNewline(start, end) else {
                pending.append(contentsOf: UnsafeBufferPointer(start: start, count: bytes.count))
                if pending.count > Self.maximumHeaderBytes { phase = .gathering }
                return
            }
            pending.append(contentsOf: UnsafeBufferPointer(start: start, count: newline + 1 - start))
            readHeader()
            switch phase {
            case .rows:
                feed(newline + 1, end)
            case .gathering:
                pending.append(contentsOf: UnsafeBufferPointer(start: newline + 1, count: end - newline - 1))
            case .header, .failed:
                break
            }
        case .rows:
            feed(start, end)
        }
    }

    /// The body ended: every row, or the upload's problems.
    mutating func finish() throws(IngestError) -> ParsedRows {
        switch phase {
        case .failed(let error):
            throw error
        case .header, .gathering:
            let body = pending
            pending = []
            let parsed = body.withUnsafeBytes { bytes in
                Result { () throws(IngestError) in
                    try CSVIngest.parseRows(
                        bytes, kind: kind, parallelism: CSVIngest.defaultParallelism(byteCount: bytes.count))
                }
            }
            return try parsed.get()
        case .rows:
            if !pending.isEmpty {
                feedPending()
                pending = []
            }
            var chunks = [parser!.take()]
            parser = nil
            return try ParsedRows(merging: &chunks, layout: layout!, firstDataLine: 2)
        }
    }

    /// The header line is in `pending` (with its line break): reads the layout and starts the rows,
    /// or records the header's problems, or falls back to gathering a blank first line.
    private mutating func readHeader() {
        let header = pending
        pending = []
        header.withUnsafeBufferPointer { line in
            var start = line.baseAddress!
            var end = start + line.count - 1 // the line break
            if line.count >= 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF { start += 3 }
            if end > start && end[-1] == UInt8(ascii: "\r") { end -= 1 }
            let content = UnsafeBufferPointer(start: start, count: max(0, end - start))
            guard !CSVFields.isBlank(content) else {
                pending = header
                phase = .gathering
                return
            }
            do throws(IngestError) {
                let layout = try CSVHeader.layout(content, kind: kind)
                self.layout = layout
                parser = ChunkParser(layout: layout, reservingRows: 0)
                phase = .rows
            } catch {
                phase = .failed(error)
            }
        }
    }

    /// Parses the whole lines of `start ..< end`, completing the line carried in `pending` first and
    /// carrying the last, unfinished line.
    private mutating func feed(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) {
        guard !parser!.isSaturated else { return }
        var p = start
        if parser!.output.lineCount == 0 && pending.isEmpty, let expectedBytes, expectedBytes > 0 {
            parser!.reserve(rows: CSVIngest.estimateRows(start, end, totalBytes: expectedBytes))
        }
        if !pending.isEmpty {
            guard let newline = Self.firstNewline(p, end) else { return carry(p, end) }
            pending.append(contentsOf: UnsafeBufferPointer(start: p, count: newline + 1 - p))
            feedPending()
            pending.removeAll(keepingCapacity: true)
            p = newline + 1
        }
        guard let last = Self.lastNewline(p, end) else { return carry(p, end) }
        parser!.feed(p, last + 1)
        carry(last + 1, end)
    }

    /// Parses the line held in `pending`.
    private mutating func feedPending() {
        pending.withUnsafeBufferPointer { line in parser!.feed(line.baseAddress!, line.baseAddress! + line.count) }
    }

    /// Keeps `start ..< end`, the beginning of a line, for the next piece; a line past
    /// `maximumLineBytes` fails the upload.
    private mutating func carry(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) {
        pending.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start))
        guard pending.count > Self.maximumLineBytes else { return }
        // The header is line 1; the parser has counted the data lines before this one.
        let line = parser!.output.lineCount + 2
        phase = .failed(IngestError(.lineTooLong(line: line, limit: Self.maximumLineBytes)))
        pending = []
        parser = nil
    }

    private static func firstNewline(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> UnsafePointer<UInt8>? {
        memchr(start, Int32(UInt8(ascii: "\n")), end - start).map {
            UnsafePointer($0.assumingMemoryBound(to: UInt8.self))
        }
    }

    private static func lastNewline(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>?
    {
        var p = end
        while p > start {
            p -= 1
            if p.pointee == UInt8(ascii: "\n") { return p }
        }
        return nil
    }
}
