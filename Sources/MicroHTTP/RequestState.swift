// RequestState: one request being received (head, body so far — decoded as it arrives when it has a
// Content-Encoding, gathered or handed to the route's consumer —, deferred reply), kept in
// libmicrohttpd's per-request `req_cls` slot between access-handler calls.

import CMicroHTTPD

/// Per-request state, touched only from the thread libmicrohttpd runs this connection on.
///
/// Created (and `passRetained` into `*req_cls`) on the first access-handler call; released in the
/// NOTIFY_COMPLETED callback. Not `Sendable`: it never crosses threads.
final class RequestState {
    /// Where the request stands.
    enum Phase {
        /// Receiving the body.
        case receiving
        /// The body exceeded the limit; further chunks are discarded and the answer is 413.
        case bodyTooLarge
        /// The body's Content-Encoding could not be decoded; further chunks are discarded, the answer is 400.
        case bodyUndecodable(InflateError)
        /// The server's budget for bodies in flight is spent; further chunks are discarded, the answer is 503.
        case overBudget
        /// A response was queued; nothing more to do.
        case answered
        /// Waiting for a deferred reply.
        case deferred(PendingResponse)
    }

    let method: HTTPMethod?
    let rawMethod: String
    let path: String
    let headers: HTTPHeaders
    let queryItems: [(String, String)]
    var body: [UInt8] = []
    /// Takes the body as it arrives instead of `body`, when the route asked for it.
    var consumer: (any BodyConsumer)?
    /// Body bytes accepted so far (decoded), gathered or consumed.
    private var received = 0
    /// Bytes taken from the server's budget for this request; given back when the state is released.
    private var taken = 0
    private let budget: ByteBudget
    var phase: Phase = .receiving
    /// Decodes the body as it arrives when the request has a supported `Content-Encoding`.
    var inflater: Inflater?
    /// The body's content coding, when it has one to decode.
    var coding: ContentCoding?

    /// Reads the request head from `connection`; every value is validated text (invalid UTF-8 repaired).
    init(connection: OpaquePointer, url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?, budget: ByteBudget) {
        self.budget = budget
        rawMethod = method.map { String(cString: $0) } ?? ""
        self.method = HTTPMethod(rawValue: rawMethod)
        path = url.map { String(cString: $0) } ?? "/"
        headers = HTTPHeaders(Self.values(of: connection, kind: .HEADER_KIND))
        queryItems = Self.values(of: connection, kind: .GET_ARGUMENT_KIND)
    }

    /// The declared `Content-Length`, if any and numeric.
    var declaredLength: UInt64? {
        headers["Content-Length"].flatMap { UInt64($0.trimmingSpaces) }
    }

    deinit {
        budget.give(taken)
    }

    /// Whether the body is still being taken (not refused, not answered).
    var isReceiving: Bool {
        if case .receiving = phase { return true }
        return false
    }

    /// Takes from the server's budget so that `total` body bytes are covered (in steps of 1 MiB, so
    /// that the shared counter is touched rarely); false when the budget is spent.
    func coverBudget(upTo total: Int) -> Bool {
        guard total > taken else { return true }
        let step = max(total - taken, 1 << 20)
        guard budget.take(step) else { return false }
        taken += step
        return true
    }

    /// Takes a body chunk (decoded first when there is an inflater): gathered, or handed to the
    /// consumer. Past `limit` or the server's budget the body is dropped; undecodable data drops it too.
    func append(_ chunk: UnsafeRawBufferPointer, limit: Int) {
        guard case .receiving = phase else { return }
        if consumer == nil, body.isEmpty, let declared = declaredLength {
            // Reserve once for honest clients, bounded so a lying header cannot claim gigabytes up front;
            // a compressed body is guessed at four times its size.
            let expected = inflater == nil ? declared : declared.multipliedReportingOverflow(by: 4).partialValue
            body.reserveCapacity(Int(min(expected, UInt64(min(limit, 64 << 20)))))
        }
        guard let inflater else { return accept(chunk, limit: limit) }
        do throws(InflateError) {
            try inflater.inflate(chunk, limit: limit) { accept($0, limit: limit) }
        } catch .limitExceeded {
            refuse(.bodyTooLarge)
        } catch {
            refuse(.bodyUndecodable(error))
        }
    }

    /// Called once the whole body arrived: checks that a compressed body ended where its stream did.
    func finishBody() {
        guard case .receiving = phase, let inflater else { return }
        do throws(InflateError) {
            try inflater.finish()
            self.inflater = nil
        } catch {
            refuse(.bodyUndecodable(error))
        }
    }

    /// One decoded piece of the body, within the limits.
    private func accept(_ piece: UnsafeRawBufferPointer, limit: Int) {
        guard case .receiving = phase else { return }
        guard piece.count <= limit - received else { return refuse(.bodyTooLarge) }
        guard coverBudget(upTo: received + piece.count) else { return refuse(.overBudget) }
        received += piece.count
        if let consumer {
            consumer.consume(piece)
        } else {
            body.append(contentsOf: piece)
        }
    }

    /// Drops the body (the consumer and what it built, the inflater's buffers) and records why it
    /// will not be handled.
    private func refuse(_ phase: Phase) {
        body = []
        consumer = nil
        inflater = nil
        self.phase = phase
    }

    /// The request as handlers see it (only once the method is known).
    func request(method: HTTPMethod) -> Request {
        Request(method: method, path: path, queryItems: queryItems, headers: headers, body: body)
    }

    private static func values(of connection: OpaquePointer, kind: MHD_ValueKind) -> [(String, String)] {
        var pairs: [(String, String)] = []
        withUnsafeMutablePointer(to: &pairs) { pointer in
            _ = MHD_get_connection_values(connection, kind, collectPair, UnsafeMutableRawPointer(pointer))
        }
        return pairs
    }
}

/// Appends one key/value pair to the `[(String, String)]` behind `cls` (a capture-free C callback).
private func collectPair(
    _ cls: UnsafeMutableRawPointer?,
    _ kind: MHD_ValueKind,
    _ key: UnsafePointer<CChar>?,
    _ value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let cls, let key else { return .YES }
    let pairs = cls.assumingMemoryBound(to: [(String, String)].self)
    pairs.pointee.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
    return .YES
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }),
            let end = lastIndex(where: { !isBlank($0) })
        else { return "" }
        return self[start...end]
    }
}
