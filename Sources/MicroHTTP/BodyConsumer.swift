// BodyConsumer: a route that takes its request body piece by piece as it arrives, instead of the
// server gathering the whole body first (a multi-gigabyte upload is then never held in memory).

/// Takes a request body as it arrives, on the thread libmicrohttpd runs the connection on.
///
/// Pieces arrive decoded (a `Content-Encoding` is undone first) and in order; the total is held to
/// `ServerConfiguration.maxBodyBytes` and the server's budget for bodies in flight, as for gathered
/// bodies. A consumer is dropped without `finish` when the client aborts, the body passes a limit or
/// the server stops, so whatever it built must be released by its deinit.
public protocol BodyConsumer: AnyObject {
    /// The next piece of the body; the bytes are valid only during the call. Keep it short (parse, copy,
    /// or hand over): the connection's thread serves other connections too.
    func consume(_ bytes: UnsafeRawBufferPointer)
    /// The whole body arrived: the reply, as a handler's (slow work defers).
    func finish() -> Reply
}

/// What a streaming route decides once it has seen the request head.
public enum BodyStart {
    /// Feed the body to this consumer as it arrives.
    case consume(any BodyConsumer)
    /// Gather the body as usual and call the route's ordinary handler (say, for a framing the
    /// consumer does not read).
    case gather
    /// Answer now, before any of the body is read.
    case respond(Response)
}

/// Looks at a request head (its body still empty) and decides how its body is taken.
public typealias BodyStartHandler = @Sendable (Request) -> BodyStart
