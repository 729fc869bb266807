// ServerBasicsTests: a real server on 127.0.0.1 port 0: routing over the wire, query and headers,
// HEAD, ranges, streamed bodies, unknown methods, idle timeout and start errors.

import MicroHTTP
import Synchronization
import Testing

/// A stream of `total` bytes (`i % 251`) produced in pieces.
final class CountingSource: StreamSource {
    let total: UInt64
    init(total: UInt64) { self.total = total }
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = Int(min(UInt64(buffer.count), total - min(offset, total)))
        for i in 0..<count { buffer[i] = UInt8((offset + UInt64(i)) % 251) }
        return count
    }
}

func basicRouter() -> Router {
    var router = Router()
    router.add(.GET, "/healthz") { _ in .response(.text("ok")) }
    router.add(.GET, "/echo/{name}") { request in
        let text =
            "\(request.pathParameters["name"] ?? "")|\(request.query["q"] ?? "")|\(request.headers["x-probe"] ?? "")"
        return .response(.text(text))
    }
    router.add(.GET, "/data.csv") { request in
        .response(.servingBytes(Array("a,b\n1,2\n3,4\n".utf8), contentType: "text/csv", etag: "e1", for: request))
    }
    router.add(.GET, "/stream") { request in
        let known = request.query["known"] == "1"
        return .response(
            Response(body: .stream(contentLength: known ? 300_000 : nil, source: CountingSource(total: 300_000))))
    }
    return router
}

@Suite struct ServerBasicsTests {
    @Test func routesQueryAndHeadersOverTheWire() async throws {
        let router = basicRouter()
        try await withServer(handler: router.handle) { server in
            #expect(server.port != 0)
            let ok = try TestConnection(port: server.port).request("GET", "/healthz")
            #expect(ok.status == 200)
            #expect(ok.text == "ok")
            let echo = try TestConnection(port: server.port).request(
                "GET", "/echo/ab%63?q=x%20y&q=z", headers: [("X-Probe", "p1")])
            #expect(echo.text == "abc|z|p1")
            let missing = try TestConnection(port: server.port).request("GET", "/missing")
            #expect(missing.status == 404)
            #expect(missing.headers["Content-Type"] == "application/problem+json")
            #expect(missing.text.contains("\"detail\":\"No resource at /missing.\""))
            let wrong = try TestConnection(port: server.port).request("DELETE", "/healthz")
            #expect(wrong.status == 405)
            #expect(wrong.headers["Allow"] == "GET, HEAD")
        }
    }

    @Test func percentZeroZeroIsKeptLiteralNotDecodedToNUL() async throws {
        try await withServer(handler: basicRouter().handle) { server in
            // Decoded, %00 would end the C string and route "/echo/%00abc" as "/echo/" (a 404 here,
            // or worse, another resource); kept literal it is an ordinary path parameter.
            let echo = try TestConnection(port: server.port).request("GET", "/echo/%00abc?q=a%00b%41")
            #expect(echo.status == 200)
            #expect(echo.text == "%00abc|a%00bA|")
            let decoded = try TestConnection(port: server.port).request("GET", "/ech%6F/x%20y")
            #expect(decoded.text == "x y||", "other escapes are still decoded")
        }
    }

    @Test func headHasLengthButNoBodyAndRangesWork() async throws {
        try await withServer(handler: basicRouter().handle) { server in
            let head = try TestConnection(port: server.port).request("HEAD", "/data.csv")
            #expect(head.status == 200)
            #expect(head.headers["Content-Length"] == "12")
            #expect(head.headers["Accept-Ranges"] == "bytes")
            #expect(head.body.isEmpty)
            let raw = try TestConnection(port: server.port)
            try raw.send("HEAD /data.csv HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let bytes = try raw.readToEnd()
            #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("\r\n\r\n"))
            let part = try TestConnection(port: server.port).request(
                "GET", "/data.csv", headers: [("Range", "bytes=0-3")])
            #expect(part.status == 206)
            #expect(part.text == "a,b\n")
            #expect(part.headers["Content-Range"] == "bytes 0-3/12")
            #expect(part.headers["Content-Length"] == "4")
            let tail = try TestConnection(port: server.port).request(
                "GET", "/data.csv", headers: [("Range", "bytes=-4")])
            #expect(tail.text == "3,4\n")
            let beyond = try TestConnection(port: server.port).request(
                "GET", "/data.csv", headers: [("Range", "bytes=50-")])
            #expect(beyond.status == 416)
            let cached = try TestConnection(port: server.port).request(
                "GET", "/data.csv", headers: [("If-None-Match", "\"e1\"")])
            #expect(cached.status == 304)
            #expect(cached.body.isEmpty)
        }
    }

    @Test func streamsChunkedOrWithLength() async throws {
        try await withServer(handler: basicRouter().handle) { server in
            let expected = (0..<300_000).map { UInt8($0 % 251) }
            let chunked = try TestConnection(port: server.port).request("GET", "/stream")
            #expect(chunked.headers["Transfer-Encoding"]?.lowercased() == "chunked")
            #expect(chunked.body == expected)
            let sized = try TestConnection(port: server.port).request("GET", "/stream?known=1")
            #expect(sized.headers["Content-Length"] == "300000")
            #expect(sized.body == expected)
        }
    }

    @Test func unknownMethodIsNotImplemented() async throws {
        try await withServer(handler: basicRouter().handle) { server in
            let answer = try TestConnection(port: server.port).request("BREW", "/healthz")
            #expect(answer.status == 501)
            #expect(answer.headers["Content-Type"] == "application/problem+json")
        }
    }

    @Test func idleConnectionsAreClosed() async throws {
        try await withServer(testConfiguration { $0.idleTimeoutSeconds = 1 }, handler: basicRouter().handle) { server in
            let idle = try TestConnection(port: server.port)
            #expect(try idle.readToEnd().isEmpty)
        }
    }

    @Test func startErrorsAreTyped() async throws {
        let first = HTTPServer(configuration: testConfiguration(), logger: testLogger, handler: basicRouter().handle)
        try first.start()
        defer { first.shutdown() }
        let clash = HTTPServer(
            configuration: testConfiguration { $0.port = first.port }, logger: testLogger,
            handler: basicRouter().handle)
        #expect(throws: HTTPServerError.addressInUse(host: "127.0.0.1", port: first.port)) { try clash.start() }
        #expect(throws: HTTPServerError.alreadyStarted) { try first.start() }
        let badHost = HTTPServer(
            configuration: testConfiguration { $0.host = "not-an-address" }, logger: testLogger,
            handler: basicRouter().handle)
        #expect(throws: HTTPServerError.invalidHost("not-an-address")) { try badHost.start() }
        let badThreads = HTTPServer(
            configuration: testConfiguration { $0.threads = 0 }, logger: testLogger,
            handler: basicRouter().handle)
        #expect(throws: HTTPServerError.self) { try badThreads.start() }
    }
}
