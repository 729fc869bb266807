// A path into a backtest spec as a sweep names it (`strategy.params.entry_above`,
// `strategy.params.filters[0].value`): parsed once, then used to set one value in a copy of the
// base spec's JSON for each combination, and to tell which of a child's problems a swept value
// caused.

/// A dotted path of member names, each optionally followed by array indices.
struct SpecPath: Sendable, Equatable {
    /// One step: into an object member, or into an array element.
    enum Step: Sendable, Equatable {
        case member(String)
        case index(Int)
    }

    /// The path as written (the name of its column in a sweep's results).
    let text: String
    let steps: [Step]

    /// Parses `text`; nil for an empty path, an empty segment, or an index that is not a whole
    /// number (`a..b`, `a[x]`, `a[`).
    init?(_ text: String) {
        var steps: [Step] = []
        for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(segment)
            let name = rest.prefix { $0 != "[" }
            guard !name.isEmpty else { return nil }
            steps.append(.member(String(name)))
            rest = rest.dropFirst(name.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0
                else { return nil }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        guard !steps.isEmpty else { return nil }
        self.text = text
        self.steps = steps
    }

    /// Why a value cannot be set at this path in a document.
    struct Unreachable: Error, Equatable {
        /// One sentence naming the step that failed.
        let reason: String
    }

    /// `document` with the value at this path replaced by `value`. Missing object members on the way
    /// are created (a sweep over `risk.stop_loss` needs no `risk` in the base); an array index
    /// must name an element that exists, and every step must go into the kind of value it names.
    func setting(_ value: JSONValue, in document: JSONValue) -> Result<JSONValue, Unreachable> {
        set(value, in: document, from: 0, prefix: "")
    }

    private func set(
        _ value: JSONValue, in node: JSONValue, from i: Int, prefix: String
    ) -> Result<
        JSONValue, Unreachable
    > {
        guard i < steps.count else { return .success(value) }
        switch steps[i] {
        case .member(let name):
            let here = prefix.isEmpty ? name : "\(prefix).\(name)"
            var object: JSONObject
            switch node {
            case .object(let o): object = o
            case .null: object = JSONObject()
            default:
                return .failure(
                    Unreachable(
                        reason:
                            "\(prefix.isEmpty ? "the spec" : prefix) is \(node.typeName), not an object, so it has no member \"\(name)\""
                    ))
            }
            switch set(value, in: object[name] ?? .null, from: i + 1, prefix: here) {
            case .success(let child):
                object[name] = child
                return .success(.object(object))
            case .failure(let reason): return .failure(reason)
            }
        case .index(let n):
            let here = "\(prefix)[\(n)]"
            guard case .array(var items) = node else {
                let what = node == .null ? "is not in the base spec" : "is \(node.typeName), not an array"
                return .failure(
                    Unreachable(reason: "\(prefix) \(what), so it has no [\(n)]; give the array in base"))
            }
            guard n < items.count else {
                return .failure(
                    Unreachable(
                        reason:
                            "\(prefix) has \(items.count) item\(items.count == 1 ? "" : "s"), so [\(n)] is past its end"
                    ))
            }
            switch set(value, in: items[n], from: i + 1, prefix: here) {
            case .success(let child):
                items[n] = child
                return .success(.array(items))
            case .failure(let reason): return .failure(reason)
            }
        }
    }

    /// Whether a problem reported at `path` (a JSON path of the spec) lies at or under this path.
    func covers(_ path: String) -> Bool {
        guard path.hasPrefix(text) else { return false }
        let rest = path.dropFirst(text.count)
        return rest.isEmpty || rest.first == "." || rest.first == "["
    }
}
