// While every engine worker runs a long backtest, the HTTP side keeps answering (health, job
// status), and hundreds of long-polls wait without stopping the jobs from finishing.
import BacktestFixtures
import BacktestService
import Foundation
import Synchronization
import TestSupport
import Testing

@Suite("Serving while the engine works", .serialized)
struct ConcurrencyTests {
    /// Uploads a dataset large enough that a debug-build run takes a while, and submits `count` jobs.
    static func submitLongJobs(_ s: TestServer, count: Int) async throws -> [String] {
        let csv = SyntheticCSV.canonical(assets: 20, bars: 30_000, seed: 9)
        let upload = try await s.client.send("POST", "/v1/datasets", body: Data(csv), contentType: "text/csv")
        try #require(upload.status == 201, "\(upload.text)")
        let dataset = try #require(try upload.json["id"]?.stringValue)
        var ids: [String] = []
        for _ in 0..<count {
            let r = try await s.client.submit(CanonicalSpec.json(dataset: dataset, fraction: 0.95))
            try #require(r.status == 202, "\(r.text)")
            ids.append(try #require(try r.json["id"]?.stringValue))
        }
        return ids
    }

    /// Jobs currently running, as the server lists them.
    static func running(_ s: TestServer) async throws -> Int {
        try await s.client.get("/v1/backtests?status=running").json["items"]?.arrayValue?.count ?? 0
    }

    /// A job document's `started_at` or `finished_at` as a date.
    static func date(_ value: JSONValue?) -> Date? {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return value?.stringValue.flatMap { format.date(from: $0) }
    }

    // Health and job status are polled from before the first job is submitted until the last one
    // has finished; then the answers are placed on the jobs' own run window (their `started_at` and
    // `finished_at`, the same clock): some must fall inside it. (Asking the server whether jobs were
    // running made the test depend on timing: on a loaded machine they could all finish between
    // two questions.)
    @Test func healthAndStatusAnswerWhileFourWorkersRun() async throws {
        try await TestServer.with(workers: 4, barsPerChunk: 64) { s in
            let submitted = Mutex<String?>(nil)
            // Stopped by a flag, not by cancelling the task: cancelling would cancel the request in
            // flight, which throws.
            let done = Mutex(false)
            let poller = Task { () throws -> [Date] in
                var answered: [Date] = []
                while !done.withLock({ $0 }) {
                    #expect(try await s.client.get("/healthz").status == 200)
                    if let id = submitted.withLock({ $0 }) {
                        #expect(try await s.client.get("/v1/backtests/\(id)").status == 200)
                    }
                    answered.append(Date())
                }
                return answered
            }
            let ids = try await Self.submitLongJobs(s, count: 40)
            submitted.withLock { $0 = ids.last }
            var jobs: [JSONValue] = []
            for id in ids {
                let job = try await s.client.waitForJob(id)
                #expect(job["status"]?.stringValue == "succeeded")
                jobs.append(job)
            }
            done.withLock { $0 = true }
            let answered = try await poller.value
            let starts = jobs.compactMap { Self.date($0["started_at"]) }
            let ends = jobs.compactMap { Self.date($0["finished_at"]) }
            let first = try #require(starts.min(), "the jobs carry their start times")
            let last = try #require(ends.max(), "the jobs carry their finish times")
            let during = answered.filter { $0 > first && $0 < last }.count
            #expect(during > 0, "health and status must be served while jobs run (\(answered.count) answers)")
        }
    }

    @Test func twoHundredLongPollsDoNotStopJobsFinishing() async throws {
        try await TestServer.with(workers: 4, barsPerChunk: 64) { s in
            let ids = try await Self.submitLongJobs(s, count: 40)
            let statuses = try await withThrowingTaskGroup(of: String?.self) { group in
                for i in 0..<200 {
                    let id = ids[i % ids.count]
                    group.addTask { try await s.client.get("/v1/backtests/\(id)?wait=120").json["status"]?.stringValue }
                }
                var all: [String?] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == "succeeded" }, "\(Set(statuses.map { $0 ?? "nil" }))")
        }
    }

    @Test func cancellingStopsQueuedAndRunningJobs() async throws {
        try await TestServer.with(workers: 1, barsPerChunk: 16) { s in
            let ids = try await Self.submitLongJobs(s, count: 12)
            // The last job waits behind eleven others on one worker: cancelling it is immediate.
            let queued = try await s.client.send("DELETE", "/v1/backtests/\(ids.last!)")
            #expect(queued.status == 202)
            #expect(try queued.json["status"]?.stringValue == "cancelled")
            // Cancel whichever job is running; if it finishes first (then DELETE removes it: 204),
            // take the next one.
            var cancelled: String?
            for _ in 0..<5000 where cancelled == nil {
                let list = try await s.client.get("/v1/backtests?status=running").json
                guard let id = list["items"]?.arrayValue?.first?["id"]?.stringValue else { continue }
                if try await s.client.send("DELETE", "/v1/backtests/\(id)").status == 202 { cancelled = id }
            }
            let id = try #require(cancelled, "no running job could be cancelled")
            let job = try await s.client.waitForJob(id)
            #expect(job["status"]?.stringValue == "cancelled")
            #expect((job["progress"]?.numberValue ?? 1) < 1)
            #expect(try await s.client.get("/v1/backtests/\(id)/fills").status == 409)
            let finished = try await s.client.send("DELETE", "/v1/backtests/\(ids[0])")
            #expect([202, 204].contains(finished.status))
        }
    }

    @Test func aFullQueueAnswers503WithRetryAfter() async throws {
        var configuration = TestServer.configuration
        configuration.workers = 1
        configuration.queueCapacity = 1
        configuration.barsPerChunk = 16
        let server = try TestServer(configuration: configuration)
        defer { server.stop() }
        let csv = SyntheticCSV.canonical(assets: 20, bars: 30_000, seed: 9)
        let upload = try await server.client.send("POST", "/v1/datasets", body: Data(csv), contentType: "text/csv")
        let dataset = try #require(try upload.json["id"]?.stringValue)
        // One job runs and one waits; submitted back to back, the others find the queue full.
        var refused: TestResponse?
        for _ in 0..<6 where refused == nil {
            let r = try await server.client.submit(CanonicalSpec.json(dataset: dataset))
            if r.status == 503 { refused = r } else { #expect(r.status == 202, "\(r.text)") }
        }
        let full = try #require(refused, "six quick submissions never filled a one-slot queue")
        #expect(full.header("Retry-After") == "5")
        #expect(full.header("Content-Type") == "application/problem+json")
        #expect(try full.json["code"]?.stringValue == "queue_full")
        // A refused submission leaves no job behind.
        let jobs = try await server.client.get("/v1/backtests?limit=100").json["items"]?.arrayValue ?? []
        #expect(jobs.allSatisfy { $0["error"]?["code"]?.stringValue != "queue_full" })
    }
}
