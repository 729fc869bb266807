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
    /// Whole-table CSV renders the server did.
    public let renders = RenderCounter()

    /// The configuration tests start from: loopback, a free port, two workers.
    public static var configuration: ServiceConfiguration {
        var configuration = ServiceConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workers = 2
        return configuration
    }

    /// Starts a server with `configuration` (the port is forced to 0) on `store` (a fresh
    /// in-memory one by default) and `clock`.
    public init(
        configuration: ServiceConfiguration = TestServer.configuration, store: (any Store)? = nil,
        clock: WallClock = .system
    ) throws {
        var configuration = configuration
        configuration.port = 0
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        server = BacktestServer(
            configuration: configuration, logger: logger, store: store ?? InMemoryStore(), clock: clock,
            renders: renders)
        try server.start()
        client = TestClient(baseURL: "http://127.0.0.1:\(server.port)")
    }

    /// Stops the server.
    public func stop() { server.shutdown() }

    /// Runs `body` against a fresh server and stops it afterwards. The options override the
    /// defaults of `TestServer.configuration`.
    public static func with<T>(
        workers: Int = 2, barsPerChunk: Int? = nil, maxBodyBytes: Int? = nil, streamCSVRows: Int? = nil,
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        var configuration = Self.configuration
        configuration.workers = workers
        if let barsPerChunk { configuration.barsPerChunk = barsPerChunk }
        if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
        if let streamCSVRows { configuration.streamCSVRows = streamCSVRows }
        let server = try TestServer(configuration: configuration)
        defer { server.stop() }
        return try await body(server)
    }
}
