// The whole API path over the real server: upload, submit, wait, read results as JSON pages and as
// CSV (HEAD, byte ranges, ETags), list, cancel, determinism.

import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Backtest flow over HTTP")
struct BacktestFlowTests {
    /// Four daily bars of one asset: an entry decided on bar 0 and an exit decided on bar 2; see
    /// `handComputedRun` for the arithmetic.
    static let csv = """
        timestamp,asset,open,high,low,close,volume,ml_pred,confidence
        2020-01-02,AAA,100,101,99,100,1000,0.9,0.8
        2020-01-03,AAA,102,106,101,105,1000,0.5,0.8
        2020-01-06,AAA,104,111,103,110,1000,0.1,0.8
        2020-01-07,AAA,108,109,107,108,1000,0.5,0.8

        """

    static func run(
        _ s: TestServer, csv: String = csv, fraction: Double = 0.5, fill: String = "next_open"
    ) async throws -> String {
        let upload = try await s.client.uploadCSV(csv)
        try #require(upload.status == 201, "\(upload.text)")
        let dataset = try #require(try upload.json["id"]?.stringValue)
        let submitted = try await s.client.submit(CanonicalSpec.json(dataset: dataset, fraction: fraction, fill: fill))
        try #require(submitted.status == 202, "\(submitted.text)")
        #expect(submitted.header("Location")?.hasPrefix("/v1/backtests/bt_") == true)
        let id = try #require(try submitted.json["id"]?.stringValue)
        let job = try await s.client.waitForJob(id)
        try #require(job["status"]?.stringValue == "succeeded", "\(job)")
        return id
    }

