// Walk-forward over the real server, on a fixture whose answer is worked out by hand: one asset
// whose price rises for ten days, falls for ten, rises, falls; a signal that is always 1; a sweep
// of entry_above over {0.5: always long, 2.0: never in}. Each window's train part is one rising or
// falling stretch, so the best combination by total return is known (long after a rise, flat after
// a fall), and so is each test run's final equity and the stitched out-of-sample curve. Also: a
// backtest's `window` gives the run a dataset holding only those bars gives, and the problems of a
// walk-forward request name the member to fix.
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Walk-forward over HTTP")
struct WalkForwardFlowTests {
    /// Bar `t`'s price (open = high = low = close): up 1 a day for ten days from 100, down 1 a day
    /// for ten, and again.
    static func price(_ t: Int) -> Double {
        let step = Double(t % 10)
        return (t / 10) % 2 == 0 ? 100 + step : 108 - step
    }

    static let bars = 40

    static var csv: String {
        var lines = ["timestamp,asset,open,high,low,close,volume,ml_pred"]
        for t in 0..<bars {
            let p = price(t)
            lines.append("\(UTCTime.format(1_704_067_200 + Int64(t) * 86_400)),A,\(p),\(p),\(p),\(p),1000000,1")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func sweepBody(dataset: String, walkForward: JSONValue) -> JSONValue {
        .object([
            "base": .object([
                "dataset": .string(dataset),
                "strategy": .object([
                    "template": .string("threshold"),
                    "params": .object([
                        "signal": .string("ml_pred"), "entry_above": .number(0.5), "exit_below": .number(0),
                    ]),
                ]),
            ]),
            "grid": .object(["strategy.params.entry_above": .array([.number(0.5), .number(2.0)])]),
            "objective": .string("total_return"),
            "walk_forward": walkForward,
        ])
    }

    /// Final equity of a long run over bars `window` (decided on its first close, filled at the
    /// next open, 95 % of the cash in whole shares, marked at the last close).
    static func longFinalEquity(_ window: Range<Int>) -> Double {
        let cash = 1_000_000.0
        let quantity = (0.95 * cash / price(window.lowerBound)).rounded(.down)
        return cash - quantity * price(window.lowerBound + 1) + quantity * price(window.upperBound - 1)
    }

    @Test func windowsChooseTheKnownBestAndStitchTheTestRuns() async throws {
        try await TestServer.with { s in
            let upload = try await s.client.uploadCSV(Self.csv)
            try #require(upload.status == 201, "\(upload.text)")
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let body = Self.sweepBody(
                dataset: dataset, walkForward: .object(["train_bars": .int(10), "test_bars": .int(10)]))
            let submitted = try await SweepFlowTests.submitSweep(s, body)
            try #require(submitted.status == 202, "\(submitted.text)")
            let id = try #require(try submitted.json["id"]?.stringValue)
            let sweep = try await SweepFlowTests.waitForSweep(s, id)
            #expect(sweep["status"]?.stringValue == "succeeded", "\(sweep)")
            #expect(sweep["counts"]?["succeeded"]?.numberValue == 9) // 3 windows × 2 train runs + 3 test runs
            #expect(sweep["progress"]?.numberValue == 1)

            let document = try await s.client.get("/v1/sweeps/\(id)/walk_forward?precision=full").json
            let windows = try #require(document["windows"]?.arrayValue)
            try #require(windows.count == 3)
            // Rising train parts choose the long combination (0), the falling one the flat one (1).
            #expect(windows.map { $0["combination"]?.numberValue } == [0, 1, 0])
            #expect(
                windows.map { $0["parameters"]?["strategy.params.entry_above"]?.numberValue } == [0.5, 2.0, 0.5])
            #expect(windows.map { $0["train"]?["start_bar"]?.numberValue } == [0, 10, 20])
            #expect(windows.map { $0["test"]?["start_bar"]?.numberValue } == [10, 20, 30])
            #expect(windows.map { $0["test"]?["end_bar"]?.numberValue } == [20, 30, 40])
            #expect(windows[0]["train"]?["first"]?.stringValue == "2024-01-01T00:00:00Z")
            #expect(windows[0]["test"]?["last"]?.stringValue == "2024-01-20T00:00:00Z")
            let trainValue = Self.longFinalEquity(0..<10) / 1_000_000 - 1
            #expect(windows[0]["train_value"]?.numberValue == trainValue)
            #expect(windows[1]["train_value"]?.numberValue == 0)
            let finals = [Self.longFinalEquity(10..<20), 1_000_000, Self.longFinalEquity(30..<40)]
            #expect(windows.map { $0["test_summary"]?["final_equity"]?.numberValue } == finals)
            #expect(windows.allSatisfy { $0["overfitting"]?["trials"] != nil })

            // Each test run is an ordinary backtest over its window, with the chosen parameters.
            let test = try #require(windows[2]["backtest"]?.stringValue)
            let job = try await s.client.get("/v1/backtests/\(test)").json
            #expect(job["sweep"]?.stringValue == id)
            #expect(job["spec"]?["window"]?["start_bar"]?.numberValue == 30)
            #expect(job["spec"]?["strategy"]?["params"]?["entry_above"]?.numberValue == 0.5)

            // The stitched curve compounds the test runs' returns.
            let outOfSample = try #require(document["out_of_sample"])
            let points = try #require(outOfSample["equity"]?.arrayValue)
            #expect(points.count == 30)
            #expect(points[0]["timestamp"]?.stringValue == "2024-01-11T00:00:00Z")
            #expect(points[10]["equity"]?.numberValue == finals[0]) // flat through window 1
            let stitched = finals[0] * finals[2] / 1_000_000
            #expect(abs((outOfSample["final_equity"]?.numberValue ?? 0) - stitched) < 1e-6)
            #expect(abs((outOfSample["total_return"]?.numberValue ?? 0) - (stitched / 1_000_000 - 1)) < 1e-12)

            // The results list the train runs window by window, then the test runs.
            let results = try await s.client.get("/v1/sweeps/\(id)/results?precision=full").json
            let rows = try #require(results["items"]?.arrayValue)
            #expect(rows.map { $0["window"]?.numberValue } == [0, 0, 1, 1, 2, 2, 0, 1, 2])
            #expect(
                rows.map { $0["part"]?.stringValue } == Array(repeating: "train", count: 6) + ["test", "test", "test"])
            #expect(rows.suffix(3).map { $0["combination"]?.numberValue } == [0, 1, 0])
            #expect(rows.suffix(3).map { $0["final_equity"]?.numberValue } == finals)
        }
    }

