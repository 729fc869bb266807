// `?precision=` over the real server: the default (rounded) output is the documented rule applied
// to the full output, cell by cell, on every result table (CSV and JSON pages) and the summary;
// caches, entity tags, HEAD, ranges and long-poll answers keep the two forms apart; an unknown
// value is a 400 that names the allowed ones.
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Precision of result numbers")
struct PrecisionTests {
    enum Kind { case money, ratio }

    /// The computed columns of each table and what they denote (api-spec/openapi.yaml); every other
    /// column is written the same in both precisions.
    static let columns: [String: [String: Kind]] = [
        "fills": ["price": .money, "commission": .money, "slippage": .money],
        "orders": ["limit_price": .money, "stop_price": .money, "fill_price": .money, "commission": .money],
        "trades": [
            "entry_price": .money, "exit_price": .money, "commission": .money, "pnl": .money, "return": .ratio,
            "mfe": .ratio, "mae": .ratio,
        ],
        "equity": ["equity": .money, "cash": .money, "drawdown": .ratio],
    ]

    static let summary: [String: Kind] = {
        var kinds: [String: Kind] = [:]
        for key in [
            "initial_cash", "final_equity", "average_win", "average_loss", "total_commission", "total_slippage",
            "total_borrow_fees", "total_costs", "expectancy", "largest_win", "largest_loss",
        ] { kinds[key] = .money }
        for key in [
            "total_return", "cagr", "cagr_sessions", "mean_session_return", "best_session", "worst_session",
            "session_win_rate", "annual_volatility", "sharpe", "sortino", "downside_deviation", "skew", "kurtosis",
            "value_at_risk", "expected_shortfall", "tail_ratio", "omega", "max_drawdown", "average_drawdown", "calmar",
            "recovery_factor", "exposure", "time_in_market", "turnover", "win_rate", "profit_factor", "payoff_ratio",
            "average_trade_return", "average_bars_held", "average_mfe", "average_mae", "cost_drag",
        ] { kinds[key] = .ratio }
        return kinds
    }()

    static func rule(_ kind: Kind?, _ full: String) -> String {
        guard let kind, let x = Double(full) else { return full }
        return (kind == .money ? ReferenceRounding.money(x) : ReferenceRounding.ratio(x)) ?? full
    }

    static func run(_ s: TestServer, assets: Int = 6, bars: Int = 700) async throws -> String {
        let csv = String(decoding: SyntheticCSV.canonical(assets: assets, bars: bars, seed: 21), as: UTF8.self)
        return try await BacktestFlowTests.run(s, csv: csv, fraction: 0.95)
    }

    @Test func roundedCSVIsTheRuleAppliedToFullCSVCellByCell() async throws {
        try await TestServer.with { s in
            let id = try await Self.run(s)
            var changed = 0
            for (table, kinds) in Self.columns {
                let rounded = try await s.client.get("/v1/backtests/\(id)/\(table)?format=csv").text
                let full = try await s.client.get("/v1/backtests/\(id)/\(table)?format=csv&precision=full").text
                let roundedRows = rounded.split(separator: "\n", omittingEmptySubsequences: false)
                let fullRows = full.split(separator: "\n", omittingEmptySubsequences: false)
                try #require(roundedRows.count == fullRows.count && fullRows.count > 3, "\(table) rows")
                #expect(roundedRows[0] == fullRows[0], "\(table) header")
                let header = fullRows[0].split(separator: ",").map(String.init)
                for (r, f) in zip(roundedRows.dropFirst(), fullRows.dropFirst()) {
                    let rCells = r.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    let fCells = f.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    try #require(rCells.count == fCells.count)
                    for (i, (rc, fc)) in zip(rCells, fCells).enumerated() {
                        let expected = Self.rule(i < header.count ? kinds[header[i]] : nil, fc)
                        #expect(rc == expected, "\(table).\(header[i]): full \(fc) → \(rc), expected \(expected)")
                        if rc != fc { changed += 1 }
                    }
                }
            }
            #expect(changed > 0, "the data should produce some cell that rounding changes")
        }
    }

    @Test func roundedPagesAndSummaryAreTheRuleAppliedToFull() async throws {
        try await TestServer.with { s in
            let id = try await Self.run(s)
            for (table, kinds) in Self.columns {
                let path = "/v1/backtests/\(id)/\(table)?limit=10000"
                let rounded = try #require(try await s.client.get(path).json["items"]?.arrayValue)
                let full = try #require(try await s.client.get(path + "&precision=full").json["items"]?.arrayValue)
                try #require(rounded.count == full.count)
                for (r, f) in zip(rounded, full) {
                    guard case .object(let ro) = r, case .object(let fo) = f else {
                        throw CocoaError(.coderInvalidValue)
                    }
                    #expect(ro.keys == fo.keys)
                    for key in fo.keys {
                        Self.expectRounded(ro[key], of: fo[key], kinds[key], "\(table).\(key)")
                    }
                }
            }
            let rounded = try #require(try await s.client.get("/v1/backtests/\(id)").json["summary"])
            let full = try #require(try await s.client.get("/v1/backtests/\(id)?precision=full").json["summary"])
            guard case .object(let fo) = full else { throw CocoaError(.coderInvalidValue) }
            for key in fo.keys { Self.expectRounded(rounded[key], of: fo[key], Self.summary[key], "summary.\(key)") }
            let listed = try await s.client.get("/v1/backtests?precision=full").json["items"]?.arrayValue?.first
            #expect(listed?["summary"] == full)
        }
    }

