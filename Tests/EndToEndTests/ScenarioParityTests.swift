// Parity with backtrader beyond the canonical strategy, run in the test itself, on generated data,
// through the HTTP API and through Peers/backtrader_scenarios.py (settings and semantics in
// Peers/SEMANTICS.md): position rules (stop-loss, take-profit, trailing stop, max bars; manual
// Stop/StopTrail/Limit orders, one-cancels-other, placed when the entry fills), short selling (a
// margin account of leverage 2 at alloc 0.5, where backtrader credits short proceeds and the cap
// never binds; shortcash=True), per-share commission with a minimum (a CommInfoBase charging
// max(q × 0.005, 1.0) per fill) and a 10 % volume participation limit (FixedBarPerc(perc=10), the
// peer re-submitting remainders after each bar's sells) and limit entries (10 bps below the
// decision close, three bars). Fills must agree row by row (price bit-identical, commission
// within 1e-6) and final equity within half a cent; each rule must have fired, the same number of
// times on both sides. The server lists a bar's rule exits before its other sells (the order it
// executes them in); backtrader's script lists sells by asset, so each bar is compared sorted.
import Foundation
import TestSupport
import Testing

@Suite("Scenario parity with backtrader", .serialized)
struct ScenarioParityTests {
    /// One generated data set (Peers/check_scenarios.py uses the same three).
    struct DataSet: Sendable {
        var name: String
        var arguments: [String]
        var alloc = 0.95
    }

    static let daily5 = DataSet(
        name: "daily 5 x 500", arguments: ["--assets", "5", "--bars", "500", "--freq", "daily", "--seed", "1"])
    static let minute1 = DataSet(
        name: "minute 1 x 5,000", arguments: ["--assets", "1", "--bars", "5000", "--freq", "minute", "--seed", "3"])
    static let daily40 = DataSet(
        name: "daily 40 x 500, alloc 10",
        arguments: ["--assets", "40", "--bars", "500", "--freq", "daily", "--seed", "5"],
        alloc: 10)

    /// A scenario on a data set: the peer's preset and flags, the same thing as spec JSON, and the
    /// order purposes that must have filled at least once.
    struct Case: Sendable, CustomTestStringConvertible {
        var scenario: String
        var data: DataSet
        var peerFlags: [String]
        var specExtra: String? = nil
        var params: String? = nil
        var account: String? = nil
        var execution: String? = nil
        var commission: String? = nil
        var exercised: [String]
        /// Counts in the peer's summary.json that must be above zero (what the case is about happened).
        var peerCounts: [String] = []
        var testDescription: String { "\(scenario) \(peerFlags.joined(separator: " ")) on \(data.name)" }

        /// The canonical spec with this case's additions.
        func spec(dataset: String) -> String {
            CanonicalSpec.json(
                dataset: dataset, fraction: data.alloc, extra: specExtra, params: params, account: account,
                execution: execution, commission: commission)
        }
    }

