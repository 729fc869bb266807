// The row loop: parses a run of whole lines straight from bytes into columns.
// Hand-written because it is the hottest code of ingest (one pass over every byte): the fast path
// reads each unquoted field in place (no String, no per-row allocation) and hands any line it does
// not fully accept to the slow path (`ChunkParser+Slow.swift`), which splits it properly and either
// accepts it or explains what is wrong. Both paths apply the same rules and store identical values;
// `ChunkParserPathTests` holds them to it, parsing the same bytes once as the service does and once
// with `slowOnly` set.

/// Parses the lines of one chunk against a layout.
struct ChunkParser {
    let layout: IngestLayout
    /// Test switch: every line takes the slow path, so a test can compare the two paths on the
    /// same bytes. The service never sets it (one predictable branch per line).
    let slowOnly: Bool
    /// Roles per column, copied out so the loop reads a plain buffer.
    private let roles: [ColumnRole]
    private var interner = AssetInterner()
    /// Signal names (signals uploads).
    private var labelInterner = AssetInterner()
    /// Whether rows carry an asset, a signal name, an availability time (fixed by the layout).
    private let hasAssets: Bool
    private let hasLabels: Bool
    private let hasAvailableAt: Bool
    /// The row being parsed; committed only when the whole line is accepted.
    var rowTimestamp: Int64 = 0
    var rowAsset: Int32 = 0
    var rowLabel: Int32 = 0
    var rowAvailableAt: Int64 = .min
    var rowValues: [Double]
    var output: ParsedChunk

    init(layout: IngestLayout, reservingRows rows: Int, slowOnly: Bool = false) {
        self.layout = layout
        self.slowOnly = slowOnly
        self.roles = layout.roles
        self.rowValues = Array(repeating: .nan, count: layout.slotCount)
        self.hasAssets = layout.hasAssets
        self.hasLabels = layout.kind == .signals
        self.hasAvailableAt = layout.hasAvailableAt
        self.output = ParsedChunk(
            slotCount: layout.slotCount, reserving: rows, hasAssets: hasAssets, hasLabels: hasLabels,
            hasAvailableAt: hasAvailableAt)
    }

    /// Parses every line in `start ..< end` (which begins at a line start) and returns the columns,
    /// moved out (not copied): the parser is spent after. Stops early once the problem list is full.
    mutating func parse(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> ParsedChunk {
        var p = start
        var lineIndex = 0
        while p < end && !output.problems.isFull {
            let lineStart = p
            if slowOnly || !parseFast(&p, end) {
                output.slowLineCount += 1
                var lineEnd = lineStart
                while lineEnd < end && lineEnd.pointee != UInt8(ascii: "\n") { lineEnd += 1 }
                var contentEnd = lineEnd
                if contentEnd > lineStart && contentEnd[-1] == UInt8(ascii: "\r") { contentEnd -= 1 }
                let content = UnsafeBufferPointer(start: lineStart, count: contentEnd - lineStart)
                if parseSlow(content, line: lineIndex) {
                    commit()
                } else if CSVFields.isBlank(content) {
                    output.blankLinesAfterRows.append(output.timestamps.count)
                }
                p = lineEnd < end ? lineEnd + 1 : end
            } else {
                commit()
            }
            lineIndex += 1
        }
        var taken = ParsedChunk(slotCount: 0, reserving: 0, hasAssets: false)
        swap(&taken, &output)
        taken.lineCount = lineIndex
        taken.assetNames = interner.names()
        taken.labelNames = labelInterner.names()
        return taken
    }

    /// Appends the accepted row to the columns.
    @inline(__always)
    private mutating func commit() {
        output.timestamps.append(rowTimestamp)
        if hasAssets { output.assets.append(rowAsset) }
        if hasLabels { output.labels.append(rowLabel) }
        if hasAvailableAt { output.availableAt.append(rowAvailableAt) }
        for slot in rowValues.indices { output.columns[slot].append(rowValues[slot]) }
    }

    /// Interns an asset name; nil when it is new and not valid UTF-8.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, length: Int) -> Int32? {
        interner.intern(p, length: length)
    }

