// Reply and Handler: what a request handler returns, now or later.

/// A request handler. It must not block: slow work answers with `.deferred`.
public typealias Handler = @Sendable (Request) -> Reply

/// What a handler returns: an answer now, or a promise answered later from any thread.
public enum Reply: Sendable {
    /// Answers at once.
    case response(Response)
    /// The connection is suspended (MHD suspend/resume); `start` is called once with a
    /// `PendingResponse` that must be completed exactly once from any thread. Complete may also
    /// happen before `start` returns.
    ///
    /// Past `ServerConfiguration.maxSuspended` waiting requests, or while shutting down, the server
    /// answers `503` instead and `start` is not called.
    case deferred(@Sendable (PendingResponse) -> Void)
}
