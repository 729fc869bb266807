// ServerContext: everything the C callbacks need, reached through their `cls` pointer (Unmanaged).

import Logging
import Synchronization

/// The state shared by libmicrohttpd's threads for one server.
///
/// `HTTPServer.start` hands it to libmicrohttpd with `passRetained`; `HTTPServer.shutdown` releases it
/// after `MHD_stop_daemon`, when no callback can run any more.
final class ServerContext: Sendable {
    let handler: Handler
    /// Decides, from a request's head, whether its route takes the body as it arrives.
    let bodyStart: BodyStartHandler?
    /// Bytes of request bodies held or being consumed right now, against `maxBodyBytesInFlight`.
    let bodyBudget: ByteBudget
    let configuration: ServerConfiguration
    let logger: Logger
    let suspended: SuspendedRegistry
    /// Requests whose per-request state is alive (created, not yet released by NOTIFY_COMPLETED).
    private let live = Atomic<Int>(0)

    init(configuration: ServerConfiguration, logger: Logger, handler: @escaping Handler, bodyStart: BodyStartHandler?) {
        self.handler = handler
        self.bodyStart = bodyStart
        self.bodyBudget = ByteBudget(limit: configuration.maxBodyBytesInFlight)
        self.configuration = configuration
        self.logger = logger
        self.suspended = SuspendedRegistry(limit: configuration.maxSuspended)
    }

    /// Counts a request whose state was created.
    func requestBegan() {
        live.add(1, ordering: .relaxed)
    }

    /// Counts a request whose state was released.
    func requestEnded() {
        live.subtract(1, ordering: .relaxed)
    }

    /// Requests in flight (state allocated and not yet released).
    var liveRequests: Int {
        live.load(ordering: .relaxed)
    }
}
