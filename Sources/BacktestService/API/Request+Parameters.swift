// Reading query parameters and choosing representations, with a 400 problem naming the parameter.
import MicroHTTP

extension Request {
    /// `?limit=`: a whole number in 1...max, `defaultValue` when absent.
    func limit(default defaultValue: Int, max: Int) -> Result<Int, Problem> {
        guard let text = query["limit"] else { return .success(defaultValue) }
        guard let n = Int(text), (1...max).contains(n) else {
            return .failure(.badQuery("limit", "expected a whole number from 1 to \(max), found \"\(text)\""))
        }
        return .success(n)
    }

    /// `?wait=`: seconds to long-poll, 0...max (fractions allowed), 0 when absent.
    func waitSeconds(max: Double) -> Result<Double, Problem> {
        guard let text = query["wait"] else { return .success(0) }
        guard let s = Double(text), s.isFinite, s >= 0, s <= max else {
            return .failure(.badQuery("wait", "expected seconds from 0 to \(Int(max)), found \"\(text)\""))
        }
        return .success(s)
    }

    /// The `Idempotency-Key` header: 1 to 255 printable ASCII characters; nil when absent.
    func idempotencyKey() -> Result<String?, Problem> {
        guard let key = headers["Idempotency-Key"] else { return .success(nil) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return .failure(
                Problem(
                    .badRequest, code: "invalid_header", title: "Invalid header",
                    detail: "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.",
                    errors: [
                        ProblemItem(path: "header.Idempotency-Key", message: "1 to 255 printable ASCII characters")
                    ]
                ))
        }
        return .success(key)
    }

    /// Whether the client asked for CSV (`?format=csv` or an `Accept` naming text/csv).
    func wantsCSV() -> Result<Bool, Problem> {
        if let format = query["format"] {
            switch format {
            case "csv": return .success(true)
            case "json": return .success(false)
            default: return .failure(.badQuery("format", "expected \"json\" or \"csv\", found \"\(format)\""))
            }
        }
        let accept = headers["Accept"] ?? ""
        return .success(accept.contains("text/csv"))
    }

    /// The media type of the body, lower-cased, without parameters.
    var mediaType: String? {
        guard let value = headers["Content-Type"] else { return nil }
        let bare = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        return bare.trimmingSpaces().lowercased()
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

/// Building JSON responses.
enum JSONResponse {
    /// A JSON response with a status and optional extra headers.
    static func make(_ value: JSONValue, status: HTTPStatus = .ok, headers extra: [(String, String)] = []) -> Response {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        for (name, value) in extra { headers.set(name, value) }
        return Response(status: status, headers: headers, body: .bytes(JSONWriter.encode(value)))
    }

    /// A listing page `{items, next_cursor}`; a nil page means the store did not know the cursor.
    static func page<Item>(_ page: Page<Item>?, _ render: (Item) -> JSONValue) throws(Problem) -> Response {
        guard let page else {
            throw .badQuery(
                "cursor", "not a cursor this server made; pass a previous page's next_cursor, or none to start")
        }
        return make(.object(["items": .array(page.items.map(render)), "next_cursor": .optional(page.nextCursor)]))
    }

    /// A JSON document of something that may still change (a job, a sweep): once `final`, served
    /// as `immutable` (answering `If-None-Match`) when there is a `request` to answer; before, plain.
    static func state(_ bytes: [UInt8], final: Bool, for request: Request?) -> Response {
        guard final, let request else {
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .bytes(bytes))
        }
        return immutable(bytes, for: request)
    }

    /// A JSON response for a resource that no longer changes: strong ETag, 304 on a match.
    static func immutable(_ bytes: [UInt8], for request: Request) -> Response {
        Response.servingBytes(bytes, contentType: "application/json", etag: ETag.of(bytes), for: request)
    }
}

/// Strong entity tags from content.
enum ETag {
    /// A quoted 64-bit FNV-1a hash of the bytes.
    static func of(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            hash ^= UInt64(b)
            hash &*= 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }
}
