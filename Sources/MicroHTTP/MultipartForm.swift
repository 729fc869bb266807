// MultipartForm: the parts of a multipart/form-data body (RFC 7578) as byte ranges into the body,
// so a handler can read a file part of hundreds of MB in place, without copying it.

/// One part of a multipart/form-data body: what its headers say and where its content lies.
public struct MultipartPart: Sendable, Equatable {
    /// The `name` of its `Content-Disposition` (the form field), if any.
    public var name: String?
    /// The `filename` (or `filename*`) of its `Content-Disposition`: present for file parts.
    public var filename: String?
    /// Its own `Content-Type` (`text/csv`, `application/octet-stream`), as sent.
    public var contentType: String?
    /// The content's byte offsets in the body, without the line break before the next boundary.
    public var content: Range<Int>

    /// Whether the part carries a file (its `Content-Disposition` has a filename).
    public var isFile: Bool { filename != nil }

    /// Creates a part description.
    public init(name: String?, filename: String?, contentType: String?, content: Range<Int>) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }
}

/// Reads multipart/form-data bodies.
///
/// Accepts what curl, browsers, Python `requests` / `httpx` and generated clients send: CRLF line
/// breaks (bare LF too), a preamble before the first boundary, quoted or bare parameters, and any
/// part `Content-Type`. The parts are found with one vectorised pass over the body.
public enum MultipartForm {
    /// The most parts one body may have.
    public static let maximumParts = 10_000

    /// The boundary of a `multipart/form-data` media type, validated (1 to 200 printable characters).
    public static func boundary(of mediaType: MediaType) -> Result<[UInt8], MultipartError> {
        guard let boundary = mediaType.parameter("boundary") else { return .failure(.missingBoundary) }
        let bytes = Array(boundary.utf8)
        guard (1...200).contains(bytes.count), bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            return .failure(.invalidBoundary(boundary))
        }
        return .success(bytes)
    }

    /// The parts of `body`, in order; their `content` ranges index into `body`.
    public static func parts(
        _ body: UnsafeRawBufferPointer, boundary: [UInt8]
    ) throws(MultipartError) -> [MultipartPart] {
        var scanner = MultipartScanner(body: body, boundary: boundary)
        return try scanner.parts()
    }

    /// The values of the parts' header block (`Content-Disposition` name and filename, `Content-Type`).
    static func describe(
        headers: UnsafeRawBufferPointer, part: Int
    ) throws(MultipartError) -> (
        name: String?, filename: String?, contentType: String?
    ) {
        var name: String?
        var filename: String?
        var contentType: String?
        // Split as bytes: in a String, "\r\n" is one Character and would not split at "\n".
        for rawLine in headers.split(separator: UInt8(ascii: "\n")) {
            let bytes = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine[...]
            if bytes.isEmpty { continue }
            let line = Substring(String(decoding: bytes, as: UTF8.self))
            guard let colon = line.firstIndex(of: ":") else { throw .malformedPartHeaders(part: part) }
            let field = String(line[..<colon])
            let value = line[line.index(after: colon)...]
            if HTTPHeaders.sameName(field, "Content-Disposition") {
                for item in MediaType.split(value).dropFirst() {
                    switch item.name {
                    case "name": name = item.value
                    case "filename": filename = item.value
                    // RFC 5987 `filename*=UTF-8''bars.csv`: kept as written after the language tag.
                    case "filename*" where filename == nil:
                        filename = item.value.map {
                            $0.split(separator: "'", omittingEmptySubsequences: false).last.map(String.init) ?? $0
                        }
                    default: continue
                    }
                }
            } else if HTTPHeaders.sameName(field, "Content-Type") {
                contentType = String(String(value).trimmingSpaces)
            }
        }
        return (name, filename, contentType)
    }
}
