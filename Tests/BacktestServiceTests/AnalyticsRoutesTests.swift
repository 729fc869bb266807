// The analytics routes in-process: 409 until a job has succeeded, 404 for none, each view as JSON
// and CSV, bad query parameters named with their fix; and the non-finite rule: a run whose
// statistics are undefined answers valid JSON with `null` for each of them, never NaN or Infinity.
import BacktestEngine
import Foundation
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("Analytics routes in-process")
struct AnalyticsRoutesTests {
    let store = InMemoryStore()
    let router: Router

    init() {
        router = InProcessAPI.router(store: store, label: "analytics-test")
        // Two daily bars: the entry decided on the first fills at the second's open and stays open.
        let data = MarketData(
            assets: ["AAA", "BBB"], timestamps: [0, 86_400], rowStart: [0, 2, 4], asset: [0, 1, 0, 1],
            open: [10, 20, 11, 21], high: [10, 20, 11, 21], low: [10, 20, 11, 21], close: [10, 20, 11, 22],
            volume: [0, 0, 0, 0], signalNames: ["ml_pred"], signals: [[0.9, 0.1, 0.1, 0.1]])
        store.insertDataset(Dataset(id: "ds_test", name: nil, createdAt: 0, bytes: 0, payload: .bars(data)))
    }

    static let spec =
        #"{"dataset": "ds_test", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4}}, "analytics": {"benchmark": {"asset": "BBB"}}}"#

    func call(_ path: String, query: [(String, String)] = [], json: String? = nil) throws -> (Response, [UInt8]) {
        var headers = HTTPHeaders()
        if json != nil { headers.set("Content-Type", "application/json") }
        let reply = router.handle(
            Request(
                method: json == nil ? .GET : .POST, path: path, queryItems: query, headers: headers,
                body: Array((json ?? "").utf8)))
        guard case .response(let response) = reply else {
            Issue.record("\(path) deferred")
            throw CancellationError()
        }
        guard case .bytes(let bytes) = response.body else { return (response, []) }
        return (response, bytes)
    }

    /// Submits the spec and completes the job with the engine's own run of it.
    func succeededJob() throws -> String {
        let (_, body) = try call("/v1/backtests", json: Self.spec)
        let id = try #require(try JSONParser.parse(body)["id"]?.stringValue)
        let record = try #require(store.claimBacktest(now: 1))
        let data = try #require(store.dataset(id: "ds_test")?.bars)
        let result = try Backtest(data: data, context: nil, configuration: record.spec.configuration).finish()
        store.completeBacktest(id: id, result: result) { r in
            _ = r.lifecycle.handle(.succeed)
            r.summary = result.metrics
            r.bars = 2
        }
        return id
    }

    @Test func viewsOfAJobThatHasNotSucceededAreAConflict() throws {
        let (_, body) = try call("/v1/backtests", json: Self.spec)
        let id = try #require(try JSONParser.parse(body)["id"]?.stringValue)
        for view in AnalyticsView.allCases {
            let (response, problem) = try call("/v1/backtests/\(id)/\(view.rawValue)")
            #expect(response.status == .conflict, "\(view)")
            #expect(try JSONParser.parse(problem)["code"]?.stringValue == "not_ready")
            #expect(try call("/v1/backtests/bt_nope/\(view.rawValue)").0.status == .notFound)
        }
    }

    @Test func viewsAnswerJSONAndCSV() throws {
        let id = try succeededJob()
        let (attribution, json) = try call("/v1/backtests/\(id)/attribution")
        #expect(attribution.status == .ok && attribution.headers["ETag"] != nil)
        let doc = try JSONParser.parse(json)
        #expect(doc["items"]?.arrayValue?.map { $0["asset"]?.stringValue } == ["AAA", "BBB"])
        #expect(doc["totals"]?["pnl"] == doc["totals"]?["equity_change"])
        let (csv, text) = try call("/v1/backtests/\(id)/drawdowns", query: [("format", "csv")])
        #expect(csv.headers["Content-Type"] == "text/csv; charset=utf-8")
        #expect(String(decoding: text, as: UTF8.self).hasPrefix("peak,start,trough,end,recovery,depth,"))
        #expect(csv.headers["Content-Disposition"] == "inline; filename=\"\(id)-drawdowns.csv\"")
        let (monthly, months) = try call("/v1/backtests/\(id)/monthly-returns")
        let years = try JSONParser.parse(months)["years"]?.arrayValue?.count
        #expect(monthly.status == .ok && years == 1)
        let (rolling, window) = try call("/v1/backtests/\(id)/rolling-sharpe", query: [("window", "2")])
        let size = try JSONParser.parse(window)["window"]
        #expect(rolling.status == .ok && size == .int(2))
    }

