// The command line of the server: flags (with environment fallbacks) into a `ServiceConfiguration`,
// then the server runs in a ServiceGroup that turns SIGTERM/SIGINT into a graceful shutdown.
import ArgumentParser
import BacktestService
import CMalloc
import Glibc
import Logging
import ServiceLifecycle

@main
struct Backtestd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtestd",
        abstract:
            "An HTTP/JSON backtest server: upload bars with ML signals, run parameterized strategies, read fills and metrics."
    )

    @Option(help: "Address to listen on (env BACKTESTD_HOST).")
    var host: String = env("BACKTESTD_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port (env BACKTESTD_PORT).")
    var port: UInt16 = env("BACKTESTD_PORT").flatMap(UInt16.init) ?? 8080

    @Option(help: "Engine worker threads; default: the number of cores (env BACKTESTD_WORKERS).")
    var workers: Int = env("BACKTESTD_WORKERS").flatMap(Int.init) ?? ServiceConfiguration.coreCount

    @Option(help: "HTTP threads (libmicrohttpd's pool).")
    var httpThreads: Int = 4

    @Option(help: "Largest request body in bytes; larger answers 413 (env BACKTESTD_MAX_BODY_BYTES).")
    var maxBodyBytes: Int = env("BACKTESTD_MAX_BODY_BYTES").flatMap(Int.init) ?? (2 << 30)

    @Option(
        help: """
            Request bodies received at once, over every connection, in bytes; an upload past it answers \
            503 with Retry-After (env BACKTESTD_MAX_BODY_BYTES_IN_FLIGHT).
            """)
    var maxBodyBytesInFlight: Int = env("BACKTESTD_MAX_BODY_BYTES_IN_FLIGHT").flatMap(Int.init) ?? (4 << 30)

    @Option(help: "Jobs that may wait for a worker before submissions answer 503.")
    var queueCapacity: Int = 1024

    @Option(
        help: "Most combinations one sweep may have; more answers 422 (env BACKTESTD_MAX_SWEEP_COMBINATIONS).")
    var maxSweepCombinations: Int = env("BACKTESTD_MAX_SWEEP_COMBINATIONS").flatMap(Int.init) ?? 10_000

    @Option(
        help: """
            Directory of the durable store: SQLite metadata plus checksummed column files; created \
            when missing; one server per directory (env BACKTESTD_DATA_DIR).
            """)
    var dataDir: String = env("BACKTESTD_DATA_DIR") ?? "./data"

    @Flag(help: "Keep everything in memory instead (a throwaway server: a restart loses it all).")
    var inMemory = false

    @Option(
        help: """
            Seconds running backtests get to finish after SIGTERM before they are stopped; stopped \
            ones stay queued and run again from the start on the next start (env BACKTESTD_SHUTDOWN_GRACE).
            """)
    var shutdownGrace: Double = env("BACKTESTD_SHUTDOWN_GRACE").flatMap(Double.init) ?? 10

    @Option(
        help: """
            How long finished backtests and their results are kept after they finish: 7d, 12h, 30m, \
            45s, or forever (the default); older ones are evicted and answer 410 Gone \
            (env BACKTESTD_RETAIN_RESULTS_FOR).
            """)
    var retainResultsFor: String = env("BACKTESTD_RETAIN_RESULTS_FOR") ?? "forever"

    @Option(
        help: """
            Bytes the stored results may take; past it the oldest finished backtests are evicted \
            first and answer 410 Gone. Default: no budget (env BACKTESTD_RESULTS_BUDGET_BYTES).
            """)
    var resultsBudgetBytes: Int?

    /// The budget from the flag, else from the environment.
    private var budgetBytes: Int? { resultsBudgetBytes ?? env("BACKTESTD_RESULTS_BUDGET_BYTES").flatMap(Int.init) }

    @Option(help: "Seconds between retention sweeps (they also run after every finished backtest).")
    var maintenanceInterval: Double = 60

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// Large blocks (datasets' columns, results, upload buffers) come from their own mappings, so that
    /// freeing them gives the memory back to the system: with glibc's default, whose threshold grows
    /// with the blocks freed, a server that uploaded and deleted datasets kept gigabytes it no longer
    /// used. `MALLOC_MMAP_THRESHOLD_` in the environment still decides when set.
    static func returnFreedMemory() {
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil else { return }
        _ = cmalloc_set_mmap_threshold(128 << 10)
    }

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard httpThreads >= 1 else { throw ValidationError("--http-threads must be at least 1") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard maxBodyBytesInFlight >= maxBodyBytes else {
            throw ValidationError("--max-body-bytes-in-flight must be at least --max-body-bytes (\(maxBodyBytes))")
        }
        guard queueCapacity >= 1 else { throw ValidationError("--queue-capacity must be at least 1") }
        guard maxSweepCombinations >= 1 else { throw ValidationError("--max-sweep-combinations must be at least 1") }
        guard shutdownGrace >= 0, shutdownGrace.isFinite else {
            throw ValidationError("--shutdown-grace must be a number of seconds, 0 or more")
        }
        guard retainResultsFor == "forever" || RetentionPolicy.seconds(retainResultsFor) != nil else {
            throw ValidationError(
                "--retain-results-for must be a positive duration such as 7d, 12h, 30m or 45s, or forever")
        }
        if let budgetBytes, budgetBytes < 0 {
            throw ValidationError("--results-budget-bytes must be 0 or more")
        }
        guard maintenanceInterval > 0, maintenanceInterval.isFinite else {
            throw ValidationError("--maintenance-interval must be a positive number of seconds")
        }
    }

    func run() async throws {
        var logger = Logger(label: "backtestd")
        logger.logLevel = logLevel
        Self.returnFreedMemory()
        var configuration = ServiceConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.workers = workers
        configuration.httpThreads = httpThreads
        configuration.maxBodyBytes = maxBodyBytes
        configuration.maxBodyBytesInFlight = maxBodyBytesInFlight
        configuration.queueCapacity = queueCapacity
        configuration.maxSweepCombinations = maxSweepCombinations
        configuration.shutdownGraceSeconds = shutdownGrace
        configuration.retention = RetentionPolicy(
            maxAgeSeconds: RetentionPolicy.seconds(retainResultsFor), budgetBytes: budgetBytes)
        configuration.maintenanceIntervalSeconds = maintenanceInterval
        let store: any Store
        if inMemory {
            store = InMemoryStore()
            logger.notice("in-memory store: every dataset, job and result is lost when the server stops")
        } else {
            do {
                store = try EmbeddedStore(directory: dataDir)
            } catch {
                logger.critical(
                    "cannot open the data directory", metadata: ["data-dir": "\(dataDir)", "error": "\(error.message)"])
                throw ExitCode.failure
            }
            logger.info("durable store", metadata: ["data-dir": "\(dataDir)"])
        }
        let server = BacktestServer(configuration: configuration, logger: logger, store: store)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// An environment variable, nil when unset or empty.
private func env(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let s = String(cString: value)
    return s.isEmpty ? nil : s
}
