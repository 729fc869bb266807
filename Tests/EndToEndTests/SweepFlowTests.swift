// Sweeps over the real server: a grid's rows equal, statistic for statistic, the same specs
// submitted one by one as backtests (two templates, 24 combinations each, the specs built here
// independently of the server's path machinery); the best combination and the overfitting
// statistics agree with a recomputation in numpy and scipy from the children's equity curves;
// random sweeps draw the same combinations from the same seed; problems name the grid value or
// range to fix. (Cancelling and deleting are checked in-process, where no worker races the test:
// SweepRoutesTests.)
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Sweeps over HTTP")
struct SweepFlowTests {
    /// Six assets, 24 exchange days of minute bars (24 sessions).
    static let csv = String(decoding: SyntheticCSV.canonical(assets: 6, bars: 390 * 24, seed: 11), as: UTF8.self)

    /// A grid test case: the base spec (with `DATASET` for the dataset id) and the grid, in order.
    struct Grid: Sendable, CustomTestStringConvertible {
        var name: String
        var base: String
        var axes: [(path: String, values: [JSONValue])]
        var testDescription: String { name }

        /// The combinations in the documented order: the last path varies fastest.
        var combinations: [[JSONValue]] {
            axes.reduce([[]]) { partial, axis in partial.flatMap { prefix in axis.values.map { prefix + [$0] } } }
        }

        /// The grid member of a sweep request.
        var gridJSON: JSONValue { .object(JSONObject(members: axes.map { ($0.path, .array($0.values)) })) }
    }

    static let threshold = Grid(
        name: "threshold: entry x exit x stop-loss",
        base:
            #"{"dataset": "DATASET", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4}}}"#,
        axes: [
            ("strategy.params.entry_above", [0.55, 0.65, 0.75, 0.85].map(JSONValue.number)),
            ("strategy.params.exit_below", [0.3, 0.45].map(JSONValue.number)),
            ("risk.stop_loss", [0.001, 0.003, 0.01].map(JSONValue.number)),
        ])

    static let topK = Grid(
        name: "top_k: k x rebalancing x weighting x commission",
        base:
            #"{"dataset": "DATASET", "strategy": {"template": "top_k", "params": {"signal": "ml_pred", "k": 2, "rebalance_every": 30}}}"#,
        axes: [
            ("strategy.params.k", [1, 2, 3].map(JSONValue.int)),
            ("strategy.params.rebalance_every", [15, 60].map(JSONValue.int)),
            ("strategy.params.weighting", [.string("equal"), .string("signal")]),
            (
                "execution.commission",
                [
                    .object(["model": .string("percent"), "rate": .number(0)]),
                    .object(["model": .string("percent"), "rate": .number(0.001)]),
                ]
            ),
        ])

    static func upload(_ s: TestServer) async throws -> String {
        let r = try await s.client.uploadCSV(csv)
        try #require(r.status == 201, "\(r.text)")
        return try #require(try r.json["id"]?.stringValue)
    }

    static func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// `document` with `value` at the dotted member path `path` (members created as needed).
    static func setting(_ path: Substring, _ value: JSONValue, in document: JSONValue) -> JSONValue {
        guard let dot = path.firstIndex(of: ".") else {
            guard case .object(var object) = document else { return .object([String(path): value]) }
            object[String(path)] = value
            return .object(object)
        }
        let key = String(path[..<dot])
        var object: JSONObject = if case .object(let o) = document { o } else { [:] }
        object[key] = setting(path[path.index(after: dot)...], value, in: object[key] ?? .null)
        return .object(object)
    }

    static func submitSweep(_ s: TestServer, _ body: JSONValue) async throws -> TestResponse {
        try await s.client.send(
            "POST", "/v1/sweeps", body: Data(JSONWriter.encode(body)), contentType: "application/json")
    }