    /// A rounded JSON cell reads as the double of the rule's text; other cells are identical.
    static func expectRounded(_ rounded: JSONValue?, of full: JSONValue?, _ kind: Kind?, _ name: String) {
        guard let kind, let x = full?.numberValue else {
            #expect(rounded == full, "\(name)")
            return
        }
        let text = (kind == .money ? ReferenceRounding.money(x) : ReferenceRounding.ratio(x)) ?? "nil"
        #expect(
            rounded?.numberValue == Double(text), "\(name): full \(x) → \(String(describing: rounded)), rule \(text)")
    }

    @Test func cachesTagsHeadAndRangesKeepThePrecisionsApart() async throws {
        try await TestServer.with(streamCSVRows: 1) { s in
            let id = try await Self.run(s)
            let rounded = "/v1/backtests/\(id)/equity?format=csv"
            let full = rounded + "&precision=full"
            // Plain GETs stream (nothing cached yet); HEAD then renders and caches the rounded text.
            let streamedRounded = try await s.client.get(rounded)
            let streamedFull = try await s.client.get(full)
            #expect(streamedRounded.body != streamedFull.body)
            let headRounded = try await s.client.send("HEAD", rounded)
            #expect(headRounded.header("Content-Length") == String(streamedRounded.body.count))
            // The full GET must not be answered from the rounded entry now cached.
            let fullAgain = try await s.client.get(full, headers: ["Range": "bytes=0-"])
            #expect(fullAgain.body == streamedFull.body)
            let headFull = try await s.client.send("HEAD", full)
            #expect(headFull.header("Content-Length") == String(streamedFull.body.count))
            #expect(try await s.client.get(rounded).body == streamedRounded.body)
            #expect(try await s.client.get(full).body == streamedFull.body)
            // Entity tags differ, and one precision's tag never validates the other.
            let roundedTag = try #require(headRounded.header("ETag"))
            let fullTag = try #require(headFull.header("ETag"))
            #expect(roundedTag != fullTag)
            #expect(streamedFull.header("ETag") == fullTag)
            #expect(try await s.client.get(full, headers: ["If-None-Match": roundedTag]).status == 200)
            #expect(try await s.client.get(full, headers: ["If-None-Match": fullTag]).status == 304)
            let range = try await s.client.get(full, headers: ["Range": "bytes=0-99"])
            #expect(range.status == 206)
            #expect(range.body == streamedFull.body.prefix(100))
            // Job documents: tags of the bytes, so each precision validates only itself.
            let job = try await s.client.get("/v1/backtests/\(id)")
            let jobFull = try await s.client.get("/v1/backtests/\(id)?precision=full")
            let tag = try #require(job.header("ETag"))
            if job.body != jobFull.body {
                #expect(
                    try await s.client.get("/v1/backtests/\(id)?precision=full", headers: ["If-None-Match": tag]).status
                        == 200)
            }
        }
    }

    @Test func longPollsAnswerInThePrecisionAsked() async throws {
        try await TestServer.with(workers: 1, barsPerChunk: 64) { s in
            let csv = String(decoding: SyntheticCSV.canonical(assets: 20, bars: 3_000, seed: 5), as: UTF8.self)
            let upload = try await s.client.uploadCSV(csv)
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let submitted = try await s.client.submit(CanonicalSpec.json(dataset: dataset))
            let id = try #require(try submitted.json["id"]?.stringValue)
            async let waitedRounded = s.client.get("/v1/backtests/\(id)?wait=60")
            async let waitedFull = s.client.get("/v1/backtests/\(id)?wait=60&precision=full")
            let (r, f) = try await (waitedRounded, waitedFull)
            try #require(try r.json["status"]?.stringValue == "succeeded")
            #expect(r.body == (try await s.client.get("/v1/backtests/\(id)")).body)
            #expect(f.body == (try await s.client.get("/v1/backtests/\(id)?precision=full")).body)
        }
    }

    @Test func unknownPrecisionIsABadQueryWithASuggestion() async throws {
        try await TestServer.with { s in
            let id = try await BacktestFlowTests.run(s)
            for path in [
                "/v1/backtests/\(id)/fills?precision=ful", "/v1/backtests/\(id)?precision=ful",
                "/v1/backtests?precision=ful",
            ] {
                let r = try await s.client.get(path)
                #expect(r.status == 400, "\(path)")
                let detail = try r.json["detail"]?.stringValue ?? ""
                #expect(detail.contains(#""rounded" and "full""#), "\(detail)")
                #expect(detail.contains(#"Did you mean "full"?"#), "\(detail)")
            }
            #expect(try await s.client.get("/v1/backtests/\(id)/trades?format=csv&precision=full").status == 200)
            #expect(try await s.client.get("/v1/backtests/\(id)/orders?precision=rounded").status == 200)
        }
    }
}
