// The assembled service: store, job scheduler with its engine workers, API routes and the HTTP
// server, started and stopped in the right order. It is a ServiceLifecycle `Service`, so the
// executable runs it in a ServiceGroup that handles SIGTERM/SIGINT gracefully.

import Foundation
import Logging
import MicroHTTP
import ServiceLifecycle
import Synchronization

/// The backtest server.
public final class BacktestServer: Service, Sendable {
    /// The version of the server and of its API contract (`info.version` of api-spec/openapi.yaml;
    /// a test keeps the two equal). Served by `GET /` and `GET /healthz`.
    public static let version = "1.1.0"

    private let configuration: ServiceConfiguration
    private let logger: Logger
    private let scheduler: JobScheduler
    private let http: HTTPServer
    private let started = Atomic<Bool>(false)
    /// Every (method, path pattern) the server routes, e.g. ("GET", "/v1/backtests/{id}").
    public let routes: [(method: String, pattern: String)]

    /// Builds the server on a store (the in-memory store by default) and a clock; nothing runs until
    /// `start()`. `renders` counts whole-table CSV renders.
    public init(
        configuration: ServiceConfiguration, logger: Logger, store: any Store = InMemoryStore(),
        clock: WallClock = .system, renders: RenderCounter = RenderCounter()
    ) {
        self.configuration = configuration
        self.logger = logger
        let scheduler = JobScheduler(store: store, configuration: configuration, clock: clock, logger: logger)
        self.scheduler = scheduler
        let api = BacktestAPI(
            store: store, scheduler: scheduler, configuration: configuration, clock: clock, logger: logger,
            renders: renders)
        let router = api.router
        routes = router.routes.map { (method: $0.method.rawValue, pattern: $0.pattern) }
        http = HTTPServer(configuration: configuration.server, logger: logger, router: router)
    }

    /// Starts the workers and binds the listening socket. A second call throws `alreadyStarted`.
    public func start() throws(HTTPServerError) {
        guard !started.exchange(true, ordering: .relaxed) else { throw .alreadyStarted }
        scheduler.start()
        do {
            try http.start()
        } catch {
            scheduler.shutdown(grace: 0)
            throw error
        }
        logger.info(
            "listening",
            metadata: [
                "host": "\(configuration.host)", "port": "\(http.port)",
                "workers": "\(configuration.workers)",
            ])
    }

    /// The port bound (useful with port 0).
    public var port: UInt16 { http.port }

    /// Stops accepting requests, answers waiting ones, and stops the workers: running jobs get
    /// `shutdownGraceSeconds` to finish; the rest stay queued in the store for the next start.
    public func shutdown() {
        http.shutdown(finalResponse: Problem.shuttingDown.response)
        scheduler.shutdown(grace: configuration.shutdownGraceSeconds)
        logger.info("stopped")
    }

    /// Runs until graceful shutdown is requested (ServiceLifecycle).
    public func run() async throws {
        try start()
        // Returns when the service group asks for a graceful shutdown (or the task is cancelled).
        try? await gracefulShutdown()
        // Stopping waits for workers to leave their bar chunk: do it off the cooperative pool.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                self.shutdown()
                done.resume()
            }.start()
        }
    }
}
