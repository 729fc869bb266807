// Parity of the top_k template, run in the test itself on a generated 50-asset data set: through the
// HTTP API, through vectorbt 1.2.0 (a custom order function over shared cash, Peers/vectorbt_topk.py)
// and through the plain-Python transcription (Peers/reference_topk.py). Fills must agree row by row
// (price bit-identical, commission within 1e-6), the rejected orders too (decision bar, asset,
// side, quantity, reason), and final equity within half a cent. vectorbt expresses the equal-weight
// long case in a cash account (with rank_buffer, max_weight and calendar schedules); the other
// weightings and short_k in a margin account are checked against the transcription only (settings
// and the reasons in Peers/SEMANTICS.md, section 7).
import Foundation
import TestSupport
import Testing

@Suite("top_k parity with vectorbt and the transcription", .serialized)
struct TopKParityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The members of `strategy.params` besides the signal.
        var params: String
        /// The same for the peers.
        var flags: [String]
        var peers: [String] = ["reference", "vectorbt"]
        /// The ranking column: `ml_pred` in [0, 1], or `alpha = ml_pred − 0.5`, centred on 0.
        var signal = "ml_pred"
        var margin = false
        /// Whether cash must bind (some buys rejected).
        var rejects = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "equal, k 10 every 5 bars", params: #""k": 10, "rebalance_every": 5"#,
            flags: ["--k", "10", "--every", "5"]),
        Case(
            name: "equal, k 10 every 3 bars, 130 % of equity, rank_buffer 3 (cash binds)",
            params: #""k": 10, "rebalance_every": 3, "fraction": 1.3, "rank_buffer": 3"#,
            flags: ["--k", "10", "--every", "3", "--fraction", "1.3", "--rank-buffer", "3"], rejects: true),
        Case(
            name: "equal, k 5 weekly, 100 % of equity, max_weight 0.15",
            params: #""k": 5, "rebalance": "week", "fraction": 1.0, "max_weight": 0.15"#,
            flags: ["--k", "5", "--calendar", "week", "--fraction", "1.0", "--max-weight", "0.15"]),
        // Signal weights give a short the weight of its negative signal, so they need a centred one.
        Case(
            name: "signal weights on alpha, k 8, short_k 5, rank_buffer 2, monthly, margin",
            params:
                #""k": 8, "short_k": 5, "rank_buffer": 2, "rebalance": "month", "weighting": "signal", "fraction": 0.9"#,
            flags: [
                "--k", "8", "--short-k", "5", "--rank-buffer", "2", "--calendar", "month", "--weighting", "signal",
                "--fraction", "0.9", "--margin", "--signal", "alpha",
            ], peers: ["reference"], signal: "alpha", margin: true, rejects: true),
        Case(
            name: "inverse_vol over 20 returns, k 12 every 10 bars, short_k 12, margin",
            params: #""k": 12, "short_k": 12, "rebalance_every": 10, "weighting": "inverse_vol", "fraction": 0.98"#,
            flags: [
                "--k", "12", "--short-k", "12", "--every", "10", "--weighting", "inverse_vol", "--vol-lookback", "20",
                "--fraction", "0.98", "--margin",
            ], peers: ["reference"], margin: true, rejects: true),
    ]

    @Test(arguments: cases)
    func topKAgreesWithThePeers(_ c: Case) async throws {
        let peers = ParityTests.peers
        let dir = try Python.temporaryDirectory("parity-topk")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.csv")
        let generated = try await Python.runOffPool(
            peers.appendingPathComponent("generate_data.py"),
            [
                "--assets", "50", "--bars", "1260", "--freq", "daily", "--seed", "31", "--out", data.path, "--quiet",
                "--centered",
            ])
        try #require(generated.status == 0, "generate_data.py failed: \(generated.output)")

        let server = dir.appendingPathComponent("server")
        let account = c.margin ? #", "type": "margin""# : ""
        let finalEquity = try await TestServer.with(workers: 2) { s in
            let (id, equity) = try await ParityTests.runOnServer(s.client, data: data, into: server) {
                #"{"dataset": "\#($0)", "strategy": {"template": "top_k", "params": {"signal": "\#(c.signal)", \#(c.params)}}, "execution": {"commission": {"model": "percent", "rate": 0.001}}, "account": {"initial_cash": 1000000\#(account)}}"#
            }
            let orders = try await s.client.get("/v1/backtests/\(id)/orders?format=csv&precision=full")
            try #require(orders.status == 200)
            try orders.body.write(to: server.appendingPathComponent("orders.csv"))
            return equity
        }

        for peer in c.peers {
            let out = dir.appendingPathComponent(peer)
            let ran = try await Python.runOffPool(
                peers.appendingPathComponent("\(peer)_topk.py"),
                ["--data", data.path, "--out", out.path, "--commission", "0.001"] + c.flags)
            try #require(ran.status == 0, "\(peer)_topk.py failed: \(ran.output)")
            let compared = try await Python.runOffPool(
                peers.appendingPathComponent("compare.py"),
                ["--expected", out.path, "--actual", server.path, "--final-equity", "\(finalEquity)", "--rejections"])
            #expect(compared.status == 0, "server vs \(peer): \(compared.output)")
            let summary =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
            let rejected = summary?["n_rejected"] as? Int ?? -1
            #expect(c.rejects ? rejected > 0 : rejected == 0, "\(peer): \(rejected) rejections")
            if c.margin, let shorts = summary?["n_short_entries"] as? Int {
                #expect(shorts > 0, "the margin case must sell short")
            }
        }
    }
}
