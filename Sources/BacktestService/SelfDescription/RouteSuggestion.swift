// The answer to a path no route has: a 404 problem naming the nearest route as "did you mean", with
// the client's own path segments put in the route's parameters (`/v1/backtest/bt_1/fill` suggests
// `/v1/backtests/bt_1/fills`). The router calls it through its not-found hook; the choice is the
// engine's `Suggestions`, the one "did you mean" of the server.
import BacktestEngine
import MicroHTTP

/// "Did you mean" for unknown paths.
enum RouteSuggestion {
    /// Longer paths get no suggestion (checked before candidates are built): the limit of every
    /// "did you mean".
    static let maxPathBytes = Suggestions.maxNameBytes

    /// The path of the route nearest to `path`, or nil when none is a likely typo.
    ///
    /// Each pattern with as many segments as the path is tried with the path's segments in its
    /// `{parameter}` places; patterns without parameters are tried as written.
    static func closest(to path: String, among patterns: [String]) -> String? {
        guard path.utf8.count <= maxPathBytes else { return nil }
        let segments = path.split(separator: "/").map(String.init)
        let normalized = "/" + segments.joined(separator: "/")
        var candidates: [String] = []
        for pattern in patterns {
            let parts = pattern.split(separator: "/").map(String.init)
            let isParameter = parts.map { $0.hasPrefix("{") && $0.hasSuffix("}") }
            let candidate: String
            if parts.count == segments.count {
                candidate = "/" + zip(parts, zip(isParameter, segments)).map { $1.0 ? $1.1 : $0 }.joined(separator: "/")
            } else if !isParameter.contains(true) {
                candidate = pattern
            } else {
                continue
            }
            if candidate != normalized, !candidates.contains(candidate) { candidates.append(candidate) }
        }
        return Suggestions.closest(to: normalized, in: candidates)
    }

    /// The 404 problem for `request`: `code: not_found`, and `did_you_mean` when a route is near.
    static func notFound(_ request: Request, routes: [(method: HTTPMethod, pattern: String)]) -> Response {
        let suggestion = closest(to: request.path, among: routes.map(\.pattern))
        let hint = suggestion.map { " Did you mean \"\($0)\"?" } ?? ""
        let problem = Problem(
            .notFound, code: "not_found", title: "Not found",
            detail: "No route has the path \"\(Suggestions.echo(request.path))\".\(hint) GET /v1 lists every route.")
        guard let suggestion, case .object(var object) = problem.json else { return problem.response }
        object.append("did_you_mean", .string(suggestion))
        var response = problem.response
        response.body = .bytes(JSONWriter.encode(.object(object)))
        return response
    }
}
