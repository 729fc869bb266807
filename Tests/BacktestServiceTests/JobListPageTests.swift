// The job list and the report routes in-process, where no worker runs: a queued job stays queued,
// so the page of an unfinished job reloads itself and its report is not ready, deterministically.
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("Job list and report routes in-process")
struct JobListPageTests {
    func get(_ router: Router, _ path: String, headers: HTTPHeaders = [:]) throws -> (Response, String) {
        guard case .response(let response) = router.handle(Request(method: .GET, path: path, headers: headers)) else {
            Issue.record("GET \(path) deferred")
            throw CancellationError()
        }
        guard case .bytes(let bytes) = response.body else { return (response, "") }
        return (response, String(decoding: bytes, as: UTF8.self))
    }

    @Test func aQueuedJobsPageReloadsItselfAndItsReportIsNotReady() throws {
        let store = InMemoryStore()
        let router = InProcessAPI.router(store: store, label: "job-list-test")
        let (_, empty) = try get(router, "/", headers: ["Accept": "text/html"])
        #expect(empty.contains("None yet"))
        #expect(!empty.contains("http-equiv=\"refresh\""))
        _ = store.enqueueBacktest(InMemoryStoreTests.record("bt_waiting"), capacity: 10)
        let (response, page) = try get(router, "/", headers: ["Accept": "text/html"])
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(page.contains("<meta http-equiv=\"refresh\" content=\"5\">"))
        #expect(page.contains("href=\"/v1/backtests/bt_waiting\""))
        #expect(page.contains("<span class=\"status queued\">queued</span>"))
        // Only a succeeded job has a report.
        #expect(!page.contains("/v1/backtests/bt_waiting/report"))
        let (report, body) = try get(router, "/v1/backtests/bt_waiting/report")
        #expect(report.status == .conflict)
        #expect(report.headers["Content-Type"] == "application/problem+json")
        #expect(body.contains("\"not_ready\""))
        let (missing, _) = try get(router, "/v1/backtests/bt_none/report")
        #expect(missing.status == .notFound)
    }
}
