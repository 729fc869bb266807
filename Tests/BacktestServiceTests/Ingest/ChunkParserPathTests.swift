// The row loop's fast path (`ChunkParser.swift`) and slow path (`ChunkParser+Slow.swift`) agree:
// the same bytes parsed as the service parses them (fast where it can, slow for the rest) and with
// every line forced through the slow path (`slowOnly`) give identical timestamps, asset ids and
// names, and columns bit for bit; invalid input gives identical problems. Random valid files cover
// quoting, CRLF, blank cells and lines, exponents and many columns; their values are also checked
// against `Double(String)`; mutated copies cover invalid input; a list covers the edges.
import Testing

@testable import BacktestService

@Suite struct ChunkParserPathTests {
    /// Parses data lines (no header) on one path.
    static func parse(_ bytes: [UInt8], _ layout: IngestLayout, slowOnly: Bool) -> ParsedChunk {
        var parser = ChunkParser(layout: layout, reservingRows: 16, slowOnly: slowOnly)
        let padded = bytes + [0] // never empty, so there is a base address; the parser stops at `count`
        return padded.withUnsafeBufferPointer { b in parser.parse(b.baseAddress!, b.baseAddress! + bytes.count) }
    }

    /// Both paths' chunks, after expecting them to be identical.
    @discardableResult
    static func expectAgreement(
        _ bytes: [UInt8], _ layout: IngestLayout, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> (usual: ParsedChunk, slow: ParsedChunk) {
        let usual = parse(bytes, layout, slowOnly: false)
        let slow = parse(bytes, layout, slowOnly: true)
        let input = "\(label): \(layout.names) \(String(decoding: bytes, as: UTF8.self).debugDescription)"
        #expect(usual.problems.items == slow.problems.items, "\(input)", sourceLocation: sourceLocation)
        #expect(usual.problems.overflowed == slow.problems.overflowed, "\(input)", sourceLocation: sourceLocation)
        #expect(usual.timestamps == slow.timestamps, "\(input)", sourceLocation: sourceLocation)
        #expect(usual.assets == slow.assets, "\(input)", sourceLocation: sourceLocation)
        #expect(usual.assetNames == slow.assetNames, "\(input)", sourceLocation: sourceLocation)
        #expect(usual.labels == slow.labels, "\(input)", sourceLocation: sourceLocation)
        #expect(usual.labelNames == slow.labelNames, "\(input)", sourceLocation: sourceLocation)
        #expect(usual.availableAt == slow.availableAt, "\(input)", sourceLocation: sourceLocation)
        #expect(
            usual.columns.map { $0.map(\.bitPattern) } == slow.columns.map { $0.map(\.bitPattern) }, "\(input)",
            sourceLocation: sourceLocation)
        #expect(usual.lineCount == slow.lineCount, "\(input)", sourceLocation: sourceLocation)
        return (usual, slow)
    }

    @Test(arguments: [false, true])
    func randomValidFilesParseIdenticallyOnBothPaths(decorated: Bool) {
        var usualSlowLines = 0
        for seed in UInt64(1)...150 {
            var rows = RandomRows(seed: seed &* 7_919 &+ (decorated ? 1 : 0), decorated: decorated)
            let (bytes, values) = rows.lines(Int.random(in: 1...60, using: &rows.rng))
            let (usual, slow) = Self.expectAgreement(bytes, rows.layout, "seed \(seed)")
            #expect(usual.problems.isEmpty, "seed \(seed): \(usual.problems.items.map(\.message))")
            #expect(usual.rowCount == values.count, "seed \(seed)")
            #expect(slow.slowLineCount == slow.lineCount, "seed \(seed): slowOnly must take every line")
            usualSlowLines += usual.slowLineCount
            // Every slot holds what `Double(String)` makes of the cell's text, to the bit.
            let expected = (0..<rows.layout.slotCount).map { slot in values.map { $0[slot].bitPattern } }
            #expect(usual.columns.map { $0.map(\.bitPattern) } == expected, "seed \(seed)")
        }
        if decorated {
            #expect(usualSlowLines > 0, "decorated files should send some valid lines down the slow path")
        } else {
            #expect(usualSlowLines == 0, "plain valid lines are the fast path's to take")
        }
    }