    /// Long-polls a sweep until it has finished.
    static func waitForSweep(_ s: TestServer, _ id: String) async throws -> JSONValue {
        while true {
            let json = try await s.client.get("/v1/sweeps/\(id)?wait=30&precision=full").json
            if let status = json["status"]?.stringValue, ["succeeded", "failed", "cancelled"].contains(status) {
                return json
            }
        }
    }

    /// Submits the grid as a sweep and waits for it; returns the sweep and its rows (full precision).
    static func runSweep(_ s: TestServer, _ grid: Grid, dataset: String) async throws -> (JSONValue, [JSONValue]) {
        let base = try parse(grid.base.replacingOccurrences(of: "DATASET", with: dataset))
        let submitted = try await submitSweep(s, .object(["base": base, "grid": grid.gridJSON]))
        try #require(submitted.status == 202, "\(submitted.text)")
        let id = try #require(try submitted.json["id"]?.stringValue)
        #expect(submitted.header("Location") == "/v1/sweeps/\(id)")
        let sweep = try await waitForSweep(s, id)
        let results = try await s.client.get("/v1/sweeps/\(id)/results?precision=full&limit=10000").json
        return (sweep, try #require(results["items"]?.arrayValue))
    }

    @Test(arguments: [threshold, topK])
    func rowsEqualTheSameSpecsSubmittedOneByOne(_ grid: Grid) async throws {
        try await TestServer.with { s in
            let dataset = try await Self.upload(s)
            let (sweep, rows) = try await Self.runSweep(s, grid, dataset: dataset)
            let combinations = grid.combinations
            #expect(combinations.count == 24)
            #expect(sweep["status"]?.stringValue == "succeeded", "\(sweep)")
            #expect(sweep["counts"]?["succeeded"]?.numberValue == 24)
            #expect(sweep["combinations"]?.numberValue == 24)
            try #require(rows.count == 24)
            let children = try #require(sweep["children"]?.arrayValue?.compactMap { $0.stringValue })
            let base = try Self.parse(grid.base.replacingOccurrences(of: "DATASET", with: dataset))
            var sharpes: [Double] = []
            for (c, values) in combinations.enumerated() {
                let row = rows[c]
                #expect(row["combination"]?.numberValue == Double(c))
                #expect(row["backtest"]?.stringValue == children[c])
                for (axis, value) in zip(grid.axes, values) { #expect(row[axis.path] == value, "\(axis.path) of \(c)") }
                // The same spec, built here and submitted alone.
                var spec = base
                for (axis, value) in zip(grid.axes, values) { spec = Self.setting(axis.path[...], value, in: spec) }
                let submitted = try await s.client.submit(String(decoding: JSONWriter.encode(spec), as: UTF8.self))
                try #require(submitted.status == 202, "\(submitted.text)")
                let alone = try await s.client.waitForJob(
                    try #require(try submitted.json["id"]?.stringValue), query: "&precision=full")
                let summary = try #require(
                    alone["summary"].flatMap { v -> JSONObject? in
                        if case .object(let o) = v { o } else { nil }
                    })
                var compared = 0
                for (name, value) in summary.members where name != "benchmark" {
                    #expect(
                        row[name] == value, "\(name) of combination \(c): sweep \(row[name] ?? .null), alone \(value)")
                    compared += 1
                }
                #expect(compared > 50)
                // The child is an ordinary backtest naming its sweep, with the same spec.
                let child = try await s.client.get("/v1/backtests/\(children[c])").json
                #expect(child["sweep"] == sweep["id"])
                #expect(child["spec"] == alone["spec"])
                #expect(alone["sweep"] == .null)
                sharpes.append(row["sharpe"]?.numberValue ?? -.infinity)
            }
            let best = sharpes.indices.max { (sharpes[$0], -$0) < (sharpes[$1], -$1) }!
            #expect(sweep["best"]?["combination"]?.numberValue == Double(best))
            #expect(sweep["best"]?["backtest"]?.stringValue == children[best])
            // Sorted by a statistic, descending by default; CSV carries the same rows.
            let id = try #require(sweep["id"]?.stringValue)
            let sorted = try #require(
                try await s.client.get("/v1/sweeps/\(id)/results?sort=sharpe&precision=full").json["items"]?.arrayValue)
            let order = sorted.compactMap { $0["combination"]?.numberValue }.map { Int($0) }
            #expect(order == sharpes.indices.sorted { (sharpes[$0], -$0) > (sharpes[$1], -$1) })
            let csv = try await s.client.get("/v1/sweeps/\(id)/results?format=csv").text
            let lines = csv.split(separator: "\n")
            #expect(lines.count == 25)
            #expect(lines.first?.hasPrefix("combination,backtest,status,error,\(grid.axes[0].path),") == true)
        }
    }

