// MultipartScanner: the boundary scan over a multipart body. Hand-written because it is a hot path:
// an upload is hundreds of MB, so the body is searched once for "\n--BOUNDARY", 16 bytes at a time
// (SIMD compare of the needle's first and last bytes, then `memcmp` of the candidates; glibc's
// `memmem` is not exported to Swift), and never copied; only the small part-header blocks become
// strings.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks one body from boundary to boundary.
struct MultipartScanner {
    private let body: UnsafeRawBufferPointer
    /// "--" + boundary.
    private let delimiter: [UInt8]
    /// "\n--" + boundary: a delimiter at the start of a line.
    private let lineDelimiter: [UInt8]

    /// The longest part-header block read.
    static let maximumHeaderBytes = 16 << 10

    init(body: UnsafeRawBufferPointer, boundary: [UInt8]) {
        self.body = body
        delimiter = Array("--".utf8) + boundary
        lineDelimiter = [UInt8(ascii: "\n")] + delimiter
    }

    /// Every part, in order, up to the closing delimiter (anything after it, the epilogue, is ignored).
    mutating func parts() throws(MultipartError) -> [MultipartPart] {
        guard body.count > 0 else { throw .truncated }
        // The first delimiter opens the body or follows a preamble line.
        var at: Int
        if starts(with: delimiter, at: 0) {
            at = 0
        } else if let found = find(lineDelimiter, from: 0) {
            at = found + 1
        } else {
            throw .noOpeningBoundary
        }
        var parts: [MultipartPart] = []
        while true {
            var cursor = at + delimiter.count
            if starts(with: Array("--".utf8), at: cursor) { return parts }
            // Transport padding, then the line break that ends the delimiter line.
            while cursor < body.count && (body[cursor] == UInt8(ascii: " ") || body[cursor] == UInt8(ascii: "\t")) {
                cursor += 1
            }
            if cursor < body.count && body[cursor] == UInt8(ascii: "\r") { cursor += 1 }
            guard cursor < body.count else { throw .truncated }
            guard body[cursor] == UInt8(ascii: "\n") else { throw .malformedPartHeaders(part: parts.count + 1) }
            let headersStart = cursor + 1
            let contentStart = try endOfHeaders(from: headersStart, part: parts.count + 1)
            guard let next = find(lineDelimiter, from: max(contentStart - 1, headersStart)) else { throw .truncated }
            var contentEnd = next
            if contentEnd > contentStart && body[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            contentEnd = max(contentEnd, contentStart)
            let described = try MultipartForm.describe(
                headers: UnsafeRawBufferPointer(rebasing: body[headersStart..<contentStart]), part: parts.count + 1)
            guard parts.count < MultipartForm.maximumParts else { throw .tooManyParts }
            parts.append(
                MultipartPart(
                    name: described.name, filename: described.filename, contentType: described.contentType,
                    content: contentStart..<contentEnd))
            at = next + 1
        }
    }

    /// The offset just past the empty line that ends a header block starting at `start`.
    private func endOfHeaders(from start: Int, part: Int) throws(MultipartError) -> Int {
        // A part with no headers at all: the empty line comes first.
        if starts(with: [UInt8(ascii: "\r"), UInt8(ascii: "\n")], at: start) { return start + 2 }
        if starts(with: [UInt8(ascii: "\n")], at: start) { return start + 1 }
        let limit = min(body.count, start + Self.maximumHeaderBytes)
        var i = start
        while i < limit {
            if body[i] == UInt8(ascii: "\n") {
                if i + 1 < body.count && body[i + 1] == UInt8(ascii: "\n") { return i + 2 }
                if i + 2 < body.count && body[i + 1] == UInt8(ascii: "\r") && body[i + 2] == UInt8(ascii: "\n") {
                    return i + 3
                }
            }
            i += 1
        }
        throw limit == body.count ? .truncated : .malformedPartHeaders(part: part)
    }

    private func starts(with bytes: [UInt8], at offset: Int) -> Bool {
        guard offset + bytes.count <= body.count else { return false }
        for (i, b) in bytes.enumerated() where body[offset + i] != b { return false }
        return true
    }

    /// The offset of the first `needle` at or after `from`, or nil.
    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard let base = body.baseAddress, !needle.isEmpty, from + needle.count <= body.count else { return nil }
        let last = needle.count - 1
        let firstByte = SIMD16<UInt8>(repeating: needle[0])
        let lastByte = SIMD16<UInt8>(repeating: needle[last])
        return needle.withUnsafeBytes { pattern -> Int? in
            let matches = { (offset: Int) -> Bool in memcmp(base + offset, pattern.baseAddress!, pattern.count) == 0 }
            var i = from
            // Candidates are positions where both the first and the last byte of the needle match.
            while i + last + 16 <= body.count {
                let heads = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                let tails = base.loadUnaligned(fromByteOffset: i + last, as: SIMD16<UInt8>.self)
                let candidates = (heads .== firstByte) .& (tails .== lastByte)
                if any(candidates) {
                    for lane in 0..<16 where candidates[lane] && matches(i + lane) { return i + lane }
                }
                i += 16
            }
            while i + needle.count <= body.count {
                if matches(i) { return i }
                i += 1
            }
            return nil
        }
    }
}
