// A real backtest server on a loopback port chosen by the kernel, for end-to-end tests.
import BacktestService
import Foundation
import Logging

/// A started `BacktestServer` on 127.0.0.1 and a client pointed at it.
public final class TestServer: Sendable {
    /// The running server.
    public let server: BacktestServer
    /// A client for it.
    public let client: TestClient

    /// Starts a server with `workers` engine threads on a free port.
    public init(workers: Int = 2, configure: (inout ServiceConfiguration) -> Void = { _ in }) throws {
        var configuration = ServiceConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workers = workers
        configure(&configuration)
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        server = BacktestServer(configuration: configuration, logger: logger)
        try server.start()
        client = TestClient(baseURL: "http://127.0.0.1:\(server.port)")
    }

    /// Stops the server.
    public func stop() { server.shutdown() }

    /// Runs `body` against a fresh server and stops it afterwards.
    public static func with<T>(workers: Int = 2, configure: (inout ServiceConfiguration) -> Void = { _ in },
                               _ body: (TestServer) async throws -> T) async throws -> T {
        let server = try TestServer(workers: workers, configure: configure)
        defer { server.stop() }
        return try await body(server)
    }
}
