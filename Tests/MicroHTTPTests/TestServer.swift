// TestServer: starts an HTTPServer on 127.0.0.1, port 0, for one test and always shuts it down.

import Logging
import MicroHTTP

/// A quiet logger for test servers.
let testLogger: Logger = {
    var logger = Logger(label: "MicroHTTPTests")
    logger.logLevel = .warning
    return logger
}()

/// A configuration for tests: loopback, free port, two threads.
func testConfiguration(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threads: 2)
    adjust(&configuration)
    return configuration
}

/// Runs `body` against a started server, then shuts it down.
func withServer(
    _ configuration: ServerConfiguration = testConfiguration(),
    handler: @escaping Handler,
    _ body: (HTTPServer) async throws -> Void
) async throws {
    try await withServer(HTTPServer(configuration: configuration, logger: testLogger, handler: handler), body)
}

/// Runs `body` against `router` served with its streaming routes, then shuts it down.
func withServer(
    _ configuration: ServerConfiguration = testConfiguration(),
    router: Router,
    _ body: (HTTPServer) async throws -> Void
) async throws {
    try await withServer(HTTPServer(configuration: configuration, logger: testLogger, router: router), body)
}

/// Starts `server`, runs `body` against it, then shuts it down.
func withServer(_ server: HTTPServer, _ body: (HTTPServer) async throws -> Void) async throws {
    try server.start()
    do {
        try await body(server)
    } catch {
        server.shutdown()
        throw error
    }
    server.shutdown()
}

/// Waits (bounded) until `condition` holds; returns whether it did. Not a timing assertion.
func eventually(seconds: Int = 10, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<(seconds * 200) {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