    @Test func overfittingStatisticsAgreeWithNumpyAndScipy() async throws {
        try await TestServer.with { s in
            let dataset = try await Self.upload(s)
            let (sweep, rows) = try await Self.runSweep(s, Self.threshold, dataset: dataset)
            var equity: [String] = []
            for row in rows {
                let id = try #require(row["backtest"]?.stringValue)
                equity.append(try await s.client.get("/v1/backtests/\(id)/equity?format=csv&precision=full").text)
            }
            let directory = try Python.temporaryDirectory("sweep-overfitting")
            defer { try? FileManager.default.removeItem(at: directory) }
            let input = directory.appendingPathComponent("input.json")
            try JSONSerialization.data(withJSONObject: ["initial_cash": 1_000_000, "equity": equity]).write(to: input)
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Peers/sweep_overfitting.py")
            let outcome = try await Python.runOffPool(script, [input.path])
            try #require(outcome.status == 0, "\(outcome.output)")
            let reference = try Self.parse(outcome.output)
            let overfitting = try #require(sweep["overfitting"])
            func close(_ key: String, _ referenceKey: String, tolerance: Double = 1e-9) {
                let ours = overfitting[key]?.numberValue ?? .nan
                let theirs = reference[referenceKey]?.numberValue ?? .nan
                #expect(abs(ours - theirs) <= tolerance * max(1, abs(theirs)), "\(key): \(ours) vs \(theirs)")
            }
            #expect(sweep["best"]?["combination"] == reference["best"])
            #expect(overfitting["trials"]?.numberValue == 24)
            #expect(overfitting["observations"] == reference["observations"])
            #expect(overfitting["pbo_blocks"] == reference["blocks"])
            #expect(overfitting["pbo_splits"] == reference["splits"])
            close("sharpe", "sharpe")
            close("skewness", "skewness")
            close("kurtosis", "kurtosis")
            close("sharpe_variance", "variance")
            close("expected_max_sharpe", "expected_maximum")
            close("probabilistic_sharpe", "probabilistic")
            close("deflated_sharpe", "deflated")
            close("pbo", "pbo", tolerance: 0)
        }
    }

