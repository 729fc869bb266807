// ServerLimitsTests: connection reuse and the connection limit over a real server (a suspended request
// holds the only slot; the next client is served once it is answered).

import MicroHTTP
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension TestConnection {
    /// Whether the server has sent anything within `milliseconds` (a probe, never a timing assertion).
    func hasData(withinMilliseconds milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }
}

@Suite struct ServerLimitsTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer(handler: basicRouter().handle) { server in
            let connection = try TestConnection(port: server.port)
            try connection.send(
                "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/z?q=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            let text = String(decoding: try connection.readToEnd(), as: UTF8.self)
            #expect(text.split(separator: "HTTP/1.1 200 OK", omittingEmptySubsequences: false).count == 3)
            #expect(text.hasSuffix("z|2|"))
        }
    }

    @Test func connectionsPastTheLimitWaitTheirTurn() async throws {
        let box = PendingBox()
        let configuration = testConfiguration {
            $0.threads = 1
            $0.connectionLimit = 1
        }
        try await withServer(configuration, handler: deferredRouter(box).handle) { server in
            let holder = try TestConnection(port: server.port)
            try holder.send("GET /wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await eventually { box.count == 1 })
            let waiting = try TestConnection(port: server.port)
            try waiting.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(!waiting.hasData(withinMilliseconds: 200))
            for pending in box.takeAll() { pending.complete(.text("first")) }
            #expect(try holder.readResponse().text == "first")
            #expect(try waiting.readResponse().text == "ok")
        }
    }
}
