// MultipartError: why a multipart/form-data body could not be split into parts, with stable codes.

/// Why `MultipartForm` could not read a body.
public enum MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `Content-Type: multipart/form-data` without a `boundary` parameter.
    case missingBoundary
    /// A boundary that is empty, longer than 200 characters, or holds control characters.
    case invalidBoundary(String)
    /// The body does not start with the boundary line (another boundary, or not multipart at all).
    case noOpeningBoundary
    /// The body ends before the closing boundary (`--BOUNDARY--`).
    case truncated
    /// A part's header block is not `Name: value` lines ended by an empty line (within 16 KiB).
    case malformedPartHeaders(part: Int)
    /// More parts than `MultipartForm.maximumParts`.
    case tooManyParts

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .missingBoundary: "missing_boundary"
        case .invalidBoundary: "invalid_boundary"
        case .noOpeningBoundary: "no_opening_boundary"
        case .truncated: "truncated"
        case .malformedPartHeaders: "malformed_part_headers"
        case .tooManyParts: "too_many_parts"
        }
    }

    /// A short explanation of what is wrong.
    public var description: String {
        switch self {
        case .missingBoundary: "the Content-Type multipart/form-data has no boundary parameter"
        case .invalidBoundary(let b):
            "the boundary \"\(b.prefix(40))\(b.count > 40 ? "…" : "")\" is not 1 to 200 printable characters"
        case .noOpeningBoundary: "the body does not start with the boundary given in Content-Type"
        case .truncated: "the body ends before the closing boundary"
        case .malformedPartHeaders(let part): "the headers of part \(part) are malformed"
        case .tooManyParts: "the form has more than \(MultipartForm.maximumParts) parts"
        }
    }
}
