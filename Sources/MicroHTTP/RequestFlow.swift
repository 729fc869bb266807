// RequestFlow: what the access handler does at each step of a request (head received, body complete,
// resumed): early refusals, routing, deferred replies and queuing the answer.

import CMicroHTTPD
import Logging

/// The steps of one request; each returns false when the connection must be closed.
enum RequestFlow {
    /// The head arrived: refuse early what can be refused (unknown method, declared body too large,
    /// a Content-Encoding that cannot be decoded); set up decoding of a compressed body.
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
        switch ContentCoding.parse(state.headers.values(for: "Content-Encoding")) {
        case .failure(let unsupported):
            // Queued before the body is read, like the 413 above.
            return answer(unsupportedEncoding(unsupported), state, connection, context)
        case .success(nil):
            break
        case .success(let coding?):
            do throws(InflateError) {
                state.inflater = try Inflater(coding)
                state.coding = coding
            } catch {
                context.logger.error("Could not set up body decoding", metadata: ["error": "\(error)"])
                return answer(
                    .problem(.serviceUnavailable, detail: "The server could not decode the body now; retry later."),
                    state, connection, context)
            }
        }
        if let declared = state.declaredLength, !state.coverBudget(upTo: Int(declared)) {
            state.phase = .overBudget
            return answer(overBudget(context), state, connection, context)
        }
        guard let bodyStart = context.bodyStart, let method = state.method else { return true }
        switch bodyStart(state.request(method: method)) {
        case .gather:
            return true
        case .consume(let consumer):
            state.consumer = consumer
            return true
        case .respond(let response):
            return answer(response, state, connection, context)
        }
    }

    /// The body was refused part way (too large, over the budget, undecodable): answer now and close.
    /// libmicrohttpd 0.9.75 takes a response only before the body or after all of it, and reading on
    /// could take forever (an endless chunked upload), so the answer is written to the socket here
    /// (`EarlyAnswer`) and the connection closed.
    static func refusedDuringBody(_ state: RequestState, connection: OpaquePointer, context: ServerContext) -> Bool {
        let response: Response
        switch state.phase {
        case .bodyTooLarge: response = tooLarge(context, decoded: state.coding != nil)
        case .overBudget: response = overBudget(context)
        case .bodyUndecodable(let error): response = undecodable(error, state)
        case .receiving, .answered, .deferred: return true
        }
        state.phase = .answered
        let written = EarlyAnswer.write(response, to: cmhd_connection_fd(connection))
        context.logger.debug(
            "Body refused part way; answered and closing the connection",
            metadata: ["path": "\(state.path)", "status": "\(response.status.rawValue)", "written": "\(written)"])
        return false
    }

    /// The body is complete (or the connection was resumed): answer, defer, or send the deferred answer.
    static func bodyReceived(_ state: RequestState, connection: OpaquePointer, context: ServerContext) -> Bool {
        switch state.phase {
        case .answered:
            return true
        case .bodyTooLarge:
            return answer(tooLarge(context, decoded: state.coding != nil), state, connection, context)
        case .bodyUndecodable(let error):
            return answer(undecodable(error, state), state, connection, context)
        case .overBudget:
            return answer(overBudget(context), state, connection, context)
        case .deferred(let pending):
            let response =
                pending.takeResumedResponse()
                ?? .problem(.internalServerError, detail: "The deferred reply resumed without an answer.")
            return answer(response, state, connection, context)
        case .receiving:
            guard let method = state.method else { return false }
            state.finishBody()
            guard case .receiving = state.phase else {
                return bodyReceived(state, connection: connection, context: context)
            }
            let reply: Reply
            if let consumer = state.consumer {
                state.consumer = nil
                reply = consumer.finish()
            } else {
                reply = context.handler(state.request(method: method))
            }
            switch reply {
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

    private static func tooLarge(_ context: ServerContext, decoded: Bool = false) -> Response {
        .problem(
            .payloadTooLarge,
            detail:
                "The request body\(decoded ? ", decoded," : "") exceeds the limit of \(context.configuration.maxBodyBytes) bytes."
        )
    }

    private static func overBudget(_ context: ServerContext) -> Response {
        .problem(
            .serviceUnavailable,
            detail:
                "The server is receiving as many request bodies as it holds at once "
                + "(\(context.configuration.maxBodyBytesInFlight) bytes); retry the upload shortly.",
            code: "uploads_busy", headers: ["Retry-After": "5"])
    }

    private static func unsupportedEncoding(_ unsupported: ContentCoding.Unsupported) -> Response {
        .problem(
            .unsupportedMediaType,
            detail:
                "The Content-Encoding \"\(unsupported.value)\" is not supported: send the body uncompressed, or "
                + "compressed with one of \(ContentCoding.acceptedList) (Content-Encoding: gzip).",
            code: "unsupported_content_encoding",
            headers: ["Accept-Encoding": ContentCoding.acceptedList])
    }

    private static func undecodable(_ error: InflateError, _ state: RequestState) -> Response {
        let coding = state.coding?.rawValue ?? "compressed"
        let fix =
            error == .truncated
            ? "the upload was cut short; send the whole file"
            : "compress the body with \(coding) (e.g. `gzip -c file > file.gz`), or send it uncompressed without Content-Encoding"
        return .problem(
            .badRequest,
            detail: "The body is not valid \(coding) data: \(error); \(fix).",
            code: "invalid_content_encoding")
    }
}
