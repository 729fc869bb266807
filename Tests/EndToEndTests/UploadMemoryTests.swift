// Uploads cost what they build, not what they send, and what is deleted is given back, against the
// real `backtestd` process with its memory read from /proc: a large CSV is parsed as it arrives (the
// server's peak grows by about the columns, not body plus columns), deleted datasets and deleted
// backtests give their memory back, uploads past the budget for bodies in flight answer 503 at once,
// and a chunked upload past the body limit answers 413 while the client is still sending.

import BacktestFixtures
import Foundation
import Glibc
import TestSupport
import Testing

@Suite("Upload memory", .serialized)
struct UploadMemoryTests {
    static let mib = 1 << 20

    @Test func aLargeUploadHoldsItsColumnsNotItsBodyAndDeletionGivesTheMemoryBack() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("um-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess(["--data-dir", directory.path], label: "upload-memory")
        defer { server.stop(SIGKILL) }
        // 2 M rows: 152 MB of CSV, 136 MB of columns.
        let csv = Data(SyntheticCSV.canonical(assets: 100, bars: 20_000, seed: 7))
        let baseline = server.memory(peak: true)
        var afterDeletes: [Int] = []
        for round in 0..<2 {
            let upload = try await server.client.send("POST", "/v1/datasets", body: csv, contentType: "text/csv")
            #expect(upload.status == 201, "round \(round): \(upload.text.prefix(300))")
            #expect(try upload.json["rows"]?.numberValue == 2_000_000)
            if round == 0 {
                let growth = server.memory(peak: true) - baseline
                // Holding the body as well would take at least body + columns (288 MB); parsed as it
                // arrives it takes the columns plus the blocks in flight.
                #expect(
                    growth < csv.count + 64 * Self.mib,
                    "peak grew by \(growth / Self.mib) MiB for a \(csv.count / Self.mib) MiB upload")
            }
            let id = try #require(upload.json["id"]?.stringValue)
            let deleted = try await server.client.send("DELETE", "/v1/datasets/\(id)")
            #expect(deleted.status == 204)
            afterDeletes.append(server.memory(peak: false))
        }
        // Without large blocks in their own mappings, glibc kept what each round freed.
        #expect(
            afterDeletes.allSatisfy { $0 < baseline + 96 * Self.mib },
            "resident after each delete: \(afterDeletes.map { $0 / Self.mib }) MiB, baseline \(baseline / Self.mib) MiB"
        )
    }

    @Test func deletedBacktestsGiveTheirResultsMemoryBack() async throws {
        let server = try ServerProcess(["--in-memory", "--workers", "2"], label: "job-memory")
        defer { server.stop(SIGKILL) }
        let csv = Data(SyntheticCSV.canonical(assets: 100, bars: 3_000, seed: 9))
        let upload = try await server.client.send("POST", "/v1/datasets", body: csv, contentType: "text/csv")
        let dataset = try #require(try upload.json["id"]?.stringValue)
        /// Runs `count` canonical backtests to the end; their ids.
        func run(_ count: Int) async throws -> [String] {
            var ids: [String] = []
            for _ in 0..<count {
                let submitted = try await server.client.submit(CanonicalSpec.json(dataset: dataset))
                ids.append(try #require(try submitted.json["id"]?.stringValue))
            }
            for id in ids { #expect(try await server.client.waitForJob(id)["status"]?.stringValue == "succeeded") }
            return ids
        }
        func delete(_ ids: [String]) async throws {
            for id in ids { #expect(try await server.client.send("DELETE", "/v1/backtests/\(id)").status == 204) }
        }
        // A warm-up round, then a round kept (what the results hold), then that round deleted.
        try await delete(try await run(20))
        let warm = server.memory(peak: false)
        let kept = try await run(20)
        let holding = server.memory(peak: false)
        try await delete(kept)
        let after = server.memory(peak: false)
        let results = holding - warm
        #expect(results > 8 * Self.mib, "20 results should take memory: \(results / Self.mib) MiB")
        // Before deletion freed finished jobs, every result stayed for the server's lifetime.
        #expect(
            after < warm + results / 2,
            "warm \(warm / Self.mib) MiB, holding \(holding / Self.mib) MiB, after deleting \(after / Self.mib) MiB")
    }

    @Test func uploadsPastTheBudgetInFlightAnswer503AtOnce() async throws {
        let server = try ServerProcess(
            ["--in-memory", "--max-body-bytes", "300000000", "--max-body-bytes-in-flight", "600000000"],
            label: "upload-budget")
        defer { server.stop(SIGKILL) }
        var answers: [Int] = []
        var open: [RawConnection] = []
        // Eight clients announce 280 MB each and send a little: two fit the budget, six do not.
        for _ in 0..<8 {
            let connection = try RawConnection(port: server.port)
            try connection.send(
                Array(
                    "POST /v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 280000000\r\n\r\ntimestamp,asset,close\n"
                        .utf8))
            open.append(connection)
        }
        for connection in open {
            if let head = connection.readHead(seconds: 2) { answers.append(head.status) }
        }
        #expect(answers.count == 6 && answers.allSatisfy { $0 == 503 }, "answers: \(answers)")
        #expect(server.memory(peak: false) < 200 * Self.mib, "\(server.memory(peak: false) / Self.mib) MiB")
        open = []
        // Once the waiting uploads are gone, the budget is whole again.
        try await Task.sleep(for: .milliseconds(300))
        let small = try await server.client.uploadCSV("timestamp,asset,close\n2024-01-02,A,1\n")
        #expect(small.status == 201)
    }

    @Test func aChunkedUploadPastTheLimitIsAnswered413WhileStillSending() async throws {
        let server = try ServerProcess(["--in-memory", "--max-body-bytes", "1048576"], label: "upload-chunked")
        defer { server.stop(SIGKILL) }
        let connection = try RawConnection(port: server.port)
        try connection.send(
            Array(
                "POST /v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .utf8))
        let line = "2024-01-02T00:00:00Z,A,1\n"
        let chunk =
            Array((String(65_536 / line.utf8.count * line.utf8.count, radix: 16) + "\r\n").utf8)
            + Array(String(repeating: line, count: 65_536 / line.utf8.count).utf8) + Array("\r\n".utf8)
        var sent = 0
        // The body never ends: the client keeps sending until the answer comes (or 64 MiB went out).
        while sent < 64 * Self.mib, (try? connection.send(chunk)) != nil {
            sent += chunk.count
            if connection.readable { break }
        }
        let head = connection.readHead(seconds: 5)
        #expect(head?.status == 413, "after \(sent) bytes: \(String(describing: head))")
        #expect(sent < 8 * Self.mib, "the answer came only after \(sent) bytes")
    }
}

/// A blocking loopback socket for requests a URLSession cannot make (bodies that never end, heads
/// sent alone).
private final class RawConnection {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw POSIXError(.EPIPE) }
            sent += n
        }
    }

    /// Whether an answer (or the close) is waiting to be read.
    var readable: Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// The status of the answer's head, waiting up to `seconds`; nil when none came.
    func readHead(seconds: Int) -> (status: Int, text: String)? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(Double(seconds))
        while Date() < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
            let text = String(decoding: received, as: UTF8.self)
            if text.contains("\r\n\r\n"), let code = Int(text.split(separator: " ").dropFirst().first ?? "") {
                return (code, text)
            }
        }
        return nil
    }
}