    @Test func mutatedFilesGiveIdenticalProblemsOnBothPaths() {
        var invalid = 0
        for seed in UInt64(1)...400 {
            var rows = RandomRows(seed: seed &* 104_729, decorated: seed % 2 == 0)
            let (bytes, _) = rows.lines(Int.random(in: 1...30, using: &rows.rng))
            let (usual, _) = Self.expectAgreement(rows.mutated(bytes), rows.layout, "mutated seed \(seed)")
            if !usual.problems.isEmpty { invalid += 1 }
        }
        #expect(invalid > 100, "most mutations should break a line")
    }

    static let header = "timestamp,asset,open,high,low,close,volume,ml_pred"

    @Test(arguments: [
        "",
        "\n",
        "\r\n\r\n",
        "\r",
        "2020-01-02,A,1,2,1,1.5,10,0.5",
        "2020-01-02,A,1,2,1,1.5,10,0.5\r",
        "2020-01-02,A,1,2,1,1.5,10,\n2020-01-03,A,1,2,1,1.5,10,",
        "2020-01-02,A,1,2,1,1.5,10,\"\"\n",
        "2020-01-02,A,1,2,1,1.5,10,\"NaN\"\n",
        "2020-01-02,A,1,2,1,1.5,10,-nan\n",
        "2020-01-02,A,1,2,1,1.5,10,inf\n",
        "2020-01-02,A,1,2,1,1.5,10,1e400\n",
        "2020-01-02,A,1,2,1,1.5,10,1e\n",
        "2020-01-02,A,1,2,1,1.5,10,0x10\n",
        "2020-01-02,A,1,2,1,1.5,10,1_000\n",
        "2020-01-02,A,1,2,1,1.5,10,0.5 \n",
        "2020-01-02,A,1,2,1,1.5,10,0.5\r\r\n",
        "2020-01-02,A,1,2,1,1.5,10,0.5,\n",
        "2020-01-02,A,1,2,1,1.5,10\n",
        "2020-01-02,A,0,2,1,1.5,10,0.5\n",
        "2020-01-02,A,1,1,2,1.5,10,0.5\n",
        "2020-01-02,A,1,2,1,1.5,-1,0.5\n",
        "2020-01-02,,1,2,1,1.5,10,0.5\n",
        "2020-01-02,A\"B,1,2,1,1.5,10,0.5\n",
        "2020-01-02,A\rB,1,2,1,1.5,10,0.5\n",
        "2020-01-02,\"A,B\",1,2,1,1.5,10,0.5\n",
        "2020-01-02,\"A\"B,1,2,1,1.5,10,0.5\n",
        "2020-01-02,\"A,1,2,1,1.5,10,0.5\n",
        "2020-01-02T14:30:00+01:00,A,1,2,1,1.5,10,0.5\n",
        "2020-02-30,A,1,2,1,1.5,10,0.5\n",
        " 2020-01-02 ,A, 1 ,2,1,1.5,10,0.5\n",
        "2020-01-02,\u{FF}A,1,2,1,1.5,10,0.5\n",
        "2020-01-02,A,1,2,1,1.5,10,0.5\n\n  \n2020-01-03,B,1,2,1,1.5,10,0.5\n",
        "2020-01-02,A,100000000000000000000000000001,100000000000000000000000000002,1,1.5,10,4.9e-324\n",
    ])
    func edgeCasesAgree(_ lines: String) {
        let layout = IngestLayout(kind: .bars, names: Self.header.split(separator: ",").map(String.init))
        Self.expectAgreement(Array(lines.utf8), layout, "edge")
        let context = IngestLayout(kind: .context, names: ["vix", "timestamp", "regime"])
        Self.expectAgreement(Array(lines.utf8), context, "edge as context")
    }

    @Test func invalidUTF8AndFullProblemListsAgree() {
        let layout = IngestLayout(kind: .bars, names: Self.header.split(separator: ",").map(String.init))
        var bytes = Array("2020-01-02,A,1,2,1,1.5,10,0.5\n".utf8)
        bytes.insert(0xFF, at: 13) // inside the open price
        Self.expectAgreement(bytes, layout, "bad byte in a number")
        let many = String(repeating: "2020-01-02,A,x,2,1,1.5,10,0.5\n", count: 3 * IngestError.maximumProblems)
        let (usual, _) = Self.expectAgreement(Array(many.utf8), layout, "full problem list")
        #expect(usual.problems.isFull)
    }
}
