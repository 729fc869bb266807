// Response: what a handler answers (status, headers, body), the body kinds and the stream protocol.

/// Produces a streamed response body on demand, from a libmicrohttpd thread.
///
/// Called sequentially for one response, never concurrently, but possibly from different threads.
public protocol StreamSource: AnyObject, Sendable {
    /// Writes up to `buffer.count` bytes starting at `offset`; returns bytes written, 0 = end of stream.
    ///
    /// A negative result aborts the response (the connection is closed). When the response declared a
    /// `contentLength`, ending before it also aborts.
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int
}

/// The body of a response.
public enum ResponseBody: Sendable {
    /// A complete body; handed to libmicrohttpd without a copy and released when sent.
    case bytes([UInt8])
    /// A body produced on demand; a nil `contentLength` sends it with chunked transfer encoding.
    case stream(contentLength: UInt64?, source: any StreamSource)
}

/// An HTTP response.
///
/// `Content-Length` is computed by the server from the body; a `Content-Length` header set here is ignored.
public struct Response: Sendable {
    /// The status code.
    public var status: HTTPStatus
    /// Header fields to send.
    public var headers: HTTPHeaders
    /// The body.
    public var body: ResponseBody

    /// Creates a response; the defaults give an empty `200 OK`.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: ResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Creates a response with a complete body and its `Content-Type`.
    public init(status: HTTPStatus = .ok, contentType: String, bytes: [UInt8]) {
        self.init(status: status, headers: ["Content-Type": contentType], body: .bytes(bytes))
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", bytes: Array(text.utf8))
    }

    /// The body's length when known (always for `.bytes`).
    public var contentLength: UInt64? {
        switch body {
        case .bytes(let bytes): UInt64(bytes.count)
        case .stream(let length, _): length
        }
    }
}
