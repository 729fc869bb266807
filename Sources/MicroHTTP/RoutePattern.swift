// RoutePattern: a parsed path pattern such as "/v1/backtests/{id}/fills" and its matcher.

/// A path pattern made of literal segments and `{name}` parameters.
struct RoutePattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The pattern as written.
    let text: String
    let segments: [Segment]

    /// Parses `text`; a segment written `{name}` is a parameter, anything else is literal.
    init(_ text: String) {
        self.text = text
        segments = RoutePattern.split(text).map { part in
            if part.count > 2, part.first == "{", part.last == "}" {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// How many literal segments the pattern has; more literals win over parameters when both match.
    var literalCount: Int {
        segments.reduce(0) { count, segment in
            if case .literal = segment { return count + 1 }
            return count
        }
    }

    /// The parameter values when `path` (already split) matches, else nil.
    func match(_ path: [Substring]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, path) {
            switch segment {
            case .literal(let literal):
                guard literal == part else { return nil }
            case .parameter(let name):
                parameters[name] = String(part)
            }
        }
        return parameters
    }

    /// Splits a path into its non-empty segments (a trailing slash is ignored).
    static func split(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
