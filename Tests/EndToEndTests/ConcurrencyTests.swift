// While every engine worker runs a long backtest, the HTTP side keeps answering (health, job
// status), and hundreds of long-polls wait without stopping the jobs from finishing.
import BacktestService
import Foundation
import Testing
import TestSupport

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

    @Test func healthAndStatusAnswerWhileFourWorkersRun() async throws {
        try await TestServer.with(workers: 4, configure: { $0.barsPerChunk = 64 }) { s in
            let ids = try await Self.submitLongJobs(s, count: 4)
            // Wait until the workers have picked the jobs up.
            var running = 0
            while running == 0 {
                running = try await s.client.get("/v1/backtests?status=running").json["items"]?.arrayValue?.count ?? 0
            }
            var answeredWhileRunning = 0
            for _ in 0..<20 {
                #expect(try await s.client.get("/healthz").status == 200)
                let job = try await s.client.get("/v1/backtests/\(ids[0])").json
                if job["status"]?.stringValue == "running" { answeredWhileRunning += 1 }
            }
            #expect(answeredWhileRunning > 0, "status requests must be served while the job runs")
            for id in ids {
                #expect(try await s.client.waitForJob(id)["status"]?.stringValue == "succeeded")
            }
        }
    }

    @Test func twoHundredLongPollsDoNotStopJobsFinishing() async throws {
        try await TestServer.with(workers: 4, configure: { $0.barsPerChunk = 64 }) { s in
            let ids = try await Self.submitLongJobs(s, count: 4)
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

    @Test func cancellingStopsARunningJob() async throws {
        try await TestServer.with(workers: 1, configure: { $0.barsPerChunk = 16 }) { s in
            let ids = try await Self.submitLongJobs(s, count: 2)
            // The second job is still queued behind the first: cancelling it is immediate.
            let queued = try await s.client.send("DELETE", "/v1/backtests/\(ids[1])")
            #expect(queued.status == 202)
            #expect(try queued.json["status"]?.stringValue == "cancelled")
            let running = try await s.client.send("DELETE", "/v1/backtests/\(ids[0])")
            #expect(running.status == 202)
            let job = try await s.client.waitForJob(ids[0])
            #expect(job["status"]?.stringValue == "cancelled")
            #expect(try await s.client.get("/v1/backtests/\(ids[0])/fills").status == 409)
        }
    }
}
