// Public entry points of CSV ingest: bytes in, engine columns out. Finds the header, splits the rows
// into chunks at line boundaries, parses the chunks on up to `parallelism` threads (Dispatch
// `concurrentPerform`), then merges, sorts and checks them (`CSVIngest+Assemble.swift`).

import BacktestEngine
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses CSV uploads straight from bytes into `MarketData` and `ContextSeries`.
///
/// Input is UTF-8 (a leading BOM is skipped) with LF or CRLF line ends; simple double-quoted cells
/// (`"A,B"`, `""` for a quote) are read, but a quoted cell may not span lines. Blank lines are skipped.
/// Header names are trimmed of surrounding spaces. Every problem found is reported, up to
/// `IngestError.maximumProblems`, with its line, column and a fix.
public enum CSVIngest {
    /// Parses long-format bars: header row; required `timestamp`, `asset`, `close`; optional `open`,
    /// `high`, `low` (default: close) and `volume` (default 0); every other column is a numeric signal
    /// column (empty cell, `NaN`, `nan` = missing = NaN). Rows in any order; sorted by (timestamp, asset).
    ///
    /// Timestamps take the forms `UTCTime.parse` accepts. Prices must be finite and positive with
    /// high >= low, volume finite and not negative, and each (timestamp, asset) may appear once.
    public static func bars(_ bytes: UnsafeRawBufferPointer) throws(IngestError) -> MarketData {
        try bars(bytes, parallelism: defaultParallelism(byteCount: bytes.count))
    }

    /// Parses a context series: `timestamp` plus numeric columns, no `asset`.
    ///
    /// Empty cells, `NaN` and `nan` are missing values (NaN); rows may come in any order but each
    /// timestamp may appear once.
    public static func context(_ bytes: UnsafeRawBufferPointer) throws(IngestError) -> ContextSeries {
        try context(bytes, parallelism: defaultParallelism(byteCount: bytes.count))
    }

    /// `bars(_:)` with an explicit number of parser threads (tests force several on small inputs).
    static func bars(_ bytes: UnsafeRawBufferPointer, parallelism: Int) throws(IngestError) -> MarketData {
        try marketData(from: parseRows(bytes, kind: .bars, parallelism: parallelism))
    }

    /// `context(_:)` with an explicit number of parser threads.
    static func context(_ bytes: UnsafeRawBufferPointer, parallelism: Int) throws(IngestError) -> ContextSeries {
        try contextSeries(from: parseRows(bytes, kind: .context, parallelism: parallelism))
    }

    /// One thread per core for uploads above 4 MiB (at most 8), else one.
    static func defaultParallelism(byteCount: Int) -> Int {
        guard byteCount >= 4 << 20 else { return 1 }
        return max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }

    /// Reads the header and parses every row into merged, unsorted columns.
    static func parseRows(
        _ bytes: UnsafeRawBufferPointer, kind: IngestKind, parallelism: Int
    ) throws(IngestError) -> ParsedRows {
        guard let raw = bytes.baseAddress, bytes.contains(where: { !Self.isSpace($0) }) else {
            throw IngestError(.emptyBody())
        }
        var start = raw.assumingMemoryBound(to: UInt8.self)
        let end = start + bytes.count
        if bytes.count >= 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF { start += 3 }
        var headerEnd = start
        while headerEnd < end && headerEnd.pointee != UInt8(ascii: "\n") { headerEnd += 1 }
        let dataStart = headerEnd < end ? headerEnd + 1 : end
        if headerEnd > start && headerEnd[-1] == UInt8(ascii: "\r") { headerEnd -= 1 }
        if headerEnd == end,
            let stripped = CSVHeader.strippedNewlines(UnsafeBufferPointer(start: start, count: end - start))
        {
            throw IngestError(stripped)
        }
        let layout = try CSVHeader.layout(UnsafeBufferPointer(start: start, count: headerEnd - start), kind: kind)

        let ranges = chunkRanges(dataStart, end, count: max(1, parallelism))
        let rowsEstimate = estimateRows(dataStart, end)
        var chunks: [ParsedChunk]
        if ranges.count == 1 {
            var parser = ChunkParser(layout: layout, reservingRows: rowsEstimate)
            chunks = [parser.parse(ranges[0].start, ranges[0].end)]
        } else {
            let results = Mutex<[ParsedChunk?]>(Array(repeating: nil, count: ranges.count))
            let total = end - dataStart
            // Dispatch wants a Sendable closure, so the ranges travel as addresses; the bytes outlive
            // `concurrentPerform`, which returns only after every iteration, and are only read.
            let spans = ranges.map { (UInt(bitPattern: $0.start), $0.end - $0.start) }
            DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
                let start = UnsafePointer<UInt8>(bitPattern: spans[i].0)!
                let range = (start: start, end: start + spans[i].1)
                // Chunk 0 reserves room for every row so that the others append to it with one copy.
                let share = i == 0 ? rowsEstimate : rowsEstimate * (range.end - range.start) / max(1, total) + 16
                var parser = ChunkParser(layout: layout, reservingRows: share)
                let chunk = parser.parse(range.start, range.end)
                results.withLock { $0[i] = chunk }
            }
            chunks = results.withLock { stored in
                defer { stored = [] }
                return stored.map { $0! }
            }
        }
        return try ParsedRows(merging: &chunks, layout: layout, firstDataLine: 2)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r") || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }

    /// Splits `start ..< end` into up to `count` ranges that each begin at a line start.
    static func chunkRanges(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, count: Int
    ) -> [(start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>)] {
        let length = end - start
        var ranges: [(start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>)] = []
        var chunkStart = start
        for i in 1...count {
            var chunkEnd = i == count ? end : max(chunkStart, start + length * i / count)
            while chunkEnd < end && chunkEnd > chunkStart && chunkEnd[-1] != UInt8(ascii: "\n") { chunkEnd += 1 }
            if chunkEnd > chunkStart || (i == count && ranges.isEmpty) {
                ranges.append((chunkStart, chunkEnd))
                chunkStart = chunkEnd
            }
        }
        return ranges
    }

    /// Rough row count of `totalBytes` of rows (default: `start ..< end`) from the mean length of the
    /// first lines in `start ..< end`, for reserving column capacity.
    static func estimateRows(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, totalBytes: Int? = nil) -> Int
    {
        var p = start
        var lines = 0
        while p < end && lines < 64 {
            if p.pointee == UInt8(ascii: "\n") { lines += 1 }
            p += 1
        }
        let sampled = max(1, p - start)
        return (totalBytes ?? (end - start)) * max(1, lines) / sampled * 105 / 100 + 16
    }
}
