// Every malformed backtest request answers 4xx problem+json naming the JSON path and the fix.
import Foundation
import TestSupport
import Testing

@Suite("Bad backtest requests")
struct BadSpecTests {
    static let csv = """
        timestamp,asset,open,close,ml_pred,confidence
        2020-01-02,AAA,10,10,0.9,0.8
        2020-01-03,AAA,11,11,0.1,0.8
        2020-01-06,AAA,12,12,0.9,0.8

        """

    /// Uploads the small dataset and returns its id.
    static func dataset(_ s: TestServer) async throws -> String {
        let r = try await s.client.uploadCSV(csv)
        try #require(r.status == 201, "\(r.text)")
        return try #require(try r.json["id"]?.stringValue)
    }

    static func spec(
        _ dataset: String, params: String = #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4"#,
        extra: String = "", template: String = "threshold"
    ) -> String {
        #"{"dataset": "\#(dataset)", "strategy": {"template": "\#(template)", "params": {\#(params)}}\#(extra)}"#
    }

    /// Posts `body` and returns the first error item of a 422 problem.
    static func firstError(
        _ s: TestServer, _ body: String, status: Int = 422
    ) async throws -> (path: String, message: String) {
        let r = try await s.client.submit(body)
        #expect(r.status == status, "\(r.text)")
        #expect(r.header("Content-Type") == "application/problem+json")
        let first = try #require(try r.json["errors"]?.arrayValue?.first, "\(r.text)")
        return (first["path"]?.stringValue ?? "", first["message"]?.stringValue ?? "")
    }

