// ServerDeferredTests: deferred replies over a real server: 200 suspended requests completed from
// another thread while a plain request is answered, the suspension cap (503), completion inside
// `start`, and shutdown with requests still suspended.

import MicroHTTP
import Synchronization
import Testing

/// Collects the pending responses that a deferred route hands out.
final class PendingBox: Sendable {
    private let pending = Mutex<[PendingResponse]>([])
    var count: Int { pending.withLock { $0.count } }
    func append(_ response: PendingResponse) { pending.withLock { $0.append(response) } }
    func takeAll() -> [PendingResponse] {
        pending.withLock { all in
            defer { all = [] }
            return all
        }
    }
}

func deferredRouter(_ box: PendingBox) -> Router {
    var router = Router()
    router.add(.GET, "/healthz") { _ in .response(.text("ok")) }
    router.add(.GET, "/wait") { _ in .deferred { pending in box.append(pending) } }
    router.add(.GET, "/now") { _ in
        .deferred { pending in
            pending.complete(.text("inline"))
            #expect(!pending.complete(.text("twice")))
        }
    }
    return router
}

@Suite struct ServerDeferredTests {
    @Test func twoHundredSuspendedRequestsAreAllAnswered() async throws {
        let box = PendingBox()
        try await withServer(testConfiguration { $0.threads = 4 }, handler: deferredRouter(box).handle) { server in
            var clients: [TestConnection] = []
            for _ in 0..<200 {
                let client = try TestConnection(port: server.port)
                try client.send("GET /wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                clients.append(client)
            }
            #expect(await eventually { box.count == 200 })
            #expect(server.suspendedCount == 200)
            let plain = try TestConnection(port: server.port).request("GET", "/healthz")
            #expect(plain.status == 200)
            let completer = Task.detached {
                for (index, pending) in box.takeAll().enumerated() {
                    #expect(pending.complete(.text("done \(index % 7)")))
                }
            }
            await completer.value
            for client in clients {
                let answer = try client.readResponse()
                #expect(answer.status == 200)
                #expect(answer.text.hasPrefix("done "))
            }
            #expect(server.suspendedCount == 0)
        }
    }

    @Test func completionInsideStartAnswersAtOnce() async throws {
        try await withServer(handler: deferredRouter(PendingBox()).handle) { server in
            for _ in 0..<3 {
                let answer = try TestConnection(port: server.port).request("GET", "/now")
                #expect(answer.text == "inline")
            }
        }
    }

    @Test func suspensionCapAnswersServiceUnavailable() async throws {
        let box = PendingBox()
        try await withServer(testConfiguration { $0.maxSuspended = 2 }, handler: deferredRouter(box).handle) { server in
            let first = try TestConnection(port: server.port)
            try first.send("GET /wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let second = try TestConnection(port: server.port)
            try second.send("GET /wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await eventually { box.count == 2 })
            let third = try TestConnection(port: server.port).request("GET", "/wait")
            #expect(third.status == 503)
            #expect(third.headers["Content-Type"] == "application/problem+json")
            for pending in box.takeAll() { pending.complete(.text("released")) }
            #expect(try first.readResponse().text == "released")
            #expect(try second.readResponse().text == "released")
        }
    }

    @Test func shutdownAnswersSuspendedRequests() async throws {
        let box = PendingBox()
        let server = HTTPServer(
            configuration: testConfiguration(), logger: testLogger, handler: deferredRouter(box).handle)
        try server.start()
        let port = server.port
        var clients: [TestConnection] = []
        for _ in 0..<5 {
            let client = try TestConnection(port: port)
            try client.send("GET /wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            clients.append(client)
        }
        #expect(await eventually { box.count == 5 })
        server.shutdown()
        for client in clients {
            let answer = try client.readResponse()
            #expect(answer.status == 503)
            #expect(answer.text.contains("shutting down"))
        }
        // Completing after shutdown is harmless and reports that the request was already answered.
        for pending in box.takeAll() { #expect(!pending.complete(.text("late"))) }
        // The listening socket is closed: connecting now fails.
        #expect(throws: ClientError.self) { _ = try TestConnection(port: port) }
        server.shutdown()
    }
}
