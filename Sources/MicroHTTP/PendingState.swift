// PendingState: the value-type state machine of a deferred reply (starting -> suspended -> resumed ->
// finished), returning the action its caller must take; testable without threads or sockets.

/// The lifecycle of one deferred reply, guarded by `PendingResponse`'s lock.
struct PendingState: Sendable {
    /// Where the deferred reply stands.
    enum Phase: Sendable {
        /// The handler's `start` closure is running on the connection's thread; not suspended yet.
        case starting
        /// Completed while `start` was still running: the handler answers without suspending.
        case answeredWhileStarting(Response)
        /// The connection is suspended, waiting for `complete`.
        case suspended
        /// Completed after suspension: the connection was resumed and the response awaits queuing.
        case resumed(Response)
        /// The response was handed to libmicrohttpd.
        case finished
    }

    /// What `complete` must do after the transition.
    enum CompletionAction: Equatable, Sendable {
        /// Stored; the still-running handler queues it.
        case stored
        /// Stored; the caller must resume the suspended connection.
        case resume
        /// An earlier completion won; nothing to do.
        case alreadyCompleted
    }

    /// What the handler must do once `start` has returned.
    enum StartAction: Sendable {
        /// Queue this response now; no suspension happens.
        case answer(Response)
        /// Suspend the connection (while still holding the lock).
        case suspend
    }

    private(set) var phase: Phase = .starting

    /// Records the answer; the first call wins.
    mutating func complete(with response: Response) -> CompletionAction {
        switch phase {
        case .starting:
            phase = .answeredWhileStarting(response)
            return .stored
        case .suspended:
            phase = .resumed(response)
            return .resume
        case .answeredWhileStarting, .resumed, .finished:
            return .alreadyCompleted
        }
    }

    /// Called once after the handler's `start` closure returned.
    mutating func startReturned() -> StartAction {
        switch phase {
        case .answeredWhileStarting(let response):
            phase = .finished
            return .answer(response)
        case .starting:
            phase = .suspended
            return .suspend
        case .suspended, .resumed, .finished:
            // Unreachable by construction (start returns once); suspending again would hang the request.
            phase = .finished
            return .answer(.problem(.internalServerError, detail: "Deferred reply started twice."))
        }
    }

    /// Takes the response of a resumed connection, once.
    mutating func takeResumedResponse() -> Response? {
        guard case .resumed(let response) = phase else { return nil }
        phase = .finished
        return response
    }
}
