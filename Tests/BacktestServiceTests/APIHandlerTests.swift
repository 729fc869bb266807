// The API's handlers called in-process through the router, without a socket: routing, validation
// answers and result-state rules. (EndToEndTests cover the same routes over the real server.)
import BacktestEngine
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("API handlers in-process")
struct APIHandlerTests {
    let store = InMemoryStore()
    let router: Router

    init() {
        router = InProcessAPI.router(store: store)
        let data = MarketData(
            assets: ["AAA"], timestamps: [0, 86_400], rowStart: [0, 1, 2], asset: [0, 0],
            open: [10, 11], high: [10, 11], low: [10, 11], close: [10, 11], volume: [0, 0],
            signalNames: ["ml_pred"], signals: [[0.9, 0.1]])
        store.insertDataset(Dataset(id: "ds_test", name: nil, createdAt: 0, bytes: 0, payload: .bars(data)))
    }

    /// Routes a request and returns the immediate response (these routes never defer here).
    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: String? = nil
    ) throws -> (Response, JSONValue?) {
        var headers = HTTPHeaders()
        if json != nil { headers.set("Content-Type", "application/json") }
        let reply = router.handle(
            Request(
                method: method, path: path, queryItems: query, headers: headers,
                body: Array((json ?? "").utf8)))
        guard case .response(let response) = reply else {
            Issue.record("\(method) \(path) deferred")
            throw CancellationError()
        }
        guard case .bytes(let bytes) = response.body, !bytes.isEmpty else { return (response, nil) }
        return (response, try JSONParser.parse(bytes))
    }

    static let spec =
        #"{"dataset": "ds_test", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4}}}"#

    @Test func submitQueuesAndResolvesDefaults() throws {
        let (response, body) = try call(.POST, "/v1/backtests", json: Self.spec)
        #expect(response.status == .accepted)
        let id = try #require(body?["id"]?.stringValue)
        #expect(response.headers["Location"] == "/v1/backtests/\(id)")
        #expect(body?["status"]?.stringValue == "queued")
        #expect(body?["spec"]?["account"]?["initial_cash"]?.numberValue == 1_000_000)
        #expect(body?["summary"] == .null)
        // Results of a job that has not succeeded are a conflict, not an empty table.
        let (fills, problem) = try call(.GET, "/v1/backtests/\(id)/fills")
        #expect(fills.status == .conflict)
        #expect(problem?["code"]?.stringValue == "not_ready")
        // Deleting a queued job cancels it at once and keeps it; deleting the cancelled (finished)
        // job removes it, and from then on it is gone.
        let (cancel, cancelled) = try call(.DELETE, "/v1/backtests/\(id)")
        #expect(cancel.status == .accepted)
        #expect(cancelled?["status"]?.stringValue == "cancelled")
        #expect(try call(.GET, "/v1/backtests/\(id)").0.status == .ok)
        #expect(try call(.DELETE, "/v1/backtests/\(id)").0.status == .noContent)
        let (gone, removed) = try call(.GET, "/v1/backtests/\(id)")
        #expect(gone.status == .gone)
        #expect(removed?["reason"]?.stringValue == "deleted")
        #expect(try call(.DELETE, "/v1/backtests/\(id)").0.status == .gone)
        #expect(try call(.GET, "/v1/backtests/\(id)/fills").0.status == .gone)
    }

    @Test func validationAnswers422WithPaths() throws {
        let bad = Self.spec.replacingOccurrences(of: "ml_pred", with: "ml_prd")
        let (response, body) = try call(.POST, "/v1/backtests", json: bad)
        #expect(response.status == .unprocessableContent)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let first = body?["errors"]?.arrayValue?.first
        #expect(first?["path"]?.stringValue == "strategy.params.signal")
        #expect(first?["message"]?.stringValue?.contains("Did you mean \"ml_pred\"?") == true)
    }

    @Test func rulesSpecsAreValidatedAgainstTheDataAndEchoed() throws {
        let rules =
            #"{"dataset": "ds_test", "strategy": {"template": "rules", "params": {"entry": "ml_pred > 0.8 and sma(close, 2) >= 10", "exit": "ml_pred < 0.4"}}}"#
        let (accepted, job) = try call(.POST, "/v1/backtests", json: rules)
        #expect(accepted.status == .accepted)
        let params = job?["spec"]?["strategy"]?["params"]
        #expect(params?["entry"]?.stringValue == "ml_pred > 0.8 and sma(close, 2) >= 10")
        #expect(params?["cover"] == .null && params?["sizing"]?["method"]?.stringValue == "equal_initial")
        let broken = rules.replacingOccurrences(of: "sma(close, 2) >= 10", with: "(close >= 10")
        let (response, body) = try call(.POST, "/v1/backtests", json: broken)
        #expect(response.status == .unprocessableContent)
        let error = body?["errors"]?.arrayValue?.first
        #expect(error?["path"]?.stringValue == "strategy.params.entry")
        #expect(
            error?["message"]?.stringValue
                == "at character 31: expected \")\" to close the \"(\" at character 19, found the end")
        let unknown = rules.replacingOccurrences(of: "ml_pred < 0.4", with: "ctx.vix < 30")
        let (missing, problem) = try call(.POST, "/v1/backtests", json: unknown)
        #expect(missing.status == .unprocessableContent)
        #expect(problem?["errors"]?.arrayValue?.first?["path"]?.stringValue == "strategy.params.exit")
    }

    @Test func queryParametersAreValidated() throws {
        #expect(try call(.GET, "/v1/backtests", query: [("limit", "0")]).0.status == .badRequest)
        #expect(try call(.GET, "/v1/backtests", query: [("cursor", "x")]).0.status == .badRequest)
        #expect(try call(.GET, "/v1/datasets", query: [("limit", "1001")]).0.status == .badRequest)
        let (list, body) = try call(.GET, "/v1/datasets")
        #expect(list.status == .ok)
        #expect(body?["items"]?.arrayValue?.first?["id"]?.stringValue == "ds_test")
    }

    @Test func unknownIdsAre404Problems() throws {
        for path in ["/v1/datasets/ds_nope", "/v1/backtests/bt_nope", "/v1/backtests/bt_nope/trades"] {
            let (response, body) = try call(.GET, path)
            #expect(response.status == .notFound, "\(path)")
            #expect(body?["code"]?.stringValue == "not_found")
        }
        #expect(try call(.DELETE, "/v1/datasets/ds_nope").0.status == .notFound)
    }
}
