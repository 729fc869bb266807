// HTTPStatus: a response status code with named constants and reason phrases.

/// An HTTP response status code.
///
/// Any integer code can be expressed; the named constants cover what a JSON API needs.
public struct HTTPStatus: RawRepresentable, Sendable, Hashable {
    /// The numeric code, such as 200.
    public var rawValue: Int

    /// Wraps a numeric code. Codes outside 100...999 are sent as 500 by the server.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// 200 OK.
    public static let ok = HTTPStatus(rawValue: 200)
    /// 201 Created.
    public static let created = HTTPStatus(rawValue: 201)
    /// 202 Accepted.
    public static let accepted = HTTPStatus(rawValue: 202)
    /// 204 No Content.
    public static let noContent = HTTPStatus(rawValue: 204)
    /// 206 Partial Content.
    public static let partialContent = HTTPStatus(rawValue: 206)
    /// 301 Moved Permanently.
    public static let movedPermanently = HTTPStatus(rawValue: 301)
    /// 303 See Other.
    public static let seeOther = HTTPStatus(rawValue: 303)
    /// 304 Not Modified.
    public static let notModified = HTTPStatus(rawValue: 304)
    /// 400 Bad Request.
    public static let badRequest = HTTPStatus(rawValue: 400)
    /// 401 Unauthorized.
    public static let unauthorized = HTTPStatus(rawValue: 401)
    /// 403 Forbidden.
    public static let forbidden = HTTPStatus(rawValue: 403)
    /// 404 Not Found.
    public static let notFound = HTTPStatus(rawValue: 404)
    /// 405 Method Not Allowed.
    public static let methodNotAllowed = HTTPStatus(rawValue: 405)
    /// 406 Not Acceptable.
    public static let notAcceptable = HTTPStatus(rawValue: 406)
    /// 409 Conflict.
    public static let conflict = HTTPStatus(rawValue: 409)
    /// 410 Gone.
    public static let gone = HTTPStatus(rawValue: 410)
    /// 412 Precondition Failed.
    public static let preconditionFailed = HTTPStatus(rawValue: 412)
    /// 413 Content Too Large.
    public static let payloadTooLarge = HTTPStatus(rawValue: 413)
    /// 415 Unsupported Media Type.
    public static let unsupportedMediaType = HTTPStatus(rawValue: 415)
    /// 416 Range Not Satisfiable.
    public static let rangeNotSatisfiable = HTTPStatus(rawValue: 416)
    /// 422 Unprocessable Content.
    public static let unprocessableContent = HTTPStatus(rawValue: 422)
    /// 429 Too Many Requests.
    public static let tooManyRequests = HTTPStatus(rawValue: 429)
    /// 500 Internal Server Error.
    public static let internalServerError = HTTPStatus(rawValue: 500)
    /// 501 Not Implemented.
    public static let notImplemented = HTTPStatus(rawValue: 501)
    /// 503 Service Unavailable.
    public static let serviceUnavailable = HTTPStatus(rawValue: 503)

    /// The standard reason phrase, or "Status N" for codes without a name here.
    public var reasonPhrase: String {
        switch rawValue {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 303: "See Other"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 409: "Conflict"
        case 410: "Gone"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        default: "Status \(rawValue)"
        }
    }
}
