// Deletion and retention over the real server on the durable store: DELETE of a finished backtest
// removes it, its results and its column file; evicted and deleted jobs answer 410 Gone (naming
// when and why) on every route; the maintenance task evicts on its timer and after each finished
// job, by the injected clock.
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Retention and deletion over HTTP")
struct RetentionTests {
    static func server(
        retention: RetentionPolicy = RetentionPolicy(), interval: Double = 3600, clock: ManualClock
    ) throws -> (TestServer, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bt-retention-\(UUID())").path
        var configuration = TestServer.configuration
        configuration.retention = retention
        configuration.maintenanceIntervalSeconds = interval
        let store = try EmbeddedStore(directory: directory, clock: clock.wallClock)
        return (try TestServer(configuration: configuration, store: store, clock: clock.wallClock), directory)
    }

    static func submit(_ s: TestServer, dataset: String) async throws -> String {
        let submitted = try await s.client.submit(CanonicalSpec.json(dataset: dataset, fraction: 0.5))
        try #require(submitted.status == 202, "\(submitted.text)")
        let id = try #require(try submitted.json["id"]?.stringValue)
        try #require(try await s.client.waitForJob(id)["status"]?.stringValue == "succeeded")
        return id
    }

    static func upload(_ s: TestServer) async throws -> String {
        let upload = try await s.client.uploadCSV(BacktestFlowTests.csv)
        try #require(upload.status == 201, "\(upload.text)")
        return try #require(try upload.json["id"]?.stringValue)
    }

    /// Every route of a removed job answers 410 problem+json with its reason.
    static func expectGone(_ s: TestServer, _ id: String, reason: String) async throws {
        for path in ["", "/fills", "/orders", "/trades", "/equity", "/events", "/equity?format=csv"] {
            let response = try await s.client.get("/v1/backtests/\(id)\(path)")
            #expect(response.status == 410, "\(path): \(response.status)")
            #expect(response.header("Content-Type") == "application/problem+json")
            let problem = try response.json
            #expect(problem["code"]?.stringValue == "backtest_removed")
            #expect(problem["reason"]?.stringValue == reason)
            #expect(problem["removed_at"]?.stringValue?.hasSuffix("Z") == true)
        }
        #expect(try await s.client.send("HEAD", "/v1/backtests/\(id)/equity?format=csv").status == 410)
        let listed = try await s.client.get("/v1/backtests?limit=1000").json["items"]?.arrayValue ?? []
        #expect(!listed.contains { $0["id"]?.stringValue == id })
    }

    @Test func deleteOfAFinishedBacktestRemovesItAndItsFile() async throws {
        let clock = ManualClock()
        let (s, directory) = try Self.server(clock: clock)
        defer {
            s.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
        let dataset = try await Self.upload(s)
        let id = try await Self.submit(s, dataset: dataset)
        let kept = try await Self.submit(s, dataset: dataset)
        let file = "\(directory)/results/\(id).col"
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try await s.client.get("/v1/backtests/\(id)/equity?format=csv").status == 200)
        clock.advance(by: 5)
        let deleted = try await s.client.send("DELETE", "/v1/backtests/\(id)")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: file))
        try await Self.expectGone(s, id, reason: "deleted")
        let problem = try await s.client.get("/v1/backtests/\(id)").json
        #expect(problem["removed_at"]?.stringValue == "2027-01-15T08:00:05.000Z")
        #expect(problem["detail"]?.stringValue?.contains("deleted") == true)
        // Deleting again is 410 too; the other job is untouched and listed once.
        #expect(try await s.client.send("DELETE", "/v1/backtests/\(id)").status == 410)
        #expect(try await s.client.get("/v1/backtests/\(kept)/fills").status == 200)
        let listed = try await s.client.get("/v1/backtests").json["items"]?.arrayValue ?? []
        #expect(listed.compactMap { $0["id"]?.stringValue } == [kept])
    }

    @Test func eachFinishedJobEvictsWhatIsOlderThanTheRetentionAge() async throws {
        let clock = ManualClock()
        let (s, directory) = try Self.server(retention: RetentionPolicy(maxAgeSeconds: 3600), clock: clock)
        defer {
            s.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
        let dataset = try await Self.upload(s)
        let old = try await Self.submit(s, dataset: dataset)
        clock.advance(by: 7200)
        // The timer is an hour away: only the sweep after the next job's end can evict the first.
        let new = try await Self.submit(s, dataset: dataset)
        try await Self.expectGone(s, old, reason: "expired")
        let detail = try await s.client.get("/v1/backtests/\(old)").json["detail"]?.stringValue ?? ""
        #expect(detail.contains("1h (--retain-results-for)"), "\(detail)")
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/results/\(old).col"))
        #expect(try await s.client.get("/v1/backtests/\(new)").status == 200)
    }

    @Test func theMaintenanceTimerEvictsWhenTheClockMoves() async throws {
        let clock = ManualClock()
        let (s, directory) = try Self.server(
            retention: RetentionPolicy(maxAgeSeconds: 60), interval: 0.05, clock: clock)
        defer {
            s.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
        let id = try await Self.submit(s, dataset: try await Self.upload(s))
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await s.client.get("/v1/backtests/\(id)").status == 200)
        clock.advance(by: 61)
        var status = 200
        for _ in 0..<200 where status == 200 {
            try await Task.sleep(for: .milliseconds(25))
            status = try await s.client.get("/v1/backtests/\(id)").status
        }
        #expect(status == 410)
    }

    @Test func theBudgetEvictsTheOldestFinishedFirst() async throws {
        let clock = ManualClock()
        // A budget below one result: a result is evicted by the sweep that follows its job's end.
        let (s, directory) = try Self.server(retention: RetentionPolicy(budgetBytes: 1), clock: clock)
        defer {
            s.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
        let dataset = try await Self.upload(s)
        let first = try await s.client.submit(CanonicalSpec.json(dataset: dataset, fraction: 0.5)).json
        let id = try #require(first["id"]?.stringValue)
        var status = 0
        for _ in 0..<400 where status != 410 {
            try await Task.sleep(for: .milliseconds(25))
            status = try await s.client.get("/v1/backtests/\(id)").status
        }
        try await Self.expectGone(s, id, reason: "over_budget")
        let detail = try await s.client.get("/v1/backtests/\(id)").json["detail"]?.stringValue ?? ""
        #expect(detail.contains("budget of 1 bytes"), "\(detail)")
    }
}
