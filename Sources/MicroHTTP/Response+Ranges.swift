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
        servingRanges(length: bytes.count, contentType: contentType, etag: etag, for: request) { range in
            .bytes(range.map { Array(bytes[$0]) } ?? bytes)
        }
    }

    /// The same answers as `servingBytes` for a resource of `length` bytes that is not held whole:
    /// `body` gives the bytes of a range (nil: the whole resource) and is called only for the one
    /// range answered, so a HEAD or a small range costs only what its body costs. A `.stream` body
    /// must declare the range's length as its `contentLength`.
    public static func servingRanges(
        length: Int, contentType: String, etag: String?, for request: Request,
        body: (ClosedRange<Int>?) -> ResponseBody
    ) -> Response {
        var headers: HTTPHeaders = ["Accept-Ranges": "bytes"]
        let tag = etag.map(quotedETag)
        if let tag {
            headers.set("ETag", tag)
            if let condition = request.headers["If-None-Match"], etagList(condition, contains: tag) {
                return Response(status: .notModified, headers: headers)
            }
        }
        headers.set("Content-Type", contentType)
        var range = ByteRange.whole
        if request.method == .GET || request.method == .HEAD,
            request.headers["If-Range"].map({ String($0.trimmingSpaces) == tag }) ?? true
        {
            range = ByteRange(header: request.headers["Range"], length: length)
        }
        switch range {
        case .whole:
            return Response(status: .ok, headers: headers, body: body(nil))
        case .unsatisfiable:
            var problem = Response.problem(
                .rangeNotSatisfiable,
                detail: "The range \(request.headers["Range"] ?? "") is outside the \(length) bytes available.",
                headers: headers)
            problem.headers.set("Content-Range", "bytes */\(length)")
            return problem
        case .single(let range):
            headers.set("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound)/\(length)")
            return Response(status: .partialContent, headers: headers, body: body(range))
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
