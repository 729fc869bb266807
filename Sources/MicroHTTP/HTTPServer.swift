// HTTPServer: owns the libmicrohttpd daemon (internal thread pool, suspend/resume) and its lifecycle:
// start binds, shutdown quiesces, answers every waiting request, stops the daemon and closes the socket.

import CMicroHTTPD
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.1 server on libmicrohttpd's own worker threads, calling one `Handler` per request.
///
/// Handlers run on libmicrohttpd's threads and must not block; slow work replies `.deferred`.
/// Call `shutdown()` before dropping the server (deinit does it as a last resort).
public final class HTTPServer: Sendable {
    private enum Lifecycle: Sendable {
        case idle
        case running(Daemon, port: UInt16)
        case stopping(port: UInt16)
        case stopped(port: UInt16)
    }

    /// Owns the `MHD_Daemon *` and the retained context given to it as `cls`.
    ///
    /// `@unchecked Sendable`: both fields are immutable, and only `shutdown` uses them, after taking the
    /// daemon out of the lifecycle under its lock, so exactly one thread stops it.
    private final class Daemon: @unchecked Sendable {
        let handle: OpaquePointer
        let context: Unmanaged<ServerContext>
        init(handle: OpaquePointer, context: Unmanaged<ServerContext>) {
            self.handle = handle
            self.context = context
        }
    }

    private let configuration: ServerConfiguration
    private let logger: Logger
    private let context: ServerContext
    private let lifecycle = Mutex<Lifecycle>(.idle)

    /// Creates a stopped server; pass `router.handle` as the handler, and `router.bodyStart` as
    /// `bodyStart` when some route takes its body as it arrives (nil: every body is gathered whole).
    public init(
        configuration: ServerConfiguration, logger: Logger, handler: @escaping Handler,
        bodyStart: BodyStartHandler? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        self.context = ServerContext(
            configuration: configuration, logger: logger, handler: handler, bodyStart: bodyStart)
    }

    /// Creates a stopped server that serves `router`, streaming bodies where its routes ask to.
    public convenience init(configuration: ServerConfiguration, logger: Logger, router: Router) {
        self.init(
            configuration: configuration, logger: logger, handler: { router.handle($0) },
            bodyStart: { router.bodyStart($0) })
    }

    deinit {
        shutdown()
    }

    /// Binds and starts serving; throws a typed error when the address is taken or invalid.
    public func start() throws(HTTPServerError) {
        if let problem = configuration.problem { throw .invalidConfiguration(problem) }
        let address = try SocketAddress(host: configuration.host, port: configuration.port)
        try lifecycle.withLock { state throws(HTTPServerError) in
            guard case .idle = state else { throw .alreadyStarted }
            let daemon = try startDaemon(address)
            let port = cmhd_bind_port(daemon.handle)
            state = .running(daemon, port: port)
            logger.info("HTTP server listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        }
    }

    /// The bound port once started (useful with port 0); before that, the configured port.
    public var port: UInt16 {
        lifecycle.withLock { state in
            switch state {
            case .idle: configuration.port
            case .running(_, let port), .stopping(let port), .stopped(let port): port
            }
        }
    }

    /// Requests waiting for a deferred reply right now.
    public var suspendedCount: Int {
        context.suspended.count
    }

    /// Quiesce, answer every suspended request with `finalResponse` (503), stop the daemon, close the socket.
    ///
    /// Waits up to `drainSeconds` for answers in flight to be sent. Safe to call more than once.
    public func shutdown(
        finalResponse: Response = .problem(.serviceUnavailable, detail: "The server is shutting down."),
        drainSeconds: Int = 2
    ) {
        let taken: (Daemon, UInt16)? = lifecycle.withLock { state in
            switch state {
            case .running(let daemon, let port):
                state = .stopping(port: port)
                return (daemon, port)
            case .idle:
                state = .stopped(port: configuration.port)
                return nil
            case .stopping, .stopped:
                return nil
            }
        }
        guard let (daemon, port) = taken else { return }
        // No new connections from here; the listening socket is ours to close after the stop.
        let listener = MHD_quiesce_daemon(daemon.handle)
        // Every suspended connection must be resumed before MHD_stop_daemon, or it aborts the process.
        for pending in context.suspended.close() {
            pending.complete(finalResponse)
        }
        waitForRequestsInFlight(upToSeconds: drainSeconds)
        MHD_stop_daemon(daemon.handle)
        if listener >= 0 { close(listener) }
        // Balances the passRetained in `startDaemon`: no callback can run after MHD_stop_daemon.
        daemon.context.release()
        lifecycle.withLock { $0 = .stopped(port: port) }
        logger.info("HTTP server stopped", metadata: ["port": "\(port)"])
    }

    private func startDaemon(_ address: SocketAddress) throws(HTTPServerError) -> Daemon {
        // poll(), not epoll/auto: with epoll, libmicrohttpd 0.9.75 misses a client that closes right after
        // a partial body, keeping that request alive until the idle timeout (measured; see the abort test).
        var flags = MHD_USE_POLL_INTERNAL_THREAD.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue
        flags |= MHD_USE_ERROR_LOG.rawValue
        if address.isIPv6 { flags |= MHD_USE_IPv6.rawValue }
        // passRetained: the daemon holds the context as `cls` of every callback; released in `shutdown`
        // after MHD_stop_daemon, or just below when the daemon does not start.
        let context = Unmanaged.passRetained(self.context)
        let opaque = context.toOpaque()
        errno = 0
        let handle = address.withSockAddr { sockaddr in
            cmhd_start_daemon(
                flags, sockaddr, accessHandler, opaque, requestCompleted, opaque, logFromLibrary, opaque,
                unescapeKeepingNUL,
                UInt32(configuration.threads > 1 ? configuration.threads : 0),
                UInt32(configuration.connectionLimit),
                UInt32(configuration.idleTimeoutSeconds),
                configuration.connectionMemoryLimit)
        }
        guard let handle else {
            let code = errno
            context.release()
            if code == EADDRINUSE { throw .addressInUse(host: configuration.host, port: configuration.port) }
            throw .startFailed(errno: code)
        }
        return Daemon(handle: handle, context: context)
    }

    private func waitForRequestsInFlight(upToSeconds seconds: Int) {
        var waitedMilliseconds = 0
        while context.liveRequests > 0, waitedMilliseconds < seconds * 1000 {
            usleep(1000)
            waitedMilliseconds += 1
        }
    }

    /// Requests whose per-request state is alive; 0 once every request was released (for tests).
    var liveRequests: Int {
        context.liveRequests
    }
}
