// The sweep routes in-process, where no worker runs: every child stays queued until the test acts,
// so cancelling a sweep and deleting it afterwards are checked without racing the engine.
import BacktestFixtures
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("Sweep routes in-process")
struct SweepRoutesTests {
    func call(
        _ router: Router, _ method: HTTPMethod, _ path: String, body: String = ""
    ) throws -> (Response, JSONValue?) {
        let headers: HTTPHeaders = body.isEmpty ? [:] : ["Content-Type": "application/json"]
        let request = Request(method: method, path: path, headers: headers, body: Array(body.utf8))
        guard case .response(let response) = router.handle(request) else {
            Issue.record("\(method) \(path) deferred")
            throw CancellationError()
        }
        guard case .bytes(let bytes) = response.body, !bytes.isEmpty else { return (response, nil) }
        return (response, try JSONParser.parse(bytes))
    }

    @Test func cancellingCancelsEveryQueuedChildAtOnceAndDeletingRemovesThem() throws {
        let store = InMemoryStore()
        let csv = SyntheticCSV.canonical(assets: 3, bars: 200, seed: 2)
        let data = try csv.withUnsafeBytes { try CSVIngest.bars($0) }
        store.insertDataset(Dataset(id: "ds_bars", name: nil, createdAt: 0, bytes: csv.count, payload: .bars(data)))
        let router = InProcessAPI.router(store: store, label: "sweep-routes-test")
        let body = #"""
            {"base": {"dataset": "ds_bars", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4}}},
             "grid": {"strategy.params.entry_above": [0.6, 0.7, 0.8], "risk.stop_loss": [0.02, 0.05]}}
            """#
        let (submitted, sweep) = try call(router, .POST, "/v1/sweeps", body: body)
        #expect(submitted.status == .accepted)
        let id = try #require(sweep?["id"]?.stringValue)
        let children = try #require(sweep?["children"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(children.count == 6)
        #expect(sweep?["status"]?.stringValue == "queued")
        #expect(store.countBacktests(status: .queued) == 6)
        // Nothing runs: the cancel ends every child, and with them the sweep, before it answers.
        let (cancelled, after) = try call(router, .DELETE, "/v1/sweeps/\(id)")
        #expect(cancelled.status == .accepted)
        #expect(after?["status"]?.stringValue == "cancelled")
        #expect(after?["counts"]?["cancelled"]?.numberValue == 6)
        #expect(after?["overfitting"]?["pbo_note"]?.stringValue == "needs at least two succeeded combinations")
        for child in children { #expect(store.backtest(id: child)?.status == .cancelled) }
        let (removed, _) = try call(router, .DELETE, "/v1/sweeps/\(id)")
        #expect(removed.status == .noContent)
        #expect(try call(router, .GET, "/v1/sweeps/\(id)").0.status == .gone)
        #expect(try call(router, .GET, "/v1/backtests/\(children[0])").0.status == .gone)
        #expect(try call(router, .GET, "/v1/sweeps/\(id)/results").0.status == .gone)
        #expect(try call(router, .GET, "/v1/sweeps").1?["items"]?.arrayValue?.isEmpty == true)
    }

    @Test func cancellingAWalkForwardSweepDecidesEveryWindowWithoutATestRun() throws {
        let store = InMemoryStore()
        let csv = SyntheticCSV.canonical(assets: 3, bars: 200, seed: 2)
        let data = try csv.withUnsafeBytes { try CSVIngest.bars($0) }
        store.insertDataset(Dataset(id: "ds_bars", name: nil, createdAt: 0, bytes: csv.count, payload: .bars(data)))
        let router = InProcessAPI.router(store: store, label: "walk-forward-routes-test")
        let body = #"""
            {"base": {"dataset": "ds_bars", "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4}}},
             "grid": {"strategy.params.entry_above": [0.6, 0.7, 0.8]}, "walk_forward": {"train_bars": 100, "test_bars": 40}}
            """#
        let (submitted, sweep) = try call(router, .POST, "/v1/sweeps", body: body)
        #expect(submitted.status == .accepted)
        let id = try #require(sweep?["id"]?.stringValue)
        // Tests start at 100, 140 and 180 (the last one 20 bars long): 3 windows × 3 train runs.
        #expect(sweep?["combinations"]?.numberValue == 3)
        #expect(sweep?["walk_forward"]?["windows"]?.numberValue == 3)
        let children = try #require(sweep?["children"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(children.count == 9)
        let windows = children.compactMap { store.backtest(id: $0)?.spec.window }
        #expect(windows.map(\.startBar) == [0, 0, 0, 40, 40, 40, 80, 80, 80])
        #expect(windows.map(\.endBar) == [100, 100, 100, 140, 140, 140, 180, 180, 180])
        let (cancelled, after) = try call(router, .DELETE, "/v1/sweeps/\(id)")
        #expect(cancelled.status == .accepted)
        #expect(after?["status"]?.stringValue == "cancelled")
        #expect(after?["walk_forward"]?["decided"]?.numberValue == 3)
        #expect(after?["walk_forward"]?["test_runs"]?.numberValue == 0)
        #expect(after?["progress"]?.numberValue == 1)
        let document = try #require(try call(router, .GET, "/v1/sweeps/\(id)/walk_forward").1)
        let notes = document["windows"]?.arrayValue?.map { $0["note"]?.stringValue }
        #expect(notes == Array(repeating: "the sweep was cancelled", count: 3))
        #expect(document["windows"]?.arrayValue?.last?["test"]?["end_bar"]?.numberValue == 200)
        #expect(document["out_of_sample"]?["bars"]?.numberValue == 0)
        #expect(store.countBacktests(status: .queued) == 0)
    }
}
