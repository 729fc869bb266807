// MediaType: a `Content-Type` value split into its type and parameters (RFC 9110 §8.3.1), and the
// parameter-list tokenizer shared with multipart part headers (`Content-Disposition`).

/// A media type such as `multipart/form-data; boundary=x`, with its parameters.
public struct MediaType: Sendable, Equatable {
    /// `type/subtype`, lower-cased (`text/csv`).
    public var essence: String
    /// Parameters in order; names lower-cased, quoted values unquoted.
    public var parameters: [(name: String, value: String)]

    /// Parses a header value; nil when it does not start with `type/subtype`.
    public init?(_ text: String) {
        let items = Self.split(Substring(text))
        guard let first = items.first, first.value == nil else { return nil }
        let essence = first.name.lowercased()
        let pieces = essence.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else { return nil }
        self.essence = essence
        parameters = items.dropFirst().compactMap { item in item.value.map { (item.name, $0) } }
    }

    /// The first value of the parameter `name` (given lower-case), or nil.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Equal when the essence and the parameters (in order) are.
    public static func == (lhs: MediaType, rhs: MediaType) -> Bool {
        lhs.essence == rhs.essence && lhs.parameters.elementsEqual(rhs.parameters) { $0 == $1 }
    }

    /// Splits `token; name=value; name="quoted \" value"` into items: the leading token (value nil),
    /// then parameters with lower-cased names. Semicolons inside quotes do not split.
    static func split(_ text: Substring) -> [(name: String, value: String?)] {
        var items: [(name: String, value: String?)] = []
        var rest = text[...]
        while !rest.isEmpty {
            var name = ""
            var value: String?
            var inQuotes = false
            var escaped = false
            var sawEquals = false
            var current = ""
            while let c = rest.first {
                rest.removeFirst()
                if inQuotes {
                    if escaped {
                        current.append(c)
                        escaped = false
                    } else if c == "\\" {
                        escaped = true
                    } else if c == "\"" {
                        inQuotes = false
                    } else {
                        current.append(c)
                    }
                } else if c == "\"" && sawEquals {
                    inQuotes = true
                } else if c == ";" {
                    break
                } else if c == "=" && !sawEquals {
                    sawEquals = true
                    name = current
                    current = ""
                } else {
                    current.append(c)
                }
            }
            if sawEquals {
                value = String(current.trimmingSpaces)
                name = String(name.trimmingSpaces).lowercased()
            } else {
                name = String(current.trimmingSpaces)
            }
            if !name.isEmpty { items.append((name, value)) }
        }
        return items
    }
}

extension Request {
    /// The body's media type from `Content-Type`, or nil when absent or malformed.
    public var contentType: MediaType? {
        headers["Content-Type"].flatMap(MediaType.init)
    }
}
