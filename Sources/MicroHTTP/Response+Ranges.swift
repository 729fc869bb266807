// Response+Ranges: serving a finished resource with HEAD, single byte ranges (206 / 416) and
// ETag / If-None-Match (304), as HTTP readers such as polars expect.

extension Response {
    /// Full 200 or single-range 206 (with Content-Range) or 416, with Content-Length, Accept-Ranges: bytes,
    /// and ETag / If-None-Match -> 304 handling when `etag` is given.
    ///
    /// `etag` may be given bare (`abc`) or quoted (`"abc"`, `W/"abc"`); it is sent quoted. Several ranges
    /// in one header are answered with the whole resource (200). An `If-Range` that does not match the
    /// ETag also gives the whole resource.
    public static func servingBytes(
        _ bytes: [UInt8], contentType: String, etag: String?, for request: Request
    )
        -> Response
    {
        var headers: HTTPHeaders = ["Accept-Ranges": "bytes"]
        let tag = etag.map(quotedETag)
        if let tag {
            headers.set("ETag", tag)
            if let condition = request.headers["If-None-Match"], etagList(condition, contains: tag) {
                return Response(status: .notModified, headers: headers)
            }
        }
        headers.set("Content-Type", contentType)
        let whole = Response(status: .ok, headers: headers, body: .bytes(bytes))
        guard request.method == .GET || request.method == .HEAD else { return whole }
        if let condition = request.headers["If-Range"], String(condition.trimmingSpaces) != tag {
            return whole
        }
        switch ByteRange(header: request.headers["Range"], length: bytes.count) {
        case .whole:
            return whole
        case .unsatisfiable:
            var problem = Response.problem(
                .rangeNotSatisfiable,
                detail: "The range \(request.headers["Range"] ?? "") is outside the \(bytes.count) bytes available.",
                headers: headers)
            problem.headers.set("Content-Range", "bytes */\(bytes.count)")
            return problem
        case .single(let range):
            headers.set("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound)/\(bytes.count)")
            return Response(status: .partialContent, headers: headers, body: .bytes(Array(bytes[range])))
        }
    }

    private static func quotedETag(_ etag: String) -> String {
        if etag.hasPrefix("\"") || etag.hasPrefix("W/\"") { return etag }
        return "\"\(etag)\""
    }

    /// Weak comparison (RFC 9110 §8.8.3.2) of `tag` against an If-None-Match list or `*`.
    private static func etagList(_ list: String, contains tag: String) -> Bool {
        let opaque: (Substring) -> Substring = { $0.hasPrefix("W/") ? $0.dropFirst(2) : $0 }
        let wanted = opaque(Substring(tag))
        return list.split(separator: ",").contains { candidate in
            let trimmed = String(candidate).trimmingSpaces
            return trimmed == "*" || opaque(trimmed) == wanted
        }
    }
}