    @Test func anchoredWindowsGrowFromTheFirstBar() async throws {
        try await TestServer.with { s in
            let upload = try await s.client.uploadCSV(Self.csv)
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let body = Self.sweepBody(
                dataset: dataset,
                walkForward: .object([
                    "train_bars": .int(10), "test_bars": .int(10), "step_bars": .int(15), "anchored": .bool(true),
                ]))
            let submitted = try await SweepFlowTests.submitSweep(s, body)
            try #require(submitted.status == 202, "\(submitted.text)")
            let id = try #require(try submitted.json["id"]?.stringValue)
            _ = try await SweepFlowTests.waitForSweep(s, id)
            let windows = try #require(
                try await s.client.get("/v1/sweeps/\(id)/walk_forward").json["windows"]?.arrayValue)
            // Tests start at 10 and 25; the second ends with the data (at 35 it would start past 39).
            #expect(windows.map { $0["train"]?["start_bar"]?.numberValue } == [0, 0])
            #expect(windows.map { $0["train"]?["end_bar"]?.numberValue } == [10, 25])
            #expect(windows.map { $0["test"]?["end_bar"]?.numberValue } == [20, 35])
            // Bars 0..<25: up to 109, down to 100, up to 104; long from open 101 to close 104 gains.
            #expect(windows.map { $0["combination"]?.numberValue } == [0, 0])
        }
    }

    @Test func aWindowedBacktestIsTheBacktestOfThoseBarsAlone() async throws {
        try await TestServer.with { s in
            let assets = 4
            let whole = String(decoding: SyntheticCSV.canonical(assets: assets, bars: 600, seed: 5), as: UTF8.self)
            var lines = whole.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last == "" { lines.removeLast() }
            let window = 150..<420
            let slice =
                ([lines[0]] + lines[(1 + window.lowerBound * assets)..<(1 + window.upperBound * assets)])
                .joined(separator: "\n") + "\n"
            let full = try #require(try await s.client.uploadCSV(whole).json["id"]?.stringValue)
            let part = try #require(try await s.client.uploadCSV(slice).json["id"]?.stringValue)
            func spec(_ dataset: String, _ window: String) -> String {
                #"{"dataset": "\#(dataset)", \#(window)"strategy": {"template": "rules", "params": {"entry": "ml_pred > 0.7 and close > sma(close, 20)", "exit": "ml_pred < 0.4"}}, "risk": {"stop_loss": 0.004}}"#
            }
            let windowed = try await s.client.submit(spec(full, #""window": {"start_bar": 150, "end_bar": 420}, "#))
            try #require(windowed.status == 202, "\(windowed.text)")
            let alone = try await s.client.submit(spec(part, ""))
            let a = try #require(try windowed.json["id"]?.stringValue)
            let b = try #require(try alone.json["id"]?.stringValue)
            let first = try await s.client.waitForJob(a, query: "&precision=full")
            let second = try await s.client.waitForJob(b, query: "&precision=full")
            #expect(first["status"]?.stringValue == "succeeded")
            #expect(first["summary"] == second["summary"])
            #expect((first["summary"]?["fills"]?.numberValue ?? 0) > 10)
            for table in ["fills", "orders", "trades", "equity"] {
                let x = try await s.client.get("/v1/backtests/\(a)/\(table)?format=csv").body
                let y = try await s.client.get("/v1/backtests/\(b)/\(table)?format=csv").body
                #expect(x == y, "\(table) differ")
            }
        }
    }

    @Test func problemsNameTheMemberToFix() async throws {
        try await TestServer.with { s in
            let upload = try await s.client.uploadCSV(Self.csv)
            let dataset = try #require(try upload.json["id"]?.stringValue)
            func problem(_ walkForward: JSONValue, base: (inout JSONValue) -> Void = { _ in }) async throws -> [String]
            {
                var body = Self.sweepBody(dataset: dataset, walkForward: walkForward)
                base(&body)
                let r = try await SweepFlowTests.submitSweep(s, body)
                #expect(r.status == 422, "\(r.text)")
                return try (r.json["errors"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
            }
            #expect(
                try await problem(.object(["train_bars": .int(40), "test_bars": .int(5)])) == [
                    "walk_forward.train_bars"
                ])
            #expect(
                try await problem(.object(["train_bars": .int(10), "test_bars": .int(10), "step_bars": .int(5)]))
                    == ["walk_forward.step_bars"])
            #expect(try await problem(.object(["test_bars": .int(10)])) == ["walk_forward.train_bars"])
            #expect(
                try await problem(
                    .object(["train_bars": .int(10), "test_bars": .int(10), "objective": .string("sharp")]))
                    == ["walk_forward.objective"])
            let windowed = try await problem(.object(["train_bars": .int(10), "test_bars": .int(10)])) { body in
                body = SweepFlowTests.setting("base.window", .object(["start_bar": .int(5)]), in: body)
            }
            #expect(windowed == ["base.window"])
            // A backtest's own window is checked against its dataset.
            let r = try await s.client.submit(
                #"{"dataset": "\#(dataset)", "window": {"start_bar": 10, "end_bar": 41}, "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.5, "exit_below": 0}}}"#
            )
            #expect(r.status == 422)
            #expect(try r.json["errors"]?.arrayValue?.first?["path"]?.stringValue == "window.end_bar")
        }
    }
}