    @Test func unknownFieldSuggestsTheNearestName() async throws {
        try await TestServer.with { s in
            let id = try await Self.dataset(s)
            let e = try await Self.firstError(s, Self.spec(id, extra: #", "acount": {"initial_cash": 5}"#))
            #expect(e.path == "acount")
            #expect(e.message.contains("Did you mean \"account\"?"))
            let nested = try await Self.firstError(
                s,
                Self.spec(id, params: #""signal": "ml_pred", "entry_abve": 0.8, "entry_above": 0.8, "exit_below": 0.4"#)
            )
            #expect(nested.path == "strategy.params.entry_abve")
            #expect(nested.message.contains("entry_above"))
        }
    }

    @Test func wrongTypeNamesPathAndTypes() async throws {
        try await TestServer.with { s in
            let id = try await Self.dataset(s)
            let e = try await Self.firstError(
                s, Self.spec(id, params: #""signal": "ml_pred", "entry_above": "high", "exit_below": 0.4"#))
            #expect(e.path == "strategy.params.entry_above")
            #expect(e.message.contains("expected a number, found string"))
        }
    }

    @Test func unknownTemplateListsKnownOnes() async throws {
        try await TestServer.with { s in
            let id = try await Self.dataset(s)
            let e = try await Self.firstError(s, Self.spec(id, template: "treshold"))
            #expect(e.path == "strategy.template")
            #expect(e.message.contains("\"threshold\""))
        }
    }

    @Test func missingSignalColumnListsAvailableColumns() async throws {
        try await TestServer.with { s in
            let id = try await Self.dataset(s)
            let e = try await Self.firstError(
                s, Self.spec(id, params: #""signal": "ml_prediction", "entry_above": 0.8, "exit_below": 0.4"#))
            #expect(e.path == "strategy.params.signal")
            #expect(e.message.contains("\"ml_pred\"") && e.message.contains("\"confidence\""))
            let f = try await Self.firstError(
                s,
                Self.spec(
                    id,
                    params:
                        #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "filters": [{"column": "vix", "op": ">", "value": 1}]"#
                ))
            #expect(f.path == "strategy.params.filters[0].column")
        }
    }

    @Test func unknownDatasetIsNamed() async throws {
        try await TestServer.with { s in
            let e = try await Self.firstError(s, Self.spec("ds_nothere"))
            #expect(e.path == "dataset")
            #expect(e.message.contains("ds_nothere"))
        }
    }

    @Test func everyProblemIsReportedAtOnce() async throws {
        try await TestServer.with { s in
            let r = try await s.client.submit(
                #"{"strategy": {"template": "threshold", "params": {"signal": 3}}, "execution": {"fill": "next_close"}}"#
            )
            #expect(r.status == 422)
            let paths = try (r.json["errors"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
            #expect(
                Set(paths).isSuperset(of: [
                    "dataset", "strategy.params.signal", "strategy.params.entry_above",
                    "strategy.params.exit_below", "execution.fill",
                ]), "\(paths)")
        }
    }

    @Test func malformedJSONNamesLineAndColumn() async throws {
        try await TestServer.with { s in
            let r = try await s.client.submit("{\"dataset\": \"x\",\n  \"strategy\": }")
            #expect(r.status == 400)
            let problem = try r.json
            #expect(problem["code"]?.stringValue == "malformed_json")
            #expect(problem["detail"]?.stringValue?.contains("line 2, column 15") == true, "\(r.text)")
            let empty = try await s.client.submit("")
            #expect(empty.status == 400)
        }
    }

    @Test func wrongContentTypeAnswers415() async throws {
        try await TestServer.with { s in
            let r = try await s.client.send("POST", "/v1/backtests", body: Data("{}".utf8), contentType: "text/plain")
            #expect(r.status == 415)
        }
    }

    @Test func unknownRoutesAndMethodsAreProblems() async throws {
        try await TestServer.with { s in
            let missing = try await s.client.get("/v1/nothing")
            #expect(missing.status == 404)
            #expect(missing.header("Content-Type") == "application/problem+json")
            let wrongMethod = try await s.client.send("PUT", "/v1/backtests")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow")?.contains("POST") == true)
            let unknownJob = try await s.client.get("/v1/backtests/bt_unknown")
            #expect(unknownJob.status == 404)
            let badWait = try await s.client.get("/v1/backtests/bt_unknown?wait=abc")
            #expect(badWait.status == 400)
        }
    }
}

extension BadSpecTests {
    @Test func hugeNamesAndBodiesAreCheapToRefuse() async throws {
        try await TestServer.with { s in
            let id = try await Self.dataset(s)
            let longName = String(repeating: "x", count: 200_000)
            let e = try await Self.firstError(s, Self.spec(id, extra: ", \"\(longName)\": 1"))
            #expect(e.path.count < 100, "the echoed name is truncated")
            let manyKeys = (0..<30_000).map { "\"k\($0)\": 0" }.joined(separator: ", ")
            let many = try await s.client.submit(Self.spec(id, extra: ", \"name\": {\(manyKeys)}"))
            #expect(many.status == 413 || many.status == 422)
            let big = try await s.client.submit(
                Self.spec(id, extra: ", \"name\": \"\(String(repeating: "y", count: 2 << 20))\""))
            #expect(big.status == 413)
            #expect(try big.json["code"]?.stringValue == "spec_too_large")
        }
    }

    // A dataset uploaded without an `open` column lists no open, and a next_open run on it is refused
    // (it used to fill at the close without a word); same_close runs.
    @Test func nextOpenOnDataWithoutOpensIsRefused() async throws {
        try await TestServer.with { s in
            let csv = "timestamp,asset,close,ml_pred\n2024-01-02T00:00:00Z,A,10,0.9\n2024-01-03T00:00:00Z,A,11,0.1\n"
            let upload = try await s.client.uploadCSV(csv)
            try #require(upload.status == 201, "\(upload.text)")
            let columns = try upload.json["columns"]?.arrayValue?.compactMap(\.stringValue)
            #expect(columns == ["timestamp", "asset", "close", "ml_pred"])
            let id = try #require(try upload.json["id"]?.stringValue)
            let e = try await Self.firstError(s, Self.spec(id))
            #expect(e.path == "execution.fill" && e.message.contains("same_close"))
            let sameClose = try await s.client.submit(Self.spec(id, extra: #", "execution": {"fill": "same_close"}"#))
            #expect(sameClose.status == 202, "\(sameClose.text)")
        }
    }

    /// The issue's invalid combinations: each answers 422 naming its JSON path.
    @Test(arguments: [
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "short_below": 0.2, "cover_above": 0.6"#, "",
            "strategy.params.short_below", "margin"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4"#,
            #", "account": {"type": "margin", "max_leverage": 0.5}"#, "account.max_leverage", ">= 1"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4"#, #", "account": {"max_leverage": 2}"#,
            "account.max_leverage", "cash account"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4"#, #", "risk": {"stop_loss": 1.5}"#,
            "risk.stop_loss", "(0, 1)"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4"#, #", "risk": {"trailing_stop": 0}"#,
            "risk.trailing_stop", "(0, 1)"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "entry_order": {"type": "stop_limit", "offset_bps": 20}"#,
            "", "strategy.params.entry_order.stop_offset_bps", "stop level"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "exit_order": {"type": "trailing_stop", "trail_percent": 0}"#,
            "", "strategy.params.exit_order.trail_percent", "(0, 1)"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "entry_order": {"type": "limit", "column": "nope"}"#,
            "", "strategy.params.entry_order.column", "nope"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "exit_signal": "ml_prd""#,
            "", "strategy.params.exit_signal", "Did you mean \"ml_pred\"?"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "exit_filters": [{"column": "confidence", "op": "=", "value": 1}]"#,
            "", "strategy.params.exit_filters[0].op", "\">=\""
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "cooldown_bars": -3"#, "",
            "strategy.params.cooldown_bars", "from 0 to"
        ),
        (
            #""signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "min_holding_bars": 1.5"#, "",
            "strategy.params.min_holding_bars", "whole number"
        ),
    ])
    func invalidCombinationsNameTheirPath(params: String, extra: String, path: String, hint: String) async throws {
        try await TestServer.with { s in
            let id = try await Self.dataset(s)
            let e = try await Self.firstError(s, Self.spec(id, params: params, extra: extra))
            #expect(e.path == path && e.message.contains(hint), "\(e)")
        }
    }
}
