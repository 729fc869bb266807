// The service's configuration as data: every knob with its documented default. Only the executable
// reads flags and the environment; everything below takes this struct.
import Glibc
import MicroHTTP

/// How the backtest service runs.
public struct ServiceConfiguration: Sendable {
    /// Address and port to listen on; port 0 picks a free port (tests).
    public var host = "127.0.0.1"
    /// Port to listen on; 0 picks a free one. Default 8080.
    public var port: UInt16 = 8080
    /// Engine worker threads (default: the number of cores).
    public var workers = ServiceConfiguration.coreCount
    /// libmicrohttpd's own threads, which parse requests and never run backtests.
    public var httpThreads = 4
    /// Largest request body accepted; larger answers 413.
    public var maxBodyBytes = 2 << 30
    /// Request bodies held or being parsed at once, over every connection; past it uploads answer 503
    /// with Retry-After.
    public var maxBodyBytesInFlight = 4 << 30
    /// Largest JSON request (a backtest spec); larger answers 413 before it is parsed.
    public var maxSpecBytes = 1 << 20
    /// Jobs waiting for a worker before submissions answer 503 (a sweep's children not counted).
    public var queueCapacity = 1024
    /// Most combinations one sweep may have; a larger grid or `n` answers 422.
    public var maxSweepCombinations = 10_000
    /// Longest `?wait=` a client may ask for, in seconds.
    public var maxWaitSeconds = 300.0
    /// Concurrent long-polls before further ones answer 503.
    public var maxWaiting = 1024
    /// Idle connections close after this many seconds.
    public var idleTimeoutSeconds = 60
    /// Bars an engine worker runs between progress updates and cancellation checks.
    public var barsPerChunk = 2048
    /// Result tables with at least this many rows are never rendered whole into memory: a plain
    /// CSV GET streams them, and HEAD and ranged GETs are answered from their measured layout
    /// (length and row offsets), a range rendered from the row before it.
    public var streamCSVRows = 100_000
    /// Seconds running jobs get to finish on a graceful shutdown before they are interrupted (and
    /// queued again, to run from the start on the next server).
    public var shutdownGraceSeconds = 10.0

    /// How long finished backtests and their results are kept (default: until deleted).
    public var retention = RetentionPolicy()
    /// Seconds between runs of the maintenance task that applies `retention` (it also runs after
    /// every finished job).
    public var maintenanceIntervalSeconds = 60.0

    /// The defaults above.
    public init() {}

    /// Logical cores available to the process.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The HTTP layer's part of the configuration.
    var server: ServerConfiguration {
        var s = ServerConfiguration()
        s.host = host
        s.port = port
        s.threads = httpThreads
        s.maxBodyBytes = maxBodyBytes
        s.maxBodyBytesInFlight = maxBodyBytesInFlight
        s.idleTimeoutSeconds = idleTimeoutSeconds
        s.maxSuspended = maxWaiting
        s.connectionLimit = max(4096, maxWaiting * 4)
        return s
    }
}
