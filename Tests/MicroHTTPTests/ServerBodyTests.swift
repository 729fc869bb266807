// ServerBodyTests: request bodies over a real server: large bodies in many chunks, 413 from
// Content-Length and from a chunked body, and per-request state released even on aborted uploads.

import MicroHTTP
import Testing

@testable import MicroHTTP

func bodyRouter() -> Router {
    var router = Router()
    router.add(.POST, "/upload") { request in
        let sum = request.body.reduce(UInt64(0)) { $0 &+ UInt64($1) }
        return .response(.text("\(request.body.count):\(sum)"))
    }
    return router
}

@Suite struct ServerBodyTests {
    @Test func largeBodyArrivesWhole() async throws {
        let configuration = testConfiguration { $0.connectionMemoryLimit = 64 * 1024 }
        try await withServer(configuration, handler: bodyRouter().handle) { server in
            let body = (0..<3_000_000).map { UInt8($0 % 253) }
            let sum = body.reduce(UInt64(0)) { $0 &+ UInt64($1) }
            let answer = try TestConnection(port: server.port).request("POST", "/upload", body: body)
            #expect(answer.status == 200)
            #expect(answer.text == "3000000:\(sum)")
        }
    }

    @Test func declaredLengthPastLimitIsRefusedEarly() async throws {
        try await withServer(testConfiguration { $0.maxBodyBytes = 1024 }, handler: bodyRouter().handle) { server in
            let connection = try TestConnection(port: server.port)
            // Only the head is sent: the answer must not wait for the 10 MB that were announced.
            try connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
            let answer = try connection.readResponse()
            #expect(answer.status == 413)
            #expect(answer.headers["Content-Type"] == "application/problem+json")
            #expect(answer.text.contains("\"status\":413"))
        }
    }

    @Test func chunkedBodyPastLimitIsRefused() async throws {
        try await withServer(testConfiguration { $0.maxBodyBytes = 1024 }, handler: bodyRouter().handle) { server in
            let connection = try TestConnection(port: server.port)
            var request = "POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            for _ in 0..<4 { request += "200\r\n" + String(repeating: "z", count: 512) + "\r\n" }
            request += "0\r\n\r\n"
            try connection.send(request)
            let answer = try connection.readResponse()
            #expect(answer.status == 413)
            let small = try TestConnection(port: server.port).request(
                "POST", "/upload", body: Array(repeating: 1, count: 1024))
            #expect(small.text == "1024:1024")
        }
    }

    @Test func anEndlessChunkedBodyPastTheLimitIsAnsweredAtOnce() async throws {
        try await withServer(testConfiguration { $0.maxBodyBytes = 1024 }, handler: bodyRouter().handle) { server in
            let connection = try TestConnection(port: server.port)
            // The body never ends: the answer must come without waiting for its end.
            try connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<8 { try connection.send("200\r\n" + String(repeating: "z", count: 512) + "\r\n") }
            let answer = try connection.readResponse()
            #expect(answer.status == 413)
            #expect(answer.headers["Content-Type"] == "application/problem+json")
        }
    }

    @Test func requestStateIsReleasedEvenWhenClientsAbort() async throws {
        let server = HTTPServer(configuration: testConfiguration(), logger: testLogger, handler: bodyRouter().handle)
        try server.start()
        defer { server.shutdown() }
        for _ in 0..<5 {
            let aborted = try TestConnection(port: server.port)
            try aborted.send(
                "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                    + String(repeating: "a", count: 1000))
        }
        for _ in 0..<5 {
            _ = try TestConnection(port: server.port).request("POST", "/upload", body: [1, 2, 3])
        }
        let released = await eventually { server.liveRequests == 0 }
        #expect(released, "still alive: \(server.liveRequests)")
    }
}
