// Signal datasets, context lags and signal delays over the real server: a signals upload in long
// format gives the same fills as the same values embedded in the bars; `context.available_after`
// keeps day-end context out of its own day; `signal_delay_bars` is echoed and moves fills; and each
// wrong input answers 422 at its JSON path.

import BacktestEngine
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Point in time over HTTP")
struct PointInTimeFlowTests {
    /// Hourly bars of three assets with `ml_pred` and `confidence`, and the same `ml_pred` values as
    /// a long-format signals upload (known at their timestamps).
    static func data(bars: Int = 240) -> (withSignal: String, withoutSignal: String, signals: String) {
        var rng = SplitMix64(seed: 77)
        var with = "timestamp,asset,open,high,low,close,volume,ml_pred,confidence\n"
        var without = "timestamp,asset,open,high,low,close,volume,confidence\n"
        var signals = "asset,timestamp,name,value\n"
        var price = [50.0, 60, 70]
        for t in 0..<bars {
            let time = UTCTime.format(1_577_974_800 + Int64(t) * 3_600)
            for a in 0..<3 {
                let open = (price[a] * (0.99 + 0.02 * rng.unit()) * 100).rounded() / 100
                let close = (open * (0.98 + 0.04 * rng.unit()) * 100).rounded() / 100
                price[a] = close
                let pred = rng.next() % 50 == 0 ? "" : String((rng.unit() * 1000).rounded() / 1000)
                let confidence = String((rng.unit() * 1000).rounded() / 1000)
                let bar = "\(time),A\(a),\(open),\(max(open, close)),\(min(open, close)),\(close),1000"
                with += "\(bar),\(pred),\(confidence)\n"
                without += "\(bar),\(confidence)\n"
                signals += "A\(a),\(time),ml_pred,\(pred)\n"
            }
        }
        return (with, without, signals)
    }

    static func upload(_ s: TestServer, _ csv: String, kind: String = "bars") async throws -> String {
        let r = try await s.client.uploadCSV(csv, query: "?kind=\(kind)")
        try #require(r.status == 201, "\(r.text)")
        return try #require(try r.json["id"]?.stringValue)
    }

    /// Runs `spec` to success and returns the job and its fills as CSV.
    static func run(_ s: TestServer, _ spec: String) async throws -> (job: JSONValue, fills: String) {
        let submitted = try await s.client.submit(spec)
        try #require(submitted.status == 202, "\(submitted.text)")
        let id = try #require(try submitted.json["id"]?.stringValue)
        let job = try await s.client.waitForJob(id)
        try #require(job["status"]?.stringValue == "succeeded", "\(job)")
        let fills = try await s.client.get("/v1/backtests/\(id)/fills?format=csv&limit=100000")
        return (job, fills.text)
    }

