// The top_k template in the API: params decoded with their defaults and echoed so that the echo
// decodes to the same spec; shape problems with their JSON paths; the engine's range problems
// answered 422 at `strategy.params.*` through the handlers; and the template in GET /v1/strategies.
import BacktestEngine
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("top_k specs")
struct TopKSpecTests {
    func decode(_ text: String) throws -> Result<BacktestSpec, Problem> {
        BacktestSpec.decode(try JSONParser.parse(Array(text.utf8)))
    }

    func problems(_ params: String) throws -> [ProblemItem] {
        let text = #"{"dataset": "d", "strategy": {"template": "top_k", "params": {\#(params)}}}"#
        guard case .failure(let problem) = try decode(text) else {
            Issue.record("the spec decoded; expected problems")
            return []
        }
        #expect(problem.status == .unprocessableContent)
        return problem.errors
    }

    @Test func resolvesEveryDefaultAndEchoesIt() throws {
        let spec = try decode(
            #"{"dataset": "d", "strategy": {"template": "top_k", "params": {"signal": "ml_pred", "k": 10, "rebalance_every": 20}}}"#
        ).get()
        #expect(
            spec.configuration.strategy
                == .topK(
                    TopKParameters(
                        signal: "ml_pred", k: 10, rebalance: .everyBars(20), weighting: .equal, fraction: 0.95,
                        shortK: nil, rankBuffer: 0, maxWeight: nil)))
        let params = spec.json["strategy"]?["params"]
        #expect(spec.json["strategy"]?["template"]?.stringValue == "top_k")
        #expect(params?["rebalance"] == .null && params?["vol_lookback"] == .null && params?["short_k"] == .null)
        #expect(params?["weighting"]?.stringValue == "equal" && params?["rank_buffer"]?.numberValue == 0)
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
    }

    @Test func readsEveryOption() throws {
        let spec = try decode(
            #"{"dataset": "d", "strategy": {"template": "top_k", "params": {"signal": "alpha", "k": 5, "rebalance": "month", "weighting": "inverse_vol", "fraction": 0.5, "short_k": 3, "rank_buffer": 2, "max_weight": 0.1}}, "account": {"type": "margin"}}"#
        ).get()
        #expect(
            spec.configuration.strategy
                == .topK(
                    TopKParameters(
                        signal: "alpha", k: 5, rebalance: .calendar(.month),
                        weighting: .inverseVolatility(lookback: 20),
                        fraction: 0.5, shortK: 3, rankBuffer: 2, maxWeight: 0.1)))
        #expect(spec.json["strategy"]?["params"]?["vol_lookback"]?.numberValue == 20)
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
        let weekly = try decode(
            #"{"dataset": "d", "strategy": {"template": "top_k", "params": {"signal": "s", "k": 1, "rebalance": "week", "weighting": "inverse_vol", "vol_lookback": 60}}}"#
        ).get()
        #expect(BacktestSpec.decode(weekly.json) == .success(weekly))
        guard case .topK(let p) = weekly.configuration.strategy else { return }
        #expect(p.rebalance == .calendar(.week) && p.weighting == .inverseVolatility(lookback: 60))
    }

    @Test func shapeProblemsNameTheirPaths() throws {
        #expect(
            try problems("").map(\.path) == [
                "strategy.params.signal", "strategy.params.k", "strategy.params.rebalance_every",
            ])
        let both = try problems(#""signal": "s", "k": 2, "rebalance_every": 5, "rebalance": "week""#)
        #expect(both.map(\.path) == ["strategy.params.rebalance"])
        #expect(both[0].message.contains("not both"))
        let lookback = try problems(#""signal": "s", "k": 2, "rebalance_every": 5, "vol_lookback": 10"#)
        #expect(lookback.map(\.path) == ["strategy.params.vol_lookback"])
        #expect(lookback[0].message.contains("inverse_vol"))
        let typos = try problems(
            #""signal": "s", "k": 2.5, "rebalance": "weekly", "weighting": "inverse-vol", "rank_bufer": 1"#)
        #expect(
            typos.map(\.path) == [
                "strategy.params.rank_bufer", "strategy.params.k", "strategy.params.rebalance",
                "strategy.params.weighting",
            ])
        #expect(typos[0].message.contains("Did you mean \"rank_buffer\"?"))
        #expect(typos[3].message.contains("Did you mean \"inverse_vol\"?"))
    }

    let store = InMemoryStore()
    let router: Router

    init() {
        router = InProcessAPI.router(store: store)
        let data = MarketData(
            assets: ["AAA", "BBB"], timestamps: [0, 86_400], rowStart: [0, 2, 4], asset: [0, 1, 0, 1],
            open: [10, 20, 11, 21], high: [10, 20, 11, 21], low: [10, 20, 11, 21], close: [10, 20, 11, 21],
            volume: [0, 0, 0, 0], signalNames: ["ml_pred"], signals: [[0.9, 0.1, 0.2, 0.8]])
        store.insertDataset(Dataset(id: "ds_test", name: nil, createdAt: 0, bytes: 0, payload: .bars(data)))
    }

    func submit(_ params: String, account: String = "{}") throws -> (Response, JSONValue?) {
        let body =
            #"{"dataset": "ds_test", "strategy": {"template": "top_k", "params": {\#(params)}}, "account": \#(account)}"#
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        let reply = router.handle(
            Request(method: .POST, path: "/v1/backtests", queryItems: [], headers: headers, body: Array(body.utf8)))
        guard case .response(let response) = reply, case .bytes(let bytes) = response.body else {
            Issue.record("POST /v1/backtests deferred or answered nothing")
            throw CancellationError()
        }
        return (response, try JSONParser.parse(bytes))
    }

    @Test func rangeProblemsAnswer422AtTheirParams() throws {
        let (accepted, job) = try submit(#""signal": "ml_pred", "k": 1, "rebalance": "day""#)
        #expect(accepted.status == .accepted)
        #expect(job?["spec"]?["strategy"]?["params"]?["rebalance"]?.stringValue == "day")
        let (response, body) = try submit(
            #""signal": "ml_prd", "k": 0, "rebalance_every": 0, "fraction": -1, "short_k": 2, "rank_buffer": -1, "max_weight": 0, "weighting": "inverse_vol", "vol_lookback": 1"#
        )
        #expect(response.status == .unprocessableContent)
        let errors = body?["errors"]?.arrayValue ?? []
        #expect(
            errors.compactMap { $0["path"]?.stringValue } == [
                "strategy.params.signal", "strategy.params.k", "strategy.params.rebalance_every",
                "strategy.params.vol_lookback", "strategy.params.fraction", "strategy.params.short_k",
                "strategy.params.rank_buffer", "strategy.params.max_weight",
            ])
        let messages = errors.compactMap { $0["message"]?.stringValue }
        #expect(messages.first?.contains("Did you mean \"ml_pred\"?") == true)
        #expect(messages.count == 8 && messages[5].contains("\"type\": \"margin\""))
        let (margin, _) = try submit(
            #""signal": "ml_pred", "k": 1, "short_k": 1, "rebalance_every": 1"#, account: #"{"type": "margin"}"#)
        #expect(margin.status == .accepted)
    }

    @Test func theCatalogListsTopKWithItsParams() {
        let items = StrategyCatalog.json["items"]?.arrayValue ?? []
        let topK = items.first { $0["template"]?.stringValue == "top_k" }
        let names = topK?["params"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(
            names == [
                "signal", "k", "rebalance_every", "rebalance", "weighting", "vol_lookback", "fraction", "short_k",
                "rank_buffer", "max_weight",
            ])
        // Every member the decoder accepts is documented, and the other way round.
        #expect(Set(names ?? []) == Set(BacktestSpec.topKMembers))
    }
}
