// How long finished backtests and their results are kept: an age, a storage budget, both or
// neither (the default: everything is kept until a client deletes it).

/// Limits on finished backtests that the maintenance task enforces, oldest finished first.
public struct RetentionPolicy: Sendable, Equatable {
    /// Finished jobs older than this many seconds (since they finished) are evicted; nil keeps them.
    public var maxAgeSeconds: Double?
    /// While the stored results take more than this many bytes, the oldest finished succeeded job
    /// is evicted; nil sets no budget. The bytes are those of the result column files for the
    /// durable store and an estimate of the result's memory for the in-memory store.
    public var budgetBytes: Int?

    /// A policy; the defaults keep everything.
    public init(maxAgeSeconds: Double? = nil, budgetBytes: Int? = nil) {
        self.maxAgeSeconds = maxAgeSeconds
        self.budgetBytes = budgetBytes
    }

    /// True when nothing is ever evicted.
    public var keepsEverything: Bool { maxAgeSeconds == nil && budgetBytes == nil }

    /// Seconds in a duration such as `7d`, `12h`, `30m`, `45s` or `90` (seconds), or nil when the
    /// text is not one (or not positive).
    public static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        var digits = Substring(text)
        var unit = 1.0
        if let last = digits.last, let scale = units[last] {
            unit = scale
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(digits), value > 0, (value * unit).isFinite
        else { return nil }
        return value * unit
    }

    /// A duration written back the way `seconds(_:)` reads it, in its largest whole unit (`7d`).
    public static func describe(seconds: Double) -> String {
        for (unit, scale) in [("w", 604_800.0), ("d", 86400), ("h", 3600), ("m", 60)]
        where seconds >= scale && (seconds / scale).rounded() == seconds / scale {
            return "\(Int(seconds / scale))\(unit)"
        }
        return seconds.rounded() == seconds ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