    @Test func badParametersNameThemselvesAndTheFix() throws {
        let id = try succeededJob()
        for (name, value) in [("window", "1"), ("window", "2521"), ("window", "week")] {
            let (response, body) = try call("/v1/backtests/\(id)/rolling-sharpe", query: [(name, value)])
            #expect(response.status == .badRequest)
            #expect(try JSONParser.parse(body)["detail"]?.stringValue?.contains("from 2 to 2,520") == true)
        }
        func query(_ items: [(String, String)]) -> Result<SignalQualityQuery, Problem> {
            Request(method: .GET, path: "/", queryItems: items, headers: HTTPHeaders(), body: []).signalQualityQuery()
        }
        let standard = try query([]).get()
        #expect(standard.horizons == [1, 5, 20] && standard.quantiles == 5 && standard.signals == nil)
        let asked = try query([("horizons", "20,1,20"), ("quantiles", "10"), ("signals", "a,b")]).get()
        #expect(asked.horizons == [20, 1] && asked.quantiles == 10 && asked.signals == ["a", "b"])
        for items in [
            [("horizons", "0")], [("horizons", "1,,5")],
            [("horizons", (1...11).map(String.init).joined(separator: ","))],
            [("quantiles", "1")], [("quantiles", "21")], [("signals", ",")],
        ] {
            guard case .failure(let problem) = query(items) else {
                Issue.record("\(items) was accepted")
                continue
            }
            #expect(problem.status == .badRequest && problem.detail.contains(items[0].0))
        }
    }

    /// Two sessions, one trade still open, no closed trade: every trade statistic, the CAGRs, the
    /// Sortino ratio (no losing session), ... are undefined, and written as null.
    @Test func undefinedStatisticsAreNullInValidJSON() throws {
        let id = try succeededJob()
        let (_, body) = try call("/v1/backtests/\(id)", query: [("precision", "full")])
        let text = String(decoding: body, as: UTF8.self)
        // No value is NaN or infinite in any spelling (Swift's "nan" and "inf", JavaScript's).
        for token in ["nan", "inf", "-inf", "NaN", "Infinity", "-Infinity"] {
            #expect(![":", ",", "["].contains { text.contains($0 + token) }, "\(token)")
        }
        // Foundation's parser refuses NaN and Infinity, so this is valid JSON.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        for key in [
            "cagr", "cagr_sessions", "calmar", "win_rate", "profit_factor", "expectancy", "payoff_ratio", "average_win",
            "average_loss", "largest_win", "largest_loss", "average_bars_held", "average_mfe", "skew", "kurtosis",
            "sortino", "omega",
        ] {
            #expect(summary[key] is NSNull, "\(key) = \(String(describing: summary[key]))")
        }
        #expect(summary["sessions"] as? Int == 2 && summary["trades"] as? Int == 0)
        #expect((summary["benchmark"] as? [String: Any])?["sessions"] as? Int == 2)
        // The writers: JSON null, an empty CSV cell.
        #expect(
            JSONWriter.encode(.array([.number(.nan), .number(.infinity), .rounded(-.infinity, .ratio)]))
                == Array("[null,null,null]".utf8))
        var csv = CSVRowEncoder(header: ["a", "b"], reserving: 16)
        csv.beginRow()
        csv.number("a", .nan, .ratio)
        csv.number("b", 1.5, .ratio)
        csv.endRow()
        #expect(String(decoding: csv.bytes, as: UTF8.self) == "a,b\n,1.5\n")
    }
}
