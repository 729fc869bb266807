// Request: an HTTP request as handed to a handler, fully received and validated from the wire.

/// A fully received HTTP request.
///
/// The path and query arrive percent-decoded. The body is complete and decoded (at most
/// `ServerConfiguration.maxBodyBytes`, before and after decoding) before the handler runs.
public struct Request: Sendable {
    /// The request method.
    public let method: HTTPMethod
    /// The path, percent-decoded, without the query string.
    public let path: String
    /// Query arguments by name; when a name repeats, the last value wins.
    public let query: [String: String]
    /// Query arguments in the order received, repeats included; `?flag` gives `("flag", "")`.
    public let queryItems: [(String, String)]
    /// Request header fields.
    public let headers: HTTPHeaders
    /// The request body (empty when none was sent), already decoded when the request carried a
    /// `Content-Encoding` (gzip, deflate); `headers` still show the encoding as sent.
    public let body: [UInt8]
    /// Values of the `{name}` segments of the matched route; filled by `Router`.
    public var pathParameters: [String: String]

    /// Creates a request; the server does this from the wire, tests may do it to call handlers in-process.
    public init(
        method: HTTPMethod,
        path: String,
        queryItems: [(String, String)] = [],
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        pathParameters: [String: String] = [:]
    ) {
        self.method = method
        self.path = path
        self.queryItems = queryItems
        var query: [String: String] = [:]
        for (name, value) in queryItems { query[name] = value }
        self.query = query
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
    }
}
