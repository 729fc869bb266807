// RFC 9457 problem details: the one shape every 4xx/5xx answer of the API takes.
import BacktestEngine
import MicroHTTP

/// One validation problem: where (a JSON path, or a CSV line and column) and what to do.
public struct ProblemItem: Sendable, Equatable {
    /// JSON path (`strategy.params.filters[0].op`) or CSV place (`line 17, column close`).
    public var path: String
    /// One sentence saying what is wrong and how to fix it.
    public var message: String
    /// CSV line (1-based, header = 1) when the problem is in uploaded data.
    public var line: Int?
    /// CSV column name when the problem is in uploaded data.
    public var column: String?
    /// A stable code for the kind of data problem (`bad_number`, `duplicate_bar`, …).
    public var code: String?

    /// A problem at a JSON path.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// A problem at a CSV place.
    public init(line: Int?, column: String?, code: String?, message: String) {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let column { place.append("column \(Suggestions.echo(column))") }
        self.path = place.isEmpty ? "body" : place.joined(separator: ", ")
        self.message = message
        self.line = line
        self.column = column.map(Suggestions.echo)
        self.code = code
    }
}

/// A problem-details answer. `type` is a stable URI-reference naming the kind of problem.
public struct Problem: Error, Sendable, Equatable {
    /// HTTP status.
    public var status: HTTPStatus
    /// Stable machine-readable kind, also used as the last segment of `type`.
    public var code: String
    /// Short human title for the kind.
    public var title: String
    /// This occurrence, in one or two sentences.
    public var detail: String
    /// Every validation problem found, when there were several.
    public var errors: [ProblemItem]
    /// Extra response headers (`Retry-After`, `Allow`).
    public var headers: [(String, String)]
    /// Extension members of the document beside the standard ones (RFC 9457 §3.2), such as a
    /// 410's `removed_at`.
    public var extensions: JSONObject = [:]

    /// A problem with no itemized errors.
    public init(
        _ status: HTTPStatus, code: String, title: String, detail: String,
        errors: [ProblemItem] = [], headers: [(String, String)] = []
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// Equal when every member is equal.
    public static func == (lhs: Problem, rhs: Problem) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.detail == rhs.detail && lhs.errors == rhs.errors
    }

    /// Items a problem document lists; the rest are counted in a last item.
    public static let maxListedErrors = 100
    /// Characters of a detail or message kept; the rest are counted.
    public static let maxTextCharacters = 2000

    /// The problem as its JSON document. Whatever the input, it stays small: at most
    /// `maxListedErrors` items (then one counting the rest) and texts of at most
    /// `maxTextCharacters` (then a count of the characters left out).
    public var json: JSONValue {
        var object: JSONObject = [
            "type": .string("https://backtest.dev/problems/\(code)"),
            "title": .string(title),
            "status": .int(status.rawValue),
            "detail": .string(Self.bounded(detail)),
            "code": .string(code),
        ]
        for (key, value) in extensions.members where object[key] == nil { object[key] = value }
        if !errors.isEmpty {
            var listed = Array(errors.prefix(Self.maxListedErrors))
            if errors.count > Self.maxListedErrors {
                listed[listed.count - 1] = ProblemItem(
                    path: "body",
                    message:
                        "… and \(Suggestions.grouped(errors.count - Self.maxListedErrors + 1)) more problems; fix the ones listed and send again to see the rest"
                )
            }
            object["errors"] = .array(
                listed.map { item in
                    var o: JSONObject = [
                        "path": .string(Self.bounded(item.path)), "message": .string(Self.bounded(item.message)),
                    ]
                    if let line = item.line { o["line"] = .int(line) }
                    if let column = item.column { o["column"] = .string(column) }
                    if let code = item.code { o["code"] = .string(code) }
                    return .object(o)
                })
        }
        return .object(object)
    }

    /// `text` cut to `maxTextCharacters`, with a count of what was cut.
    static func bounded(_ text: String) -> String {
        guard text.utf8.count > maxTextCharacters, text.count > maxTextCharacters else { return text }
        let rest = text.count - maxTextCharacters
        return String(text.prefix(maxTextCharacters)) + "… (\(Suggestions.grouped(rest)) more characters)"
    }

    /// The problem as an HTTP response with `application/problem+json`.
    public var response: Response {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/problem+json")
        for (name, value) in self.headers { headers.set(name, value) }
        return Response(status: status, headers: headers, body: .bytes(JSONWriter.encode(json)))
    }
}

extension Problem {
    /// 404 for an id of the given kind that does not exist.
    public static func notFound(_ kind: String, id: String) -> Problem {
        Problem(
            .notFound, code: "not_found", title: "Not found",
            detail: "No \(kind) has the id \"\(Suggestions.echo(id))\"; list them with GET /v1/\(kind)s.")
    }

    /// 400 for a body that is not JSON.
    public static func malformedJSON(_ error: JSONSyntaxError) -> Problem {
        Problem(
            .badRequest, code: "malformed_json", title: "Malformed JSON",
            detail: "The body is not valid JSON: \(error.reason) at line \(error.line), column \(error.column).",
            errors: [ProblemItem(path: "body", message: "\(error.reason) (line \(error.line), column \(error.column))")]
        )
    }

    /// 422 for a JSON document that does not match the expected shape.
    public static func invalidSpec(_ items: [ProblemItem]) -> Problem {
        let first = items.first.map { "\($0.path): \($0.message)" } ?? ""
        let more = items.count > 1 ? " (and \(items.count - 1) more problem\(items.count > 2 ? "s" : ""))" : ""
        return Problem(
            .unprocessableContent, code: "invalid_request", title: "Invalid request",
            detail: first + more, errors: items)
    }

    /// 400 for a bad query parameter.
    public static func badQuery(_ name: String, _ message: String) -> Problem {
        Problem(
            .badRequest, code: "invalid_query", title: "Invalid query parameter",
            detail: "Query parameter \(name): \(message)",
            errors: [ProblemItem(path: "query.\(name)", message: message)])
    }

    /// 415 when the body is not in the media type a route takes.
    public static func unsupportedMediaType(_ got: String?, expected: String) -> Problem {
        Problem(
            .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
            detail:
                "This route takes \(expected); the request says \(got.map { "\"\($0)\"" } ?? "nothing"). Send Content-Type: \(expected)."
        )
    }
}
