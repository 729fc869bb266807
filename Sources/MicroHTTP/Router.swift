// Router: maps (method, path pattern) to handlers; answers 404 / 405 (with Allow) as problem details.
// An app may install its own 404 (e.g. with a "did you mean") and routes that see the route table.

/// A handler that also receives the router's route table, as `Router.routes` gives it.
public typealias RouteTableHandler = @Sendable (Request, [(method: HTTPMethod, pattern: String)]) -> Reply

/// Routes requests to handlers by method and path pattern.
///
/// Patterns are literal segments and `{name}` parameters (`/v1/backtests/{id}/fills`); the values land
/// in `Request.pathParameters`. When several patterns match, the one with more literal segments wins,
/// then the one added first. `HEAD` falls back to the `GET` route; `OPTIONS` without a route of its own
/// answers `204` with `Allow`. A path no pattern matches goes to `notFound` when one is installed.
public struct Router: Sendable {
    private enum Target: Sendable {
        case plain(Handler)
        case seeingRoutes(RouteTableHandler)
    }

    private struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let target: Target
    }

    private var table: [Route] = []
    /// Routes that take their body as it arrives (see `addBodyStart`).
    private var bodyStarts: [(method: HTTPMethod, pattern: RoutePattern, handler: BodyStartHandler)] = []

    /// Answers a path that no route's pattern matches (for any method), given the route table; when
    /// nil, the router answers `404` with an `about:blank` problem. Not called for a known path with
    /// another method: that stays `405`.
    public var notFound: RouteTableHandler?

    /// Creates an empty router.
    public init() {}

    /// Adds a route; `pattern` is a path such as `/v1/backtests/{id}/fills`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        table.append(Route(method: method, pattern: RoutePattern(pattern), target: .plain(handler)))
    }

    /// Adds a route whose handler also receives the route table (an index of the routes, say); the
    /// table is the one at dispatch time, so it includes routes added after this one.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, seeingRoutes handler: @escaping RouteTableHandler)
    {
        table.append(Route(method: method, pattern: RoutePattern(pattern), target: .seeingRoutes(handler)))
    }

    /// Lets the route `method pattern` take its body as it arrives: `start` sees the request head
    /// and answers a consumer, `.gather` (the route's ordinary handler then gets the whole body), or an
    /// answer. The ordinary route must be added too.
    public mutating func addBodyStart(_ method: HTTPMethod, _ pattern: String, _ start: @escaping BodyStartHandler) {
        bodyStarts.append((method, RoutePattern(pattern), start))
    }

    /// How the body of a request whose head is `head` is taken: `.gather` unless a route added with
    /// `addBodyStart` matches (path parameters filled in as for handlers).
    public func bodyStart(_ head: Request) -> BodyStart {
        let path = RoutePattern.split(head.path)
        var best: (pattern: RoutePattern, handler: BodyStartHandler, parameters: [String: String])?
        for route in bodyStarts where route.method == head.method {
            guard let parameters = route.pattern.match(path) else { continue }
            if best == nil || route.pattern.literalCount > best!.pattern.literalCount {
                best = (route.pattern, route.handler, parameters)
            }
        }
        guard let best else { return .gather }
        var routed = head
        routed.pathParameters = parameters(merging: head.pathParameters, best.parameters)
        return best.handler(routed)
    }

    /// Every route added, in order, as written (for checking against an API specification).
    public var routes: [(method: HTTPMethod, pattern: String)] {
        table.map { (method: $0.method, pattern: $0.pattern.text) }
    }

    /// Dispatches `request` to its route, or answers 404 / 405 as `application/problem+json`.
    public func handle(_ request: Request) -> Reply {
        let path = RoutePattern.split(request.path)
        var allowed: Set<HTTPMethod> = []
        var best: (route: Route, parameters: [String: String])?
        var fallback: (route: Route, parameters: [String: String])?
        for route in table {
            guard let parameters = route.pattern.match(path) else { continue }
            allowed.insert(route.method)
            if route.method == request.method, Self.beats(route, best?.route) {
                best = (route, parameters)
            } else if request.method == .HEAD, route.method == .GET, Self.beats(route, fallback?.route) {
                fallback = (route, parameters)
            }
        }
        if let chosen = best ?? fallback {
            var routed = request
            routed.pathParameters = parameters(merging: request.pathParameters, chosen.parameters)
            switch chosen.route.target {
            case .plain(let handler): return handler(routed)
            case .seeingRoutes(let handler): return handler(routed, routes)
            }
        }
        if allowed.isEmpty {
            if let notFound { return notFound(request, routes) }
            return .response(.problem(.notFound, detail: "No resource at \(request.path)."))
        }
        if allowed.contains(.GET) { allowed.insert(.HEAD) }
        let allow = HTTPMethod.allCases.filter { allowed.contains($0) }.map(\.rawValue).joined(separator: ", ")
        if request.method == .OPTIONS {
            return .response(Response(status: .noContent, headers: ["Allow": allow + ", OPTIONS"]))
        }
        return .response(
            .problem(
                .methodNotAllowed,
                detail: "\(request.method.rawValue) is not allowed on \(request.path); allowed: \(allow).",
                headers: ["Allow": allow]
            ))
    }

    private static func beats(_ candidate: Route, _ current: Route?) -> Bool {
        guard let current else { return true }
        return candidate.pattern.literalCount > current.pattern.literalCount
    }

    private func parameters(merging existing: [String: String], _ matched: [String: String]) -> [String: String] {
        existing.merging(matched) { _, new in new }
    }
}
