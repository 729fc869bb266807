// ServerStreamingBodyTests: routes that take their body as it arrives (BodyConsumer), and the
// server-wide budget for bodies in flight, over a real server.

import Synchronization
import Testing

@testable import MicroHTTP

/// Counts and sums the bytes it is given; records how many pieces came and whether it was released.
private final class SummingConsumer: BodyConsumer {
    static let alive = Atomic<Int>(0)
    private var count = 0
    private var sum: UInt64 = 0
    private var pieces = 0

    init() { Self.alive.add(1, ordering: .relaxed) }
    deinit { Self.alive.subtract(1, ordering: .relaxed) }

    func consume(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        sum = bytes.reduce(sum) { $0 &+ UInt64($1) }
        pieces += 1
    }

    func finish() -> Reply {
        .response(.text("\(count):\(sum):\(pieces > 1 ? "pieces" : "one")"))
    }
}

private func streamingRouter() -> Router {
    var router = bodyRouter()
    router.add(.POST, "/stream") { _ in .response(.text("gathered")) }
    router.addBodyStart(.POST, "/stream") { head in
        if head.query["mode"] == "gather" { return .gather }
        if head.query["mode"] == "refuse" { return .respond(.problem(.forbidden, detail: "no")) }
        return .consume(SummingConsumer())
    }
    return router
}

@Suite(.serialized) struct ServerStreamingBodyTests {
    @Test func aConsumerGetsTheBodyInPiecesAndAnswers() async throws {
        let configuration = testConfiguration { $0.connectionMemoryLimit = 64 * 1024 }
        try await withServer(configuration, router: streamingRouter()) { server in
            let body = (0..<3_000_000).map { UInt8($0 % 251) }
            let sum = body.reduce(UInt64(0)) { $0 &+ UInt64($1) }
            let answer = try TestConnection(port: server.port).request("POST", "/stream", body: body)
            #expect(answer.text == "3000000:\(sum):pieces")
            let gzipped = try TestConnection(port: server.port).request(
                "POST", "/stream", headers: [("Content-Encoding", "gzip")], body: try Compression.gzip(body))
            #expect(gzipped.text == "3000000:\(sum):pieces")
        }
    }

    @Test func theRouteMayGatherOrAnswerFromTheHead() async throws {
        try await withServer(router: streamingRouter()) { server in
            let gathered = try TestConnection(port: server.port).request("POST", "/stream?mode=gather", body: [1, 2])
            #expect(gathered.text == "gathered")
            let connection = try TestConnection(port: server.port)
            // Only the head is sent: the answer comes before the announced body.
            try connection.send("POST /stream?mode=refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
            #expect(try connection.readResponse().status == 403)
        }
    }

    @Test func aConsumerIsReleasedWhenTheClientAborts() async throws {
        try await withServer(router: streamingRouter()) { server in
            let before = SummingConsumer.alive.load(ordering: .relaxed)
            var aborted: [TestConnection] = []
            for _ in 0..<3 {
                let connection = try TestConnection(port: server.port)
                try connection.send(
                    "POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                        + String(repeating: "a", count: 1000))
                aborted.append(connection)
            }
            let started = await eventually { SummingConsumer.alive.load(ordering: .relaxed) == before + 3 }
            #expect(started)
            aborted = []
            let released = await eventually {
                server.liveRequests == 0 && SummingConsumer.alive.load(ordering: .relaxed) == before
            }
            #expect(released, "requests alive: \(server.liveRequests)")
        }
    }

    @Test func bodiesPastTheBudgetInFlightGet503WithRetryAfter() async throws {
        let configuration = testConfiguration { $0.maxBodyBytesInFlight = 4 << 20 }
        try await withServer(configuration, router: streamingRouter()) { server in
            // Holds 3 MiB of the 4 MiB budget while its body is outstanding.
            let slow = try TestConnection(port: server.port)
            try slow.send("POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3145728\r\n\r\n")
            try await Task.sleep(for: .milliseconds(100))
            let refused = try TestConnection(port: server.port)
            try refused.send("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n")
            let answer = try refused.readResponse()
            #expect(answer.status == 503)
            #expect(answer.headers["Retry-After"] == "5")
            #expect(answer.text.contains("\"code\":\"uploads_busy\""))
            // A chunked body that grows past what is left is answered as soon as it does.
            let chunked = try TestConnection(port: server.port)
            try chunked.send("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            // The server answers and closes part way, so sending may fail before the loop ends.
            for _ in 0..<40 {
                guard (try? chunked.send("10000\r\n" + String(repeating: "c", count: 65536) + "\r\n")) != nil else {
                    break
                }
            }
            #expect(try chunked.readResponse().status == 503)
            // Once the first body is in, its share is given back.
            try slow.send(Array(repeating: 7, count: 3_145_728))
            #expect(try slow.readResponse().status == 200)
            let released = await eventually { server.liveRequests == 0 }
            #expect(released)
            let after = try TestConnection(port: server.port).request(
                "POST", "/stream", body: Array(repeating: 1, count: 2_097_152))
            #expect(after.status == 200)
        }
    }
}
