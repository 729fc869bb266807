// Response+Problem: RFC 9457 problem details for the HTTP layer's own errors, JSON written by hand.

extension Response {
    /// The media type of problem details.
    public static let problemContentType = "application/problem+json"

    /// An `application/problem+json` response with `type`, `title`, `status` and `detail`.
    ///
    /// `title` defaults to the status's reason phrase and `type` to `about:blank`. A `code` adds the
    /// stable machine-readable `code` member (an RFC 9457 extension) for problems clients act on.
    public static func problem(
        _ status: HTTPStatus,
        detail: String,
        title: String? = nil,
        type: String = "about:blank",
        code: String? = nil,
        headers: HTTPHeaders = [:]
    ) -> Response {
        var json = "{\"type\":"
        appendJSONString(type, to: &json)
        json += ",\"title\":"
        appendJSONString(title ?? status.reasonPhrase, to: &json)
        json += ",\"status\":\(status.rawValue),\"detail\":"
        appendJSONString(detail, to: &json)
        if let code {
            json += ",\"code\":"
            appendJSONString(code, to: &json)
        }
        json += "}"
        var allHeaders = headers
        allHeaders.set("Content-Type", problemContentType)
        return Response(status: status, headers: allHeaders, body: .bytes(Array(json.utf8)))
    }

    /// Appends `text` as a JSON string literal, escaping quotes, backslashes and control characters.
    static func appendJSONString(_ text: String, to json: inout String) {
        json += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }
}