    /// The short preset: threshold on both sides in a margin account of leverage 2; the cap never binds
    /// at alloc 0.5 (SEMANTICS.md section 2), which the peer's summary confirms.
    static func short(_ data: DataSet, risk: String? = nil, exercised: [String] = []) -> Case {
        var data = data
        data.alloc = 0.5
        return Case(
            scenario: "short", data: data,
            peerFlags: risk == nil ? [] : ["--stop-loss", "0.02", "--take-profit", "0.03"],
            specExtra: risk, params: #""short_below": 0.2, "cover_above": 0.6"#,
            account: #""type": "margin", "max_leverage": 2"#, exercised: exercised, peerCounts: ["n_entries_short"])
    }

    /// Per-share commission with a minimum (0.005 a share, at least 1.0 a fill); at alloc 0.1 on daily
    /// data most fills are small enough for the minimum to bind, and some are not.
    static func perShare(_ data: DataSet, alloc: Double) -> Case {
        var data = data
        data.alloc = alloc
        return Case(
            scenario: "per_share", data: data, peerFlags: [],
            commission: #"{"model": "per_share", "rate": 0.005, "minimum": 1.0}"#, exercised: [],
            peerCounts: ["n_min_commission"])
    }

    /// A 10 % participation limit (backtrader's FixedBarPerc(perc=10)).
    static func participation(_ data: DataSet) -> Case {
        Case(
            scenario: "participation", data: data, peerFlags: [],
            execution: #""participation": {"max_fraction": 0.1}"#, exercised: [],
            peerCounts: ["n_partial_fills", "n_remainders_cancelled"])
    }

    /// Limit entries 10 bps below the decision close, working three bars (backtrader: Limit orders
    /// cancelled in next() at the close of t+3, re-submitted after each bar's sells until then).
    static func limit(_ data: DataSet, counts: [String] = ["n_limit_expired", "n_limit_cancelled"]) -> Case {
        Case(
            scenario: "limit", data: data, peerFlags: ["--offset-bps", "-10", "--limit-bars", "3"],
            params: #""entry_order": {"type": "limit", "offset_bps": -10, "time_in_force": "bars", "bars": 3}"#,
            exercised: [], peerCounts: counts)
    }

    static let cases: [Case] = [
        limit(daily5), limit(minute1), limit(daily40),
        short(daily5), short(minute1),
        perShare(daily5, alloc: 0.1), perShare(daily40, alloc: 0.95),
        participation(daily5), participation(minute1), participation(daily40),
        short(
            daily5, risk: #""risk": {"stop_loss": 0.02, "take_profit": 0.03}"#, exercised: ["stop_loss", "take_profit"]),
        Case(
            scenario: "risk", data: daily5,
            peerFlags: ["--stop-loss", "0.015", "--take-profit", "0.02", "--max-bars", "3"],
            specExtra: #""risk": {"stop_loss": 0.015, "take_profit": 0.02, "max_bars": 3}"#,
            exercised: ["stop_loss", "take_profit", "max_bars"]),
        Case(
            scenario: "risk", data: daily40,
            peerFlags: ["--stop-loss", "0.015", "--take-profit", "0.02", "--max-bars", "3"],
            specExtra: #""risk": {"stop_loss": 0.015, "take_profit": 0.02, "max_bars": 3}"#,
            exercised: ["stop_loss", "take_profit", "max_bars"]),
        Case(
            scenario: "risk", data: minute1,
            peerFlags: ["--stop-loss", "0.004", "--take-profit", "0.005", "--max-bars", "3"],
            specExtra: #""risk": {"stop_loss": 0.004, "take_profit": 0.005, "max_bars": 3}"#,
            exercised: ["stop_loss", "take_profit", "max_bars"]),
        Case(
            scenario: "risk", data: daily5,
            peerFlags: ["--stop-loss", "0.02", "--take-profit", "0.025", "--trailing-stop", "0.01", "--max-bars", "3"],
            specExtra: #""risk": {"stop_loss": 0.02, "take_profit": 0.025, "trailing_stop": 0.01, "max_bars": 3}"#,
            exercised: ["stop_loss", "take_profit", "trailing_stop", "max_bars"]),
        Case(
            scenario: "risk", data: minute1,
            peerFlags: [
                "--stop-loss", "0.006", "--take-profit", "0.006", "--trailing-stop", "0.003", "--max-bars", "3",
            ],
            specExtra: #""risk": {"stop_loss": 0.006, "take_profit": 0.006, "trailing_stop": 0.003, "max_bars": 3}"#,
            exercised: ["stop_loss", "take_profit", "trailing_stop"]),
        Case(
            scenario: "trailing", data: daily5, peerFlags: ["--trailing-stop", "0.03"],
            specExtra: #""risk": {"trailing_stop": 0.03}"#, exercised: ["trailing_stop"]),
        Case(
            scenario: "trailing", data: minute1, peerFlags: ["--trailing-stop", "0.004"],
            specExtra: #""risk": {"trailing_stop": 0.004}"#, exercised: ["trailing_stop"]),
    ]

    @Test(arguments: cases)
    func agreesWithBacktrader(_ c: Case) async throws {
        let dir = try Python.temporaryDirectory("scenario")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.csv")
        let generated = try await Python.runOffPool(
            ParityTests.peers.appendingPathComponent("generate_data.py"),
            c.data.arguments + ["--out", data.path, "--quiet"])
        try #require(generated.status == 0, "generate_data.py failed: \(generated.output)")

        let server = dir.appendingPathComponent("server")
        let run = try await TestServer.with(workers: 2) { s in
            try await Self.runOnServer(s.client, data: data, spec: { c.spec(dataset: $0) }, into: server)
        }

        let peer = dir.appendingPathComponent("backtrader")
        let ran = try await Python.runOffPool(
            ParityTests.peers.appendingPathComponent("backtrader_scenarios.py"),
            ["--data", data.path, "--out", peer.path, "--scenario", c.scenario, "--alloc", "\(c.data.alloc)"]
                + c.peerFlags)
        try #require(ran.status == 0, "backtrader_scenarios.py failed: \(ran.output)")
        let compared = try await Python.runOffPool(
            ParityTests.peers.appendingPathComponent("compare.py"),
            [
                "--expected", peer.path, "--actual", server.path, "--final-equity", "\(run.finalEquity)",
                "--sort-within-bar",
            ])
        #expect(compared.status == 0, "server vs backtrader: \(compared.output)")

        let peerCounts = try Self.reasonCounts(peer.appendingPathComponent("fills.csv"))
        for purpose in ["stop_loss", "take_profit", "trailing_stop", "max_bars"] {
            #expect(
                run.filledByPurpose[purpose, default: 0] == peerCounts[purpose, default: 0],
                "\(purpose) fills: server \(run.filledByPurpose[purpose, default: 0]), backtrader \(peerCounts[purpose, default: 0])"
            )
        }
        let summary =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: peer.appendingPathComponent("summary.json"))) as? [String: Any]
        let counts = summary?["counts"] as? [String: Any] ?? [:]
        for key in c.peerCounts {
            #expect((counts[key] as? Int ?? 0) > 0, "the data never exercised \(key): \(counts)")
        }
        for purpose in c.exercised {
            #expect(run.filledByPurpose[purpose, default: 0] > 0, "the data never exercised \(purpose)")
        }
    }

    struct ServerRun {
        var finalEquity: Double
        var filledByPurpose: [String: Int]
    }

    /// Runs `spec` on the server (writing its fills.csv, equity.csv and summary.json into `dir`) and
    /// counts the filled orders by purpose.
    static func runOnServer(
        _ client: TestClient, data: URL, spec: @escaping @Sendable (String) -> String, into dir: URL
    ) async throws -> ServerRun {
        let (id, finalEquity) = try await ParityTests.runOnServer(client, data: data, into: dir, spec: spec)
        let orders = try await client.get("/v1/backtests/\(id)/orders?format=csv")
        try #require(orders.status == 200)
        var counts: [String: Int] = [:]
        let lines = orders.text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = lines.first ?? []
        let purpose = try #require(header.firstIndex(of: "purpose"))
        let status = try #require(header.firstIndex(of: "status"))
        for row in lines.dropFirst() where row[status] == "filled" {
            counts[String(row[purpose]), default: 0] += 1
        }
        return ServerRun(finalEquity: finalEquity, filledByPurpose: counts)
    }

    /// Fills per `reason` in a peer's fills.csv.
    static func reasonCounts(_ fills: URL) throws -> [String: Int] {
        let lines = try String(contentsOf: fills, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let reason = try #require(lines.first?.firstIndex(of: "reason"))
        var counts: [String: Int] = [:]
        for row in lines.dropFirst() { counts[String(row[reason]), default: 0] += 1 }
        return counts
    }
}
