// Parity with backtrader and vectorbt, run in the test itself: the canonical strategy (shared/design/
// canonical-strategy.md) goes through the HTTP API and through each peer on the same generated data;
// fills must agree row by row (price bit-identical, commission within 1e-6) and final equity within
// half a cent. The comparison is Peers/compare.py; a third check runs the plain-Python transcription.
// The server's numbers are read with `?precision=full` (the raw doubles): prices are compared
// bit for bit, which the default rounded text is not meant for.
import Foundation
import TestSupport
import Testing

@Suite("Parity with backtrader and vectorbt", .serialized)
struct ParityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var assets: Int
        var bars: Int
        var freq: String
        var alloc: Double
        var seed: Int
        var shuffle = false
        var testDescription: String { "\(assets) asset(s) x \(bars) \(freq) bars, alloc \(alloc)" }
    }

    static let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers")

    static let cases: [Case] = [
        Case(assets: 1, bars: 1260, freq: "daily", alloc: 0.95, seed: 11),
        Case(assets: 50, bars: 1260, freq: "daily", alloc: 0.95, seed: 12, shuffle: true),
        Case(assets: 1, bars: 20_000, freq: "minute", alloc: 0.95, seed: 13),
        Case(assets: 40, bars: 500, freq: "daily", alloc: 10, seed: 14),
        Case(assets: 1, bars: 1260, freq: "daily", alloc: 1.0, seed: 15),
    ]

    @Test(arguments: cases)
    func canonicalStrategyAgreesWithBacktrader(_ c: Case) async throws {
        let dir = try Python.temporaryDirectory("parity")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.csv")
        var generate = [
            "--assets", "\(c.assets)", "--bars", "\(c.bars)", "--freq", c.freq, "--seed", "\(c.seed)",
            "--out", data.path,
        ]
        if c.shuffle { generate.append("--shuffle") }
        let generated = try await Python.runOffPool(Self.peers.appendingPathComponent("generate_data.py"), generate)
        try #require(generated.status == 0, "generate_data.py failed: \(generated.output)")

        let server = dir.appendingPathComponent("server")
        let finalEquity = try await TestServer.with(workers: 2) { s in
            try await Self.runOnServer(s.client, data: data, into: server) {
                CanonicalSpec.json(dataset: $0, fraction: c.alloc)
            }.finalEquity
        }

        for peer in ["backtrader", "vectorbt", "reference"] {
            let out = dir.appendingPathComponent(peer)
            let ran = try await Python.runOffPool(
                Self.peers.appendingPathComponent("\(peer)_canonical.py"),
                ["--data", data.path, "--out", out.path, "--alloc", "\(c.alloc)"])
            try #require(ran.status == 0, "\(peer)_canonical.py failed: \(ran.output)")
            let compared = try await Python.runOffPool(
                Self.peers.appendingPathComponent("compare.py"),
                ["--expected", out.path, "--actual", server.path, "--final-equity", "\(finalEquity)"])
            #expect(compared.status == 0, "server vs \(peer): \(compared.output)")
        }
    }

    /// The canonical strategy written as rules (`ml_pred > 0.8 and confidence > 0.7`, exit
    /// `ml_pred < 0.4`) through the API against backtrader's canonical run: the same fills.
    @Test func canonicalRulesAgreeWithBacktrader() async throws {
        let dir = try Python.temporaryDirectory("parity-rules")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.csv")
        let generated = try await Python.runOffPool(
            Self.peers.appendingPathComponent("generate_data.py"),
            ["--assets", "20", "--bars", "500", "--freq", "daily", "--seed", "17", "--out", data.path])
        try #require(generated.status == 0, "generate_data.py failed: \(generated.output)")
        let server = dir.appendingPathComponent("server")
        let finalEquity = try await TestServer.with(workers: 2) { s in
            try await Self.runOnServer(s.client, data: data, into: server) {
                #"{"dataset": "\#($0)", "strategy": {"template": "rules", "params": {"entry": "ml_pred > 0.8 and confidence > 0.7", "exit": "ml_pred < 0.4", "sizing": {"method": "equal_initial", "fraction": 0.95}}}, "execution": {"commission": {"model": "percent", "rate": 0.001}}, "account": {"initial_cash": 1000000}}"#
            }.finalEquity
        }
        let out = dir.appendingPathComponent("backtrader")
        let ran = try await Python.runOffPool(
            Self.peers.appendingPathComponent("backtrader_canonical.py"),
            ["--data", data.path, "--out", out.path, "--alloc", "0.95"])
        try #require(ran.status == 0, "backtrader_canonical.py failed: \(ran.output)")
        let compared = try await Python.runOffPool(
            Self.peers.appendingPathComponent("compare.py"),
            ["--expected", out.path, "--actual", server.path, "--final-equity", "\(finalEquity)"])
        #expect(compared.status == 0, "server (rules) vs backtrader: \(compared.output)")
    }

    /// A fractional account against vectorbt, whose sizes are floats: entries sized to the exact
    /// `A / close[t]` (no floor; vectorbt `size` unrounded, entry when it is > 0). Quantities must be
    /// bit-identical, and so prices; alloc 10 makes cash run out, so rejections must agree too.
    @Test(arguments: [0.95, 10.0])
    func fractionalAccountAgreesWithVectorbt(alloc: Double) async throws {
        let dir = try Python.temporaryDirectory("parity-fractional")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.csv")
        let generated = try await Python.runOffPool(
            Self.peers.appendingPathComponent("generate_data.py"),
            ["--assets", "30", "--bars", "500", "--freq", "daily", "--seed", "16", "--out", data.path])
        try #require(generated.status == 0, "generate_data.py failed: \(generated.output)")
        let server = dir.appendingPathComponent("server")
        let finalEquity = try await TestServer.with(workers: 2) { s in
            try await Self.runOnServer(s.client, data: data, into: server) {
                CanonicalSpec.json(dataset: $0, fraction: alloc, account: #""fractional": true"#)
            }.finalEquity
        }
        let out = dir.appendingPathComponent("vectorbt")
        let ran = try await Python.runOffPool(
            Self.peers.appendingPathComponent("vectorbt_canonical.py"),
            ["--data", data.path, "--out", out.path, "--alloc", "\(alloc)", "--fractional"])
        try #require(ran.status == 0, "vectorbt_canonical.py failed: \(ran.output)")
        let fills = try String(contentsOf: server.appendingPathComponent("fills.csv"), encoding: .utf8)
        #expect(fills.split(separator: "\n").dropFirst().contains { $0.split(separator: ",")[3].contains(".") })
        let compared = try await Python.runOffPool(
            Self.peers.appendingPathComponent("compare.py"),
            ["--expected", out.path, "--actual", server.path, "--final-equity", "\(finalEquity)", "--fractional"])
        #expect(compared.status == 0, "server vs vectorbt: \(compared.output)")
    }

    /// Uploads `data`, runs the spec `spec(datasetID)`, and writes the server's fills.csv,
    /// equity.csv (full precision) and summary.json into `dir`; returns the job's id and the
    /// summary's final equity in full.
    static func runOnServer(
        _ client: TestClient, data: URL, into dir: URL, spec: (String) -> String
    ) async throws -> (id: String, finalEquity: Double) {
        let upload = try await client.uploadCSV(file: data)
        try #require(upload.status == 201, "upload failed: \(upload.text)")
        let dataset = try #require(try upload.json["id"]?.stringValue)
        let submitted = try await client.submit(spec(dataset))
        try #require(submitted.status == 202, "submit failed: \(submitted.text)")
        let id = try #require(try submitted.json["id"]?.stringValue)
        let job = try await client.waitForJob(id, query: "&precision=full")
        try #require(job["status"]?.stringValue == "succeeded", "job did not succeed: \(job)")
        let summary = try #require(job["summary"])
        let finalEquity = try #require(summary["final_equity"]?.numberValue)

        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for table in ["fills", "equity"] {
            let csv = try await client.get("/v1/backtests/\(id)/\(table)?format=csv&precision=full")
            try #require(csv.status == 200)
            try csv.body.write(to: dir.appendingPathComponent("\(table).csv"))
        }
        let fills = Int(summary["fills"]?.numberValue ?? -1)
        let rejected = Int(summary["rejections"]?.numberValue ?? -1)
        try Data("{\"n_fills\": \(fills), \"n_rejected\": \(rejected)}".utf8)
            .write(to: dir.appendingPathComponent("summary.json"))
        return (id, finalEquity)
    }
}