    @Test func aSignalsDatasetGivesTheFillsOfTheEmbeddedColumn() async throws {
        try await TestServer.with { s in
            let (with, without, signals) = Self.data()
            let embedded = try await Self.upload(s, with)
            let bars = try await Self.upload(s, without)
            let series = try await Self.upload(s, signals, kind: "signals")
            let info = try await s.client.get("/v1/datasets/\(series)").json
            #expect(info["kind"]?.stringValue == "signals")
            #expect(info["signal_columns"]?.arrayValue?.compactMap(\.stringValue) == ["ml_pred"])
            #expect(info["assets"]?.numberValue == 3)
            #expect(info["rows"]?.numberValue == 720)

            let reference = try await Self.run(s, CanonicalSpec.json(dataset: embedded, fraction: 0.3))
            let merged = try await Self.run(
                s, CanonicalSpec.json(dataset: bars, fraction: 0.3, extra: #""signals": ["\#(series)"]"#))
            #expect(reference.fills.split(separator: "\n").count > 5)
            #expect(merged.fills == reference.fills)
            #expect(merged.job["summary"]?["final_equity"] == reference.job["summary"]?["final_equity"])
            #expect(merged.job["spec"]?["signals"]?.arrayValue?.compactMap(\.stringValue) == [series])

            // One bar of inference latency moves the fills, and is echoed.
            let late = try await Self.run(
                s, CanonicalSpec.json(dataset: embedded, fraction: 0.3, extra: #""signal_delay_bars": 1"#))
            #expect(late.job["spec"]?["signal_delay_bars"]?.numberValue == 1)
            #expect(late.fills != reference.fills)
        }
    }

    // Daily vix stamped at midnight, known at the day's end: without a lag the day's own value
    // reaches its hourly bars; with `available_after: "1d"` only the previous day's does. The vix of
    // the first day is 10 (entries pass `vix < 20`), later days 40: without the lag entries happen on
    // day 1 only, with it from day 2 only (they see day 1's 10 during day 2).
    @Test func contextAvailableAfterKeepsADayEndValueOutOfItsDay() async throws {
        try await TestServer.with { s in
            let (with, _, _) = Self.data(bars: 72)
            let bars = try await Self.upload(s, with)
            let context = try await Self.upload(
                s, "timestamp,vix\n2020-01-02,10\n2020-01-03,40\n2020-01-04,40\n2020-01-05,40\n", kind: "context")
            func spec(_ contextJSON: String) -> String {
                CanonicalSpec.json(dataset: bars, fraction: 0.3, extra: #""context": \#(contextJSON)"#)
                    .replacingOccurrences(
                        of: #"{"column": "confidence", "op": ">", "value": 0.7}"#,
                        with:
                            #"{"column": "confidence", "op": ">", "value": 0.7}, {"column": "vix", "op": "<", "value": 20}"#
                    )
            }
            let leaky = try await Self.run(s, spec(#""\#(context)""#))
            let lagged = try await Self.run(s, spec(#"{"dataset": "\#(context)", "available_after": "1d"}"#))
            #expect(
                lagged.job["spec"]?["context"]
                    == .object(["dataset": .string(context), "available_after": .int(86_400)]))
            func buyDays(_ fills: String) -> Set<String> {
                Set(
                    fills.split(separator: "\n").dropFirst().filter { $0.contains(",buy,") }.map {
                        String($0.prefix(10))
                    })
            }
            // Fills are at the next bar's open: an entry decided at 23:00 fills at 00:00 the next day.
            let leakyDays = buyDays(leaky.fills)
            let laggedDays = buyDays(lagged.fills)
            #expect(!leakyDays.isEmpty && !laggedDays.isEmpty)
            #expect(leakyDays.isSubset(of: ["2020-01-02", "2020-01-03"]))
            #expect(laggedDays.isSubset(of: ["2020-01-03", "2020-01-04"]))
            #expect(!laggedDays.contains("2020-01-02"))
        }
    }

    @Test func wrongInputsAnswerAtTheirPaths() async throws {
        try await TestServer.with { s in
            let (with, _, signals) = Self.data(bars: 10)
            let bars = try await Self.upload(s, with)
            let series = try await Self.upload(s, signals, kind: "signals")
            let cases: [(extra: String, path: String, words: String)] = [
                (#""signals": ["\#(bars)"]"#, "signals[0]", "is a bars dataset"),
                (#""signals": ["ds_nope"]"#, "signals[0]", "no dataset has the id"),
                (#""signals": "\#(series)""#, "signals", "expected an array"),
                (#""signals": ["\#(series)", "\#(series)"]"#, "signals[1]", "named twice"),
                (#""signals": ["\#(series)"]"#, "strategy.params.signal", "rename it in all but one"),
                (#""signal_delay_bars": -1"#, "signal_delay_bars", "from 0 to 10000"),
                (
                    #""context": {"dataset": "\#(series)", "available_after": "1w"}"#, "context.available_after",
                    "\"1d\""
                ),
                (#""context": {"available_after": 60}"#, "context.dataset", "required"),
                (#""dataset": "\#(series)""#, "dataset", "is a signals dataset"),
            ]
            for c in cases {
                var body = CanonicalSpec.json(dataset: bars, extra: c.extra)
                if c.extra.hasPrefix(#""dataset""#) {
                    body = CanonicalSpec.json(dataset: series)
                }
                let r = try await s.client.submit(body)
                #expect(r.status == 422, "\(c.extra): \(r.text)")
                let errors = try r.json["errors"]?.arrayValue ?? []
                let match = errors.first { $0["path"]?.stringValue == c.path }
                #expect(
                    match?["message"]?.stringValue?.contains(c.words) == true, "\(c.extra): \(r.text)")
            }
        }
    }
}
