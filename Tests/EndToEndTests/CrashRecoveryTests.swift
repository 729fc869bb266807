// The durable store as a client relies on it: the real executable killed with SIGKILL while it runs
// jobs, started again on the same data directory, loses nothing it accepted; SIGTERM lets running
// jobs finish within the grace period and keeps the queued ones for the next start.
import BacktestFixtures
import Foundation
import Glibc
import TestSupport
import Testing

@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    /// What a client read of a finished job: its document and its result tables.
    static func snapshot(_ client: TestClient, _ id: String) async throws -> [Data] {
        var parts = [try await client.get("/v1/backtests/\(id)").body]
        for table in ["fills", "orders", "trades", "equity"] {
            parts.append(try await client.get("/v1/backtests/\(id)/\(table)?format=csv").body)
        }
        parts.append(try await client.get("/v1/backtests/\(id)/fills?limit=100").body)
        return parts
    }

    static func jobs(_ client: TestClient) async throws -> [(id: String, status: String)] {
        let items = try await client.get("/v1/backtests?limit=1000").json["items"]?.arrayValue ?? []
        return items.map { ($0["id"]?.stringValue ?? "", $0["status"]?.stringValue ?? "") }
    }

    @Test func killNineWhileThirtyJobsRunLosesNothing() async throws {
        let directory = try Python.temporaryDirectory("crash")
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--data-dir", directory.path, "--workers", "2", "--log-level", "info"]
        let first = try ServerProcess(arguments, label: "crash-1")
        let csv = SyntheticCSV.canonical(assets: 20, bars: 30_000, seed: 9)
        let upload = try await first.client.send("POST", "/v1/datasets", body: Data(csv), contentType: "text/csv")
        try #require(upload.status == 201, "\(upload.text)")
        let dataset = try #require(try upload.json["id"]?.stringValue)
        var ids: [String] = []
        for n in 0..<30 {
            let r = try await first.client.send(
                "POST", "/v1/backtests", body: Data(CanonicalSpec.json(dataset: dataset, fraction: 0.95).utf8),
                contentType: "application/json", headers: ["Idempotency-Key": "crash-\(n)"])
            try #require(r.status == 202, "\(r.text)")
            ids.append(try #require(try r.json["id"]?.stringValue))
        }
        // Wait until some jobs have finished while others have not (two workers: some run, the rest
        // wait), then read what had finished. The poll sleeps without holding a thread, and does not
        // insist on seeing a job in the moment between its claim and its end: on a loaded machine
        // whole seconds can pass between two polls.
        var finished: [String] = []
        for _ in 0..<4000 {
            let jobs = try await Self.jobs(first.client)
            finished = jobs.filter { $0.status == "succeeded" }.map(\.id)
            if finished.count >= 3 && jobs.contains(where: { $0.status == "running" || $0.status == "queued" }) {
                break
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        try #require(finished.count >= 3 && finished.count < 30, "the kill must come while jobs run")
        var before: [String: [Data]] = [:]
        for id in finished { before[id] = try await Self.snapshot(first.client, id) }
        let datasetBefore = try await first.client.get("/v1/datasets/\(dataset)").body
        #expect(first.stop(SIGKILL) == SIGKILL)

        let second = try ServerProcess(arguments, label: "crash-2")
        // A retry of an accepted submission gets its job back, not a 31st.
        let retry = try await second.client.send(
            "POST", "/v1/backtests", body: Data(CanonicalSpec.json(dataset: dataset, fraction: 0.95).utf8),
            contentType: "application/json", headers: ["Idempotency-Key": "crash-0"])
        #expect(retry.status == 202 && retry.header("Idempotent-Replayed") == "true")
        #expect(try retry.json["id"]?.stringValue == ids[0])
        for id in ids {
            #expect(try await second.client.waitForJob(id)["status"]?.stringValue == "succeeded", "\(id)")
        }
        for (id, parts) in before {
            #expect(try await Self.snapshot(second.client, id) == parts, "\(id) changed across the crash")
        }
        // The same spec on the same data: every job, rerun or not, has the same result.
        let reference = Array(try await Self.snapshot(second.client, ids[0]).dropFirst())
        for id in ids.dropFirst() {
            #expect(Array(try await Self.snapshot(second.client, id).dropFirst()) == reference, "\(id)")
        }
        let listed = try await Self.jobs(second.client).map(\.id)
        #expect(listed == ids, "every job listed once, in submission order")
        #expect(try await second.client.get("/v1/datasets/\(dataset)").body == datasetBefore)
        #expect(second.stop(SIGTERM) == 0)
    }

    @Test func sigtermKeepsQueuedJobsForTheNextStart() async throws {
        let directory = try Python.temporaryDirectory("sigterm")
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--data-dir", directory.path, "--workers", "1", "--shutdown-grace", "0"]
        let first = try ServerProcess(arguments, label: "sigterm-1")
        let csv = SyntheticCSV.canonical(assets: 20, bars: 30_000, seed: 3)
        let upload = try await first.client.send("POST", "/v1/datasets", body: Data(csv), contentType: "text/csv")
        let dataset = try #require(try upload.json["id"]?.stringValue)
        var ids: [String] = []
        for _ in 0..<8 {
            let r = try await first.client.submit(CanonicalSpec.json(dataset: dataset))
            ids.append(try #require(try r.json["id"]?.stringValue))
        }
        let waiting = try await first.client.get("/v1/backtests?status=queued").json["items"]?.arrayValue ?? []
        try #require(!waiting.isEmpty, "the stop must come while jobs wait")
        #expect(first.stop(SIGTERM) == 0, "a graceful stop exits 0")
        let second = try ServerProcess(arguments, label: "sigterm-2")
        for id in ids {
            let job = try await second.client.waitForJob(id)
            #expect(job["status"]?.stringValue == "succeeded", "\(id): \(job)")
        }
        #expect(second.stop(SIGTERM) == 0)
    }
}
