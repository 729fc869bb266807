// Reads and echoes the `analytics` member of a backtest request: the risk-free rate, the periods per
// year, the session gap and the benchmark. Ranges and names are checked by the engine's validation
// against the data (`ConfigurationValidator+Analytics`), with the paths of `ConfigurationField+Path`.
import BacktestEngine

extension BacktestSpec {
    static let analyticsFields = ["risk_free_rate", "periods_per_year", "session_gap", "benchmark"]

    /// `analytics`: `{"risk_free_rate": 0.02, "periods_per_year": 252, "session_gap": "2h",
    /// "benchmark": {"asset": "SPY"} | {"context": "spx"}}`, every member optional.
    static func decodeAnalytics(_ value: JSONValue?, reader: inout SpecReader) -> AnalyticsSettings {
        let path = "analytics"
        guard let object = reader.object(value, at: path, allowed: analyticsFields) else { return .standard }
        var settings = AnalyticsSettings.standard
        settings.riskFreeRate = reader.number(object, "risk_free_rate", at: path) ?? settings.riskFreeRate
        settings.periodsPerYear = reader.number(object, "periods_per_year", at: path) ?? settings.periodsPerYear
        settings.sessionGap = decodeDuration(object["session_gap"], at: "\(path).session_gap", reader: &reader)
        settings.benchmark = decodeBenchmark(object["benchmark"], reader: &reader)
        return settings
    }

    private static func decodeBenchmark(_ value: JSONValue?, reader: inout SpecReader) -> Benchmark? {
        let path = "analytics.benchmark"
        guard let object = reader.object(value, at: path, allowed: ["asset", "context"]) else { return nil }
        let asset = reader.string(object, "asset", at: path)
        let column = reader.string(object, "context", at: path)
        switch (asset, column) {
        case (let asset?, nil): return .asset(asset)
        case (nil, let column?): return .context(column)
        case (.some, .some):
            reader.fail(path, "name one benchmark: {\"asset\": \"SPY\"} or {\"context\": \"spx\"}, not both")
        case (nil, nil):
            if !reader.problems.contains(where: { $0.path.hasPrefix(path) }) {
                reader.fail(
                    path,
                    "required: {\"asset\": \"…\"} (an asset of the bars dataset) or {\"context\": \"…\"} (a column of the context)"
                )
            }
        }
        return nil
    }

    /// The analytics settings as echoed, every default written out.
    var analyticsJSON: JSONValue {
        let a = configuration.analytics
        let benchmark: JSONValue
        switch a.benchmark {
        case nil: benchmark = .null
        case .asset(let name): benchmark = .object(["asset": .string(name)])
        case .context(let name): benchmark = .object(["context": .string(name)])
        }
        return .object([
            "risk_free_rate": .number(a.riskFreeRate), "periods_per_year": .number(a.periodsPerYear),
            "session_gap": a.sessionGap.map { .int(Int($0)) } ?? .null, "benchmark": benchmark,
        ])
    }
}
