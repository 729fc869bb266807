// RequestFlow: what the access handler does at each step of a request (head received, body complete,
// resumed): early refusals, routing, deferred replies and queuing the answer.

import CMicroHTTPD
import Logging

/// The steps of one request; each returns false when the connection must be closed.
enum RequestFlow {
    /// The head arrived: refuse early what can be refused (unknown method, declared body too large).
    static func headReceived(_ state: RequestState, connection: OpaquePointer, context: ServerContext) -> Bool {
        if state.method == nil {
            return answer(
                .problem(.notImplemented, detail: "The method \(state.rawMethod) is not supported."),
                state, connection, context)
        }
        if let declared = state.declaredLength, declared > UInt64(context.configuration.maxBodyBytes) {
            state.phase = .bodyTooLarge
            // Queued before the body is read: libmicrohttpd then skips the body and closes the connection.
            return answer(tooLarge(context), state, connection, context)
        }
        return true
    }

    /// The body is complete (or the connection was resumed): answer, defer, or send the deferred answer.
    static func bodyReceived(_ state: RequestState, connection: OpaquePointer, context: ServerContext) -> Bool {
        switch state.phase {
        case .answered:
            return true
        case .bodyTooLarge:
            return answer(tooLarge(context), state, connection, context)
        case .deferred(let pending):
            let response =
                pending.takeResumedResponse()
                ?? .problem(.internalServerError, detail: "The deferred reply resumed without an answer.")
            return answer(response, state, connection, context)
        case .receiving:
            guard let method = state.method else { return false }
            switch context.handler(state.request(method: method)) {
            case .response(let response):
                return answer(response, state, connection, context)
            case .deferred(let start):
                return startDeferred(start, state, connection, context)
            }
        }
    }

    private static func startDeferred(
        _ start: @Sendable (PendingResponse) -> Void,
        _ state: RequestState,
        _ connection: OpaquePointer,
        _ context: ServerContext
    ) -> Bool {
        guard let pending = context.suspended.admit(connection: Int(bitPattern: connection)) else {
            let detail = "Too many requests are waiting, or the server is shutting down; retry later."
            return answer(.problem(.serviceUnavailable, detail: detail), state, connection, context)
        }
        state.phase = .deferred(pending)
        start(pending)
        if let response = pending.startReturned() {
            return answer(response, state, connection, context)
        }
        return true
    }

    private static func answer(
        _ response: Response, _ state: RequestState, _ connection: OpaquePointer, _ context: ServerContext
    ) -> Bool {
        state.phase = .answered
        do {
            try ResponseSubmitter.queue(response, on: connection)
            return true
        } catch {
            context.logger.error(
                "Could not queue the response; closing the connection",
                metadata: ["error": "\(error)", "path": "\(state.path)", "status": "\(response.status.rawValue)"])
            return false
        }
    }

    private static func tooLarge(_ context: ServerContext) -> Response {
        .problem(
            .payloadTooLarge,
            detail: "The request body exceeds the limit of \(context.configuration.maxBodyBytes) bytes.")
    }
}
