// The server's statistics against quantstats 0.0.86 and empyrical-reloaded 0.7.1, run in the test on
// the same equity curve: a real backtest goes through the HTTP API, its equity, trades, fills and
// analytics views are downloaded in full precision, and Peers/analytics_peers.py cuts the equity into
// sessions on its own, computes every statistic with the peer (or a pandas / scipy transcription
// where no peer has the convention) and compares, naming each peer function and tolerance.
import Foundation
import TestSupport
import Testing

@Suite("Analytics against quantstats and empyrical", .serialized)
struct AnalyticsPeerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var assets: Int
        var bars: Int
        var freq: String
        var seed: Int
        var riskFreeRate: Double
        var benchmark: String
        /// Hours added to every timestamp, so minute sessions cross UTC midnight.
        var shiftHours = 0
        var short = false
        var horizons = "1,5"
        /// generate_data.py's skill (the signal's peek at the next return); nil for its default.
        var skill: Double?
        var testDescription: String { name }
    }

    static let peers = ParityTests.peers

    static let cases: [Case] = [
        // 600 daily bars (over two years): every bar a session, not short; rf 2 %.
        Case(
            name: "daily, 600 sessions, rf 2 %, benchmark A001", assets: 5, bars: 600, freq: "daily", seed: 31,
            riskFreeRate: 0.02, benchmark: "A001"),
        // 30 exchange days of minute bars moved 8 hours later (22:30 to 04:59 UTC): 30 sessions over 36
        // UTC dates, a short run; rf 0, where quantstats' alpha is comparable. Skill 0.1 leaves losing
        // sessions, so the downside statistics are defined.
        Case(
            name: "minute bars crossing UTC midnight, 30 sessions, rf 0", assets: 3, bars: 30 * 390, freq: "minute",
            seed: 32, riskFreeRate: 0, benchmark: "A000", shiftHours: 8, short: true, horizons: "1,30", skill: 0.1),
    ]

    @Test(arguments: cases)
    func statisticsAgreeWithThePeers(_ c: Case) async throws {
        let dir = try Python.temporaryDirectory("analytics")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.csv")
        let generated = try await Python.runOffPool(
            Self.peers.appendingPathComponent("generate_data.py"),
            [
                "--assets", "\(c.assets)", "--bars", "\(c.bars)", "--freq", c.freq, "--seed", "\(c.seed)", "--out",
                data.path, "--quiet",
            ] + (c.skill.map { ["--skill", "\($0)"] } ?? []))
        try #require(generated.status == 0, "generate_data.py failed: \(generated.output)")
        if c.shiftHours != 0 { try Self.shift(data, hours: c.shiftHours) }
        let server = dir.appendingPathComponent("server")
        try FileManager.default.createDirectory(at: server, withIntermediateDirectories: true)
        try await TestServer.with(workers: 2) { s in
            let upload = try await s.client.uploadCSV(file: data)
            try #require(upload.status == 201, "upload failed: \(upload.text)")
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let spec = """
                {"dataset": "\(dataset)", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", \
                "entry_above": 0.8, "exit_below": 0.4, "filters": [{"column": "confidence", "op": ">", "value": 0.5}]}}, \
                "execution": {"commission": {"model": "percent", "rate": 0.001}}, \
                "analytics": {"risk_free_rate": \(c.riskFreeRate), "benchmark": {"asset": "\(c.benchmark)"}}}
                """
            let submitted = try await s.client.submit(spec)
            try #require(submitted.status == 202, "submit failed: \(submitted.text)")
            let id = try #require(try submitted.json["id"]?.stringValue)
            let job = try await s.client.waitForJob(id, query: "&precision=full")
            try #require(job["status"]?.stringValue == "succeeded", "job did not succeed: \(job)")
            let downloads = [
                ("job.json", ""), ("equity.csv", "/equity?format=csv"), ("trades.csv", "/trades?format=csv"),
                ("fills.csv", "/fills?format=csv"), ("monthly.json", "/monthly-returns"),
                ("rolling.json", "/rolling-sharpe?window=21"), ("drawdowns.json", "/drawdowns"),
                ("attribution.json", "/attribution"),
                ("signal_quality.json", "/signal-quality?horizons=\(c.horizons)&quantiles=5"),
            ]
            for (file, path) in downloads {
                let separator = path.contains("?") ? "&" : "?"
                let answer = try await s.client.get("/v1/backtests/\(id)\(path)\(separator)precision=full")
                try #require(answer.status == 200, "\(path): \(answer.text)")
                try answer.body.write(to: server.appendingPathComponent(file))
            }
        }
        var arguments = [
            "--data", data.path, "--server", server.path, "--rf", "\(c.riskFreeRate)", "--periods", "252",
            "--benchmark", c.benchmark, "--window", "21", "--session-offset-hours", "\(c.shiftHours)",
        ]
        if c.short { arguments.append("--short") }
        let compared = try await Python.runOffPool(Self.peers.appendingPathComponent("analytics_peers.py"), arguments)
        #expect(compared.status == 0, "server vs quantstats / empyrical:\n\(compared.output)")
    }

    /// Rewrites the CSV's timestamps `hours` later (same order, same bars).
    static func shift(_ file: URL, hours: Int) throws {
        let formatter = ISO8601DateFormatter()
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        for i in lines.indices.dropFirst() {
            guard let comma = lines[i].firstIndex(of: ","),
                let date = formatter.date(from: String(lines[i][..<comma]))
            else { continue }
            lines[i] = formatter.string(from: date.addingTimeInterval(Double(hours) * 3_600)) + lines[i][comma...]
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    }
}
