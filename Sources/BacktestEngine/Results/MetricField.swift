// A named statistic of a record (`Metrics`, `BenchmarkMetrics`) and what it measures: how the
// summary, the stored form and equality walk the statistics by name.

/// What a statistic measures, which decides how it is written.
public enum MetricUnit: Sendable {
    /// An amount of the account's currency.
    case money
    /// A dimensionless number: returns, ratios, fractions, means of counts.
    case ratio
    /// A whole number of things (bars, fills, sessions).
    case count
}

/// One named statistic of a record (`Metrics` or `BenchmarkMetrics`).
public struct MetricField<Record>: Sendable {
    /// The stable name (the summary's JSON key and the stored form's key).
    public let name: String
    /// What it measures.
    public let unit: MetricUnit
    /// Reads it; nil when the record holds no value (a profit factor without losing trades).
    public let get: @Sendable (Record) -> Double?
    /// Writes it; nil for a statistic derived from others (`total_costs`), which is not stored.
    public let set: (@Sendable (inout Record, Double?) -> Void)?

    init(
        _ name: String, _ unit: MetricUnit, _ get: @escaping @Sendable (Record) -> Double?,
        _ set: (@Sendable (inout Record, Double?) -> Void)?
    ) {
        self.name = name
        self.unit = unit
        self.get = get
        self.set = set
    }

    /// A stored double member.
    static func double(_ name: String, _ unit: MetricUnit, _ path: WritableKeyPath<Record, Double> & Sendable) -> Self {
        Self(name, unit, { $0[keyPath: path] }, { $0[keyPath: path] = $1 ?? .nan })
    }

    /// A stored integer member, read as a double (exact below 2^53).
    static func int(_ name: String, _ path: WritableKeyPath<Record, Int> & Sendable) -> Self {
        Self(name, .count, { Double($0[keyPath: path]) }, { $0[keyPath: path] = Int(exactly: $1 ?? 0) ?? 0 })
    }
}