    /// Cash 1,000,000, fraction 0.5 of one asset: allocation 500,000. Bar 0 close 100 → buy
    /// floor(500000 / 100) = 5000 shares, filled at bar 1 open 102: value 510,000, commission 510,
    /// cash 489,490. Bar 2 ml_pred 0.1 < 0.4 → sell 5000 at bar 3 open 108: value 540,000,
    /// commission 540, cash 1,028,950. Final equity 1,028,950; one trade, pnl 540000 - 510000 - 1050 = 28,950.
    @Test func handComputedRun() async throws {
        try await TestServer.with { s in
            let id = try await Self.run(s)
            let job = try await s.client.get("/v1/backtests/\(id)").json
            let summary = try #require(job["summary"])
            #expect(summary["final_equity"]?.numberValue == 1_028_950)
            #expect(summary["fills"]?.numberValue == 2)
            #expect(summary["trades"]?.numberValue == 1)
            #expect(summary["total_commission"]?.numberValue == 1050)
            #expect(job["spec"]?["execution"]?["fill"]?.stringValue == "next_open")
            #expect(job["progress"]?.numberValue == 1)

            let fills = try await s.client.get("/v1/backtests/\(id)/fills").json
            let rows = try #require(fills["items"]?.arrayValue)
            #expect(rows.count == 2)
            #expect(rows.first?["timestamp"]?.stringValue == "2020-01-03T00:00:00Z")
            #expect(rows.first?["side"]?.stringValue == "buy")
            #expect(rows.first?["quantity"]?.numberValue == 5000)
            #expect(rows.first?["price"]?.numberValue == 102)
            #expect(rows.last?["commission"]?.numberValue == 540)

            let trades = try await s.client.get("/v1/backtests/\(id)/trades").json
            #expect(trades["items"]?.arrayValue?.first?["pnl"]?.numberValue == 28_950)

            let csv = try await s.client.get("/v1/backtests/\(id)/fills?format=csv")
            #expect(
                csv.text == """
                    timestamp,asset,side,quantity,price,commission,slippage,order_id
                    2020-01-03T00:00:00Z,AAA,buy,5000,102,510,0,1
                    2020-01-07T00:00:00Z,AAA,sell,5000,108,540,0,2

                    """)
            let equity = try await s.client.get("/v1/backtests/\(id)/equity", headers: ["Accept": "text/csv"])
            #expect(equity.text.hasPrefix("timestamp,equity,cash,drawdown\n2020-01-02T00:00:00Z,1000000,1000000,0\n"))
        }
    }

    @Test func csvAnswersHeadRangesAndETags() async throws {
        try await TestServer.with { s in
            let id = try await Self.run(s)
            let path = "/v1/backtests/\(id)/equity?format=csv"
            let full = try await s.client.get(path)
            #expect(full.header("Accept-Ranges") == "bytes")
            #expect(full.header("Content-Length") == String(full.body.count))
            let head = try await s.client.send("HEAD", path)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(full.body.count))
            #expect(head.body.isEmpty)
            let range = try await s.client.get(path, headers: ["Range": "bytes=0-3"])
            #expect(range.status == 206)
            #expect(range.text == "time")
            #expect(range.header("Content-Range") == "bytes 0-3/\(full.body.count)")
            let etag = try #require(full.header("ETag"))
            let again = try await s.client.get(path, headers: ["If-None-Match": etag])
            #expect(again.status == 304)
            let job = try await s.client.get("/v1/backtests/\(id)")
            let jobTag = try #require(job.header("ETag"))
            #expect(try await s.client.get("/v1/backtests/\(id)", headers: ["If-None-Match": jobTag]).status == 304)
        }
    }

    @Test func largeTablesStreamTheSameTextAsTheWholeDownload() async throws {
        try await TestServer.with(streamCSVRows: 1) { s in
            let csv = String(decoding: SyntheticCSV.canonical(assets: 3, bars: 2_000, seed: 8), as: UTF8.self)
            let id = try await Self.run(s, csv: csv, fraction: 0.95)
            let path = "/v1/backtests/\(id)/equity?format=csv"
            let streamed = try await s.client.get(path)
            #expect(streamed.status == 200)
            #expect(streamed.header("Content-Length") == nil, "a streamed body has no length up front")
            // HEAD and ranges render the whole text; it must be the streamed text byte for byte.
            let head = try await s.client.send("HEAD", path)
            #expect(head.header("Content-Length") == String(streamed.body.count))
            let whole = try await s.client.get(path, headers: ["Range": "bytes=0-"])
            #expect(whole.body == streamed.body)
            #expect(streamed.text.split(separator: "\n").count == 2_001)
            #expect(streamed.header("ETag") == head.header("ETag"))
        }
    }

    @Test func pagesFollowCursors() async throws {
        try await TestServer.with { s in
            let id = try await Self.run(s)
            var cursor: String? = nil
            var timestamps: [String] = []
            repeat {
                let page = try await s.client.get(
                    "/v1/backtests/\(id)/equity?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                ).json
                timestamps += (page["items"]?.arrayValue ?? []).compactMap { $0["timestamp"]?.stringValue }
                cursor = page["next_cursor"]?.stringValue
            } while cursor != nil
            #expect(
                timestamps == [
                    "2020-01-02T00:00:00Z", "2020-01-03T00:00:00Z", "2020-01-06T00:00:00Z", "2020-01-07T00:00:00Z",
                ])
            let list = try await s.client.get("/v1/backtests?status=succeeded&limit=1").json
            #expect(list["items"]?.arrayValue?.first?["id"]?.stringValue == id)
            #expect(try await s.client.get("/v1/backtests?status=sideways").status == 400)
        }
    }

    @Test func sameSpecSameDataGivesByteIdenticalResults() async throws {
        try await TestServer.with(workers: 2) { s in
            let csv = String(decoding: SyntheticCSV.canonical(assets: 8, bars: 400, seed: 3), as: UTF8.self)
            let a = try await Self.run(s, csv: csv, fraction: 2)
            let b = try await Self.run(s, csv: csv, fraction: 2)
            for table in ["fills", "orders", "trades", "equity"] {
                let x = try await s.client.get("/v1/backtests/\(a)/\(table)?format=csv").body
                let y = try await s.client.get("/v1/backtests/\(b)/\(table)?format=csv").body
                #expect(x == y, "\(table) differs between identical runs")
                #expect(x.count > 100)
            }
        }
    }

    @Test func sameCloseFillsAtTheDecisionClose() async throws {
        try await TestServer.with { s in
            let id = try await Self.run(s, fill: "same_close")
            let fills = try await s.client.get("/v1/backtests/\(id)/fills").json
            let first = try #require(fills["items"]?.arrayValue?.first)
            #expect(first["timestamp"]?.stringValue == "2020-01-02T00:00:00Z")
            #expect(first["price"]?.numberValue == 100)
        }
    }

    @Test func datasetsListReadAndDelete() async throws {
        try await TestServer.with { s in
            let upload = try await s.client.uploadCSV(Self.csv, query: "?name=tiny")
            let info = try upload.json
            #expect(info["rows"]?.numberValue == 4)
            #expect(info["assets"]?.numberValue == 1)
            #expect(info["timestamps"]?.numberValue == 4)
            #expect(info["start"]?.stringValue == "2020-01-02T00:00:00Z")
            #expect(info["end"]?.stringValue == "2020-01-07T00:00:00Z")
            #expect(info["signal_columns"]?.arrayValue == [.string("ml_pred"), .string("confidence")])
            let id = try #require(info["id"]?.stringValue)
            #expect(try await s.client.get("/v1/datasets/\(id)").json["name"]?.stringValue == "tiny")
            #expect(try await s.client.get("/v1/datasets").json["items"]?.arrayValue?.count == 1)
            #expect(try await s.client.send("DELETE", "/v1/datasets/\(id)").status == 204)
            #expect(try await s.client.get("/v1/datasets/\(id)").status == 404)
        }
    }

    @Test func contextColumnsFilterEntries() async throws {
        try await TestServer.with { s in
            let bars = try await s.client.uploadCSV(Self.csv).json["id"]?.stringValue ?? ""
            let context = try await s.client.uploadCSV("timestamp,vix\n2020-01-01,40\n", query: "?kind=context")
            #expect(context.status == 201, "\(context.text)")
            let ctx = try context.json["id"]?.stringValue ?? ""
            let spec =
                #"{"dataset": "\#(bars)", "context": "\#(ctx)", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "filters": [{"column": "vix", "op": "<", "value": 30}]}}}"#
            let submitted = try await s.client.submit(spec)
            #expect(submitted.status == 202, "\(submitted.text)")
            let id = try submitted.json["id"]?.stringValue ?? ""
            let job = try await s.client.waitForJob(id)
            #expect(job["summary"]?["fills"]?.numberValue == 0, "vix 40 is never below 30, so nothing enters")
        }
    }

    @Test func strategiesAndHealth() async throws {
        try await TestServer.with { s in
            let catalog = try await s.client.get("/v1/strategies").json
            let params = catalog["items"]?.arrayValue?.first?["params"]?.arrayValue ?? []
            let names = params.compactMap { $0["name"]?.stringValue }
            #expect(names.contains("entry_above"))
            // Every template lists its params and their JSON Schema, which jsonschema accepts and
            // applies: specs the server takes pass, mistyped or incomplete ones fail.
            let templates = catalog["items"]?.arrayValue?.compactMap { $0["template"]?.stringValue } ?? []
            #expect(templates == StrategyTemplate.allCases.map(\.rawValue))
            let cases = #"""
                [{"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4,
                  "exit_signal": "x", "cooldown_bars": 3, "sizing": {"method": "confidence_scaled", "column": "c", "fraction": 0.2}}, "valid": true},
                 {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": "high", "exit_below": 0.4}, "valid": false},
                 {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8}, "valid": false},
                 {"template": "rules", "params": {"entry": "ml_pred > 0.8", "entry_order": {"type": "limit", "offset_bps": -10}}, "valid": true},
                 {"template": "rules", "params": {"entry": "ml_pred > 0.8", "bogus": 1}, "valid": false},
                 {"template": "target_weights", "params": {"weights": "w", "rebalance_every": 20, "drift": 0.02}, "valid": true},
                 {"template": "target_weights", "params": {"weights": "w", "rebalance_every": 0}, "valid": false}]
                """#
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Tools/validate_params.py")
            let outcome = try await Python.runOffPool(script, [s.client.baseURL, cases])
            #expect(outcome.status == 0, "\(outcome.output)")
            let health = try await s.client.get("/healthz")
            #expect(health.status == 200)
            #expect(try health.json["status"]?.stringValue == "ok")
        }
    }
}