    @Test func aRandomSweepDrawsTheSameCombinationsFromTheSameSeed() async throws {
        try await TestServer.with { s in
            let dataset = try await Self.upload(s)
            let body = try Self.parse(
                #"""
                {"base": {"dataset": "\#(dataset)", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "exit_below": 0.4}}},
                 "random": {"n": 8, "seed": 42, "ranges": {
                   "strategy.params.entry_above": {"min": 0.55, "max": 0.95},
                   "strategy.params.cooldown_bars": {"min": 0, "max": 5, "integer": true},
                   "risk.stop_loss": {"min": 0.001, "max": 0.1, "log": true},
                   "strategy.params.signal": {"values": ["ml_pred", "confidence"]}}},
                 "objective": {"metric": "max_drawdown", "goal": "minimize"}}
                """#)
            var drawn: [[JSONValue]] = []
            for _ in 0..<2 {
                let submitted = try await Self.submitSweep(s, body)
                try #require(submitted.status == 202, "\(submitted.text)")
                let sweep = try await Self.waitForSweep(s, try #require(try submitted.json["id"]?.stringValue))
                #expect(sweep["status"]?.stringValue == "succeeded")
                let id = try #require(sweep["id"]?.stringValue)
                let rows = try #require(
                    try await s.client.get("/v1/sweeps/\(id)/results?precision=full").json["items"]?.arrayValue)
                drawn.append(
                    rows.map { row in
                        .array(
                            [
                                "strategy.params.entry_above", "strategy.params.cooldown_bars", "risk.stop_loss",
                                "strategy.params.signal",
                            ].map { row[$0] ?? .null })
                    })
                for row in rows {
                    let entry = row["strategy.params.entry_above"]?.numberValue ?? 0
                    let cooldown = row["strategy.params.cooldown_bars"]?.numberValue ?? -1
                    let stop = row["risk.stop_loss"]?.numberValue ?? 0
                    #expect((0.55...0.95).contains(entry))
                    #expect([0, 1, 2, 3, 4, 5].contains(cooldown))
                    #expect((0.001...0.1).contains(stop))
                }
                // The best minimizes the drawdown.
                let drawdowns = rows.compactMap { $0["max_drawdown"]?.numberValue }
                #expect(sweep["best"]?["value"]?.numberValue == drawdowns.min())
            }
            #expect(drawn[0] == drawn[1])
            #expect(Set(drawn[0].map { JSONWriter.text($0) }).count == 8)
        }
    }

    @Test func problemsNameTheValueOrRangeToFix() async throws {
        try await TestServer.with { s in
            let dataset = try await Self.upload(s)
            let base =
                #"{"dataset": "\#(dataset)", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4}}}"#
            func problems(_ rest: String) async throws -> [String: String] {
                let r = try await s.client.send(
                    "POST", "/v1/sweeps", body: Data(#"{"base": \#(base), \#(rest)}"#.utf8),
                    contentType: "application/json")
                #expect(r.status == 422, "\(r.text)")
                var found: [String: String] = [:]
                for item in try r.json["errors"]?.arrayValue ?? [] {
                    found[item["path"]?.stringValue ?? ""] = item["message"]?.stringValue ?? ""
                }
                return found
            }
            let grid = try await problems(
                #""grid": {"risk.stop_loss": [0.02, 1.5], "strategy.params.signal": ["ml_pred", "ml_pre"]}"#)
            #expect(grid.keys.sorted() == [#"grid["risk.stop_loss"][1]"#, #"grid["strategy.params.signal"][1]"#])
            #expect(grid[#"grid["risk.stop_loss"][1]"#]?.contains("(0, 1)") == true)
            #expect(grid[#"grid["strategy.params.signal"][1]"#]?.contains("ml_pred") == true)
            let random = try await problems(
                #""random": {"n": 20, "ranges": {"strategy.params.signal": {"values": ["ml_pred", "nope"]}}}"#)
            #expect(random.count == 1)
            #expect(random[#"random.ranges["strategy.params.signal"]"#]?.contains("\"nope\"") == true)
            let shape = try await problems(
                #""grid": {"strategy.params.filters[0].value": [1], "a..b": [1], "risk": []}, "objective": "sharpee""#)
            #expect(shape[#"grid["a..b"]"#] != nil)
            #expect(shape[#"grid["risk"]"#]?.contains("empty array") == true)
            #expect(shape["objective"]?.contains("\"sharpe\"") == true)
            let past = try await problems(#""grid": {"strategy.params.filters[0].value": [1]}"#)
            #expect(
                past[#"grid["strategy.params.filters[0].value"]"#]?.contains("not in the base spec") == true, "\(past)")
            let both = try await problems(#""grid": {"risk.stop_loss": [0.1]}, "random": {"n": 1}"#)
            #expect(both["random"] != nil)
            let values = "[" + (1...101).map { "0.\($0)" }.joined(separator: ",") + "]"
            let big = try await problems(
                #""grid": {"risk.stop_loss": \#(values), "strategy.params.entry_above": \#(values)}"#)
            #expect(big["grid"]?.contains("10201 combinations; at most 10000") == true, "\(big)")
        }
    }
}
