// CSV ingest of a body in pieces (`CSVStreamIngest`, what the server does with an upload as it
// arrives) agrees with ingest of the whole body (`CSVIngest.parseRows`): random valid and mutated
// files cut at random places give identical rows, columns to the bit, and identical problems with
// their line numbers; the edges of the header (BOM, CRLF, a blank or unfinished first line) and the
// line numbers of duplicates after blank lines are checked one by one.
import BacktestEngine
import BacktestFixtures
import Testing

@testable import BacktestService

@Suite struct CSVStreamIngestTests {
    /// The whole-body parse.
    static func whole(_ bytes: [UInt8], _ kind: IngestKind) -> Result<ParsedRows, IngestError> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(IngestError) in try CSVIngest.parseRows(raw, kind: kind, parallelism: 1) }
        }
    }

    /// The streamed parse, the body cut into pieces of the given sizes (the last piece takes the rest)
    /// and its rows into blocks of about `blockBytes`.
    static func streamed(
        _ bytes: [UInt8], _ kind: IngestKind, cuts: [Int], announced: Bool = true,
        blockBytes: Int = CSVStreamIngest.maximumLineBytes
    ) -> Result<ParsedRows, IngestError> {
        var ingest = CSVStreamIngest(kind: kind, expectedBytes: announced ? bytes.count : nil, blockBytes: blockBytes)
        var offset = 0
        var k = 0
        while offset < bytes.count {
            let size = k < cuts.count ? max(1, cuts[k]) : bytes.count - offset
            let end = min(bytes.count, offset + size)
            bytes[offset..<end].withUnsafeBytes { ingest.consume($0) }
            offset = end
            k += 1
        }
        return Result { () throws(IngestError) in try ingest.finish() }
    }

    static func expectSame(
        _ a: Result<ParsedRows, IngestError>, _ b: Result<ParsedRows, IngestError>, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        switch (a, b) {
        case (.success(let x), .success(let y)):
            #expect(x.timestamps == y.timestamps, "\(label)", sourceLocation: sourceLocation)
            #expect(x.assets == y.assets, "\(label)", sourceLocation: sourceLocation)
            #expect(x.assetNames == y.assetNames, "\(label)", sourceLocation: sourceLocation)
            #expect(x.labels == y.labels, "\(label)", sourceLocation: sourceLocation)
            #expect(x.labelNames == y.labelNames, "\(label)", sourceLocation: sourceLocation)
            #expect(x.availableAt == y.availableAt, "\(label)", sourceLocation: sourceLocation)
            #expect(
                x.columns.map { $0.map(\.bitPattern) } == y.columns.map { $0.map(\.bitPattern) }, "\(label)",
                sourceLocation: sourceLocation)
            let rows = Set(0..<x.count)
            #expect(x.lines(ofRows: rows) == y.lines(ofRows: rows), "\(label)", sourceLocation: sourceLocation)
        case (.failure(let x), .failure(let y)):
            #expect(x == y, "\(label)", sourceLocation: sourceLocation)
        default:
            Issue.record("\(label): one path failed, the other did not: \(a) vs \(b)", sourceLocation: sourceLocation)
        }
    }

    static func randomCuts(_ count: Int, _ rng: inout SplitMix64) -> [Int] {
        var cuts: [Int] = []
        var total = 0
        while total < count {
            let size = Int.random(in: 1...(rng.next() % 3 == 0 ? 4 : 300), using: &rng)
            cuts.append(size)
            total += size
        }
        return cuts
    }

    @Test func randomFilesInRandomPiecesParseAsTheWholeBody() {
        for seed in UInt64(1)...200 {
            var rows = RandomRows(seed: seed &* 104_729, decorated: seed % 2 == 0)
            let (data, _) = rows.lines(Int.random(in: 1...80, using: &rows.rng))
            let header = Array((rows.layout.names.joined(separator: ",") + (seed % 3 == 0 ? "\r\n" : "\n")).utf8)
            var bytes = (seed % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []) + header + data
            if seed % 4 == 1 { bytes = rows.mutated(bytes) }
            var rng = SplitMix64(seed: seed)
            let cuts = Self.randomCuts(bytes.count, &rng)
            let kind = rows.layout.kind
            let blockBytes = Int.random(in: 1...400, using: &rng)
            let whole = Self.whole(bytes, kind)
            Self.expectSame(whole, Self.streamed(bytes, kind, cuts: cuts), "seed \(seed)")
            Self.expectSame(
                whole, Self.streamed(bytes, kind, cuts: cuts, announced: false, blockBytes: blockBytes),
                "seed \(seed), blocks of \(blockBytes)")
        }
    }

    @Test func everyCutOfASmallFileParsesAsTheWholeBody() {
        let text = "timestamp,asset,close,ml\r\n2024-01-02,A,10,0.5\r\n\r\n2024-01-02,\"B,1\",11,\n2024-01-03,A,12,0.7"
        let bytes = Array(text.utf8)
        for first in 1..<bytes.count {
            for second in [1, 2, 3, 7] {
                Self.expectSame(
                    Self.whole(bytes, .bars),
                    Self.streamed(bytes, .bars, cuts: [first, second, 1], blockBytes: second),
                    "cut at \(first), blocks of \(second)")
            }
        }
    }

    @Test(arguments: [
        "", "   \n\n", "timestamp,asset,close", "timestamp,asset,close\n", "\ntimestamp,asset,close\n2024-01-02,A,1\n",
        "timestamp,asset,close 2024-01-02,A,1 2024-01-03,A,2", "timestamp,asset\n2024-01-02,A\n",
        "\u{FEFF}timestamp,asset,close\r\n2024-01-02,A,1", "timestamp,asset,close\n2024-01-02,A,x\n2024-01-02,B,-1\n",
    ])
    func headerEdgesAnswerAsTheWholeBody(text: String) {
        let bytes = Array(text.utf8)
        for size in [1, 2, 5, 1000] {
            Self.expectSame(
                Self.whole(bytes, .bars), Self.streamed(bytes, .bars, cuts: Array(repeating: size, count: 10_000)),
                "\(text.debugDescription) in pieces of \(size)")
        }
    }

    @Test func duplicatesAfterBlankLinesNameTheirLines() throws {
        let text = "timestamp,asset,close\n2024-01-02,A,1\n\n\n2024-01-03,A,2\n   \n2024-01-02,A,3\n"
        let bytes = Array(text.utf8)
        let rows = try Self.streamed(bytes, .bars, cuts: [5, 9, 3, 2, 8], blockBytes: 10).get()
        let problems = ingestProblems { _ = try CSVIngest.marketData(from: rows) }
        #expect(problems.map(\.code) == ["duplicate_bar"])
        #expect(problems.first?.line == 7)
        #expect(problems.first?.message.contains("line 2") == true, "\(problems.first?.message ?? "")")
    }

    @Test func aDataLineWithoutEndIsRefusedWithItsLine() {
        var bytes = Array("timestamp,asset,close\n2024-01-02,A,1\n".utf8)
        bytes += Array(repeating: UInt8(ascii: "9"), count: CSVStreamIngest.maximumLineBytes + 10)
        let result = Self.streamed(bytes, .bars, cuts: Array(repeating: 1 << 20, count: 100), blockBytes: 1 << 20)
        guard case .failure(let error) = result else {
            Issue.record("a line past the limit was taken")
            return
        }
        #expect(error.problems.map(\.code) == ["line_too_long"])
        #expect(error.problems.first?.line == 3)
    }
}