    /// Interns a signal name; nil when it is new and not valid UTF-8.
    mutating func internLabel(_ p: UnsafePointer<UInt8>, length: Int) -> Int32? {
        labelInterner.intern(p, length: length)
    }

    /// Accepts one plain line (no quotes, no stray spaces, every value valid) and moves `p` past its
    /// terminator; returns false, leaving `p` unchanged, for anything else.
    ///
    /// The asset is interned only once the whole line is accepted: a line declined after its asset
    /// cell (`A"B`, whose scan stops at the quote) must leave no name behind for the slow path.
    @inline(__always)
    private mutating func parseFast(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        var q = p
        var assetStart = q
        var assetLength = 0
        var labelStart = q
        var labelLength = 0
        let last = roles.count - 1
        for column in 0...last {
            switch roles[column] {
            case .timestamp:
                let s = q
                q = Self.scanField(q, end)
                guard let t = UTCTime.parse(s, count: q - s) else { return false }
                rowTimestamp = t
            case .asset:
                assetStart = q
                q = Self.scanField(q, end)
                assetLength = q - assetStart
                guard assetLength > 0 else { return false }
            case .label:
                labelStart = q
                q = Self.scanField(q, end)
                labelLength = q - labelStart
                guard labelLength > 0 else { return false }
            case .availableAt:
                let s = q
                q = Self.scanField(q, end)
                if q == s {
                    rowAvailableAt = .min
                } else {
                    guard let t = UTCTime.parse(s, count: q - s) else { return false }
                    rowAvailableAt = t
                }
            case .number(let slot, let rule):
                let value: Double
                if q == end || q.pointee == UInt8(ascii: ",") || q.pointee == UInt8(ascii: "\n")
                    || q.pointee == UInt8(ascii: "\r")
                {
                    guard rule == .signal else { return false }
                    value = .nan
                } else if let (v, next) = DecimalParser.parsePrefix(q, end) {
                    switch rule {
                    case .price: guard NumberRule.priceRange.contains(v) else { return false }
                    case .volume: guard v >= 0 && v < .infinity else { return false }
                    case .signal: guard v.isFinite else { return false }
                    }
                    value = v
                    q = next
                } else {
                    guard rule == .signal, let next = Self.nanLiteral(q, end) else { return false }
                    value = .nan
                    q = next
                }
                rowValues[slot] = value
            }
            if column < last {
                guard q < end && q.pointee == UInt8(ascii: ",") else { return false }
                q += 1
            }
        }
        if q < end {
            if q.pointee == UInt8(ascii: "\n") {
                q += 1
            } else if q.pointee == UInt8(ascii: "\r") && (q + 1 == end || q[1] == UInt8(ascii: "\n")) {
                q += q + 1 == end ? 1 : 2
            } else {
                return false
            }
        }
        if let high = layout.effectiveHigh, let low = layout.effectiveLow, !(rowValues[high] >= rowValues[low]) {
            return false
        }
        if labelLength > 0 {
            // Both names are checked before either is interned, so a declined line leaves neither
            // behind (the slow path interns nothing from a line that is not UTF-8).
            guard interner.accepts(assetStart, length: assetLength),
                let id = labelInterner.intern(labelStart, length: labelLength)
            else { return false }
            rowLabel = id
        }
        if assetLength > 0 {
            guard let id = interner.intern(assetStart, length: assetLength) else { return false }
            rowAsset = id
        }
        p = q
        return true
    }

    /// The end of an unquoted field: the first comma, line break or quote at or after `p`.
    @inline(__always)
    private static func scanField(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        var q = p
        while q < end {
            let c = q.pointee
            if c == UInt8(ascii: ",") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\"") {
                break
            }
            q += 1
        }
        return q
    }

    /// Position after `NaN` or `nan` at `p`, or nil.
    @inline(__always)
    private static func nanLiteral(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
        guard end - p >= 3 else { return nil }
        let isNaN = p[0] == UInt8(ascii: "N") && p[1] == UInt8(ascii: "a") && p[2] == UInt8(ascii: "N")
        let isnan = p[0] == UInt8(ascii: "n") && p[1] == UInt8(ascii: "a") && p[2] == UInt8(ascii: "n")
        return isNaN || isnan ? p + 3 : nil
    }
}
