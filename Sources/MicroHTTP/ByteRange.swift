// ByteRange: parses a `Range: bytes=...` header against a resource length (RFC 9110 §14).

/// The outcome of a `Range` header for a resource of known length.
enum ByteRange: Equatable, Sendable {
    /// No usable range: absent, another unit, malformed, or several ranges; serve the whole resource.
    case whole
    /// One satisfiable range, clamped to the resource.
    case single(ClosedRange<Int>)
    /// A single range that selects nothing; answer 416.
    case unsatisfiable

    /// Resolves `header` (such as `bytes=0-3`, `bytes=10-`, `bytes=-5`) for a resource of `length` bytes.
    init(header: String?, length: Int) {
        guard let header else {
            self = .whole
            return
        }
        let text = header.trimmingSpaces
        guard text.count > 6, text.prefix(6).lowercased() == "bytes=" else {
            self = .whole
            return
        }
        let specs = text.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false)
        guard specs.count == 1, let spec = specs.first else {
            self = .whole
            return
        }
        self = ByteRange.resolve(String(spec).trimmingSpaces, length: length)
    }

    private static func resolve(_ spec: Substring, length: Int) -> ByteRange {
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        let first = parts[0]
        let last = parts[1]
        if first.isEmpty {
            // Suffix range: the last N bytes.
            guard let suffix = number(last) else { return .whole }
            guard suffix > 0, length > 0 else { return .unsatisfiable }
            return .single(max(0, length - suffix)...(length - 1))
        }
        guard let start = number(first) else { return .whole }
        var end = length - 1
        if !last.isEmpty {
            guard let requestedEnd = number(last), requestedEnd >= start else { return .whole }
            end = min(requestedEnd, length - 1)
        }
        guard start < length else { return .unsatisfiable }
        return .single(start...end)
    }

    /// A non-negative decimal that fits in `Int`, or nil.
    private static func number(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        // Values past Int.max are clamped: they still mean "to the end".
        return Int(digits) ?? Int.max
    }
}
