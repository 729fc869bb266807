// ContentCoding: the request-body content codings MicroHTTP decodes (`Content-Encoding`), and the
// parsing of that header into one of them.

/// A content coding of a request body that the server decodes before handlers see it.
///
/// `identity` (or no `Content-Encoding`) needs no decoding and is not a case. Anything else is
/// refused with `415` before the body is read.
public enum ContentCoding: String, Sendable, CaseIterable {
    /// gzip (RFC 1952), also accepted as `x-gzip`; concatenated members are read one after another.
    case gzip
    /// zlib-wrapped deflate (RFC 1950), what HTTP calls `deflate`.
    case deflate

    /// The codings accepted, as a phrase for messages and the `Accept-Encoding` answer header.
    public static let acceptedList = "gzip, deflate"

    /// A `Content-Encoding` value that names a coding this server does not decode.
    public struct Unsupported: Error, Sendable, Equatable {
        /// The header's value, as received.
        public var value: String
    }

    /// Reads `Content-Encoding` values (each possibly a comma-separated list): nil when the body is
    /// not encoded (no header, empty, or only `identity`), the coding when exactly one supported
    /// coding is named, and `Unsupported` otherwise (unknown codings, or several codings stacked).
    public static func parse(_ values: [String]) -> Result<ContentCoding?, Unsupported> {
        var found: ContentCoding?
        for value in values {
            for token in value.split(separator: ",") {
                let name = String(token).trimmingSpaces.lowercased()
                let coding: ContentCoding
                switch name {
                case "", "identity": continue
                case "gzip", "x-gzip": coding = .gzip
                case "deflate": coding = .deflate
                default: return .failure(Unsupported(value: values.joined(separator: ", ")))
                }
                // Stacked codings (gzip, gzip) are legal HTTP but no client sends them for uploads.
                guard found == nil else { return .failure(Unsupported(value: values.joined(separator: ", "))) }
                found = coding
            }
        }
        return .success(found)
    }

    /// zlib's `windowBits` for this coding: 15 + 16 reads the gzip wrapper, 15 the zlib one.
    var windowBits: Int32 {
        switch self {
        case .gzip: 15 + 16
        case .deflate: 15
        }
    }
}
