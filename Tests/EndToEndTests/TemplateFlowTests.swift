// The target_weights and regime templates over the real server: each runs to the fills its
// semantics give on a small hand-checked dataset, echoes its params, and a problem inside a regime
// answers 422 at the regime's own JSON path.

import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Templates over HTTP")
struct TemplateFlowTests {
    /// Two assets, four daily bars, opens = closes (A 10, B 20), a weight column and a daily vix.
    static let bars = """
        timestamp,asset,open,close,w,sig
        2020-01-02,A,10,10,0.5,0.9
        2020-01-02,B,20,20,0.25,0.9
        2020-01-03,A,10,10,0.5,0.9
        2020-01-03,B,20,20,0.25,0.9
        2020-01-06,A,10,10,0.2,0.9
        2020-01-06,B,20,20,0.25,0.9
        2020-01-07,A,10,10,0.2,0.9
        2020-01-07,B,20,20,0.25,0.9

        """
    static let vix = "timestamp,vix\n2020-01-02,10\n2020-01-03,30\n2020-01-06,30\n2020-01-07,30\n"

    static func upload(_ s: TestServer, _ csv: String, kind: String = "bars") async throws -> String {
        let r = try await s.client.uploadCSV(csv, query: "?kind=\(kind)")
        try #require(r.status == 201, "\(r.text)")
        return try #require(try r.json["id"]?.stringValue)
    }

    static func fills(_ s: TestServer, _ spec: String) async throws -> (job: JSONValue, fills: [String]) {
        let submitted = try await s.client.submit(spec)
        try #require(submitted.status == 202, "\(submitted.text)")
        let id = try #require(try submitted.json["id"]?.stringValue)
        let job = try await s.client.waitForJob(id)
        try #require(job["status"]?.stringValue == "succeeded", "\(job)")
        let csv = try await s.client.get("/v1/backtests/\(id)/fills?format=csv").text
        // timestamp,asset,side,quantity,… → "date asset side quantity"
        let rows = csv.split(separator: "\n").dropFirst().map { line -> String in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return "\(f[0].prefix(10)) \(f[1]) \(f[2]) \(f[3])"
        }
        return (job, rows)
    }

    // 1,000 of cash: at the first close A 0.5 x 1,000 / 10 = 50 and B 0.25 x 1,000 / 20 = 12 (filled
    // at the next opens); A's weight falls to 0.2 at the third close: sell 30 at the fourth open.
    @Test func targetWeightsHoldTheColumnsWeights() async throws {
        try await TestServer.with { s in
            let bars = try await Self.upload(s, Self.bars)
            let spec = #"""
                {"dataset": "\#(bars)", "account": {"initial_cash": 1000},
                 "strategy": {"template": "target_weights", "params": {"weights": "w"}}}
                """#
            let (job, fills) = try await Self.fills(s, spec)
            #expect(fills == ["2020-01-03 A buy 50", "2020-01-03 B buy 12", "2020-01-07 A sell 30"])
            #expect(
                job["spec"]?["strategy"]?["params"]
                    == .object(["weights": .string("w"), "rebalance_every": .int(1), "drift": .null]))
        }
    }

    // Calm (vix < 20) buys one share of each at the first close; the second close's vix of 30
    // switches to stressed, which with exit_on_switch closes both (filled at the third open).
    @Test func aRegimeSwitchClosesThePositions() async throws {
        try await TestServer.with { s in
            let bars = try await Self.upload(s, Self.bars)
            let context = try await Self.upload(s, Self.vix, kind: "context")
            func threshold(_ entry: Double) -> String {
                #"{"template": "threshold", "params": {"signal": "sig", "entry_above": \#(entry), "exit_below": 0.4, "sizing": {"method": "fixed_quantity", "quantity": 1}}}"#
            }
            let spec = #"""
                {"dataset": "\#(bars)", "context": "\#(context)", "account": {"initial_cash": 1000},
                 "strategy": {"template": "regime", "params": {"exit_on_switch": true, "regimes": [
                   {"name": "calm", "when": "ctx.vix < 20", "strategy": \#(threshold(0.8))},
                   {"name": "stressed", "when": "ctx.vix >= 25", "strategy": \#(threshold(0.95))}]}}}
                """#
            let (job, fills) = try await Self.fills(s, spec)
            #expect(
                fills == ["2020-01-03 A buy 1", "2020-01-03 B buy 1", "2020-01-06 A sell 1", "2020-01-06 B sell 1"])
            #expect(job["spec"]?["strategy"]?["params"]?["regimes"]?.arrayValue?.count == 2)

            let bad = spec.replacingOccurrences(
                of: #""entry_above": 0.95"#, with: #""entry_above": 0.95, "signal_x": 1"#
            )
            .replacingOccurrences(of: "ctx.vix >= 25", with: "vix >= 25")
            let r = try await s.client.submit(bad)
            #expect(r.status == 422, "\(r.text)")
            let paths = try r.json["errors"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? []
            #expect(paths == ["strategy.params.regimes[1].strategy.params.signal_x"])
            let engine = spec.replacingOccurrences(of: "ctx.vix >= 25", with: "vix >= 25")
            let e = try await s.client.submit(engine)
            #expect(e.status == 422, "\(e.text)")
            let first = try e.json["errors"]?.arrayValue?.first
            #expect(first?["path"]?.stringValue == "strategy.params.regimes[1].when")
            #expect(first?["message"]?.stringValue?.contains("reads only context columns") == true)
        }
    }
}
