// The job document the API answers with: status, timing, the resolved spec, metrics and links.
// The summary's computed numbers follow `?precision=`; the spec is echoed as given, so it can be
// submitted again unchanged.
import BacktestEngine

extension BacktestRecord {
    /// The job as `GET /v1/backtests/{id}` answers it by default.
    var json: JSONValue { json(.standard) }

    /// The job with its summary's computed numbers in `precision`.
    func json(_ precision: Precision) -> JSONValue {
        let base = "/v1/backtests/\(id)"
        var links: JSONObject = ["self": .string(base)]
        if status == .succeeded {
            for table in ResultTable.allCases { links[table.rawValue] = .string("\(base)/\(table.rawValue)") }
            for view in AnalyticsView.allCases { links[view.linkName] = .string("\(base)/\(view.rawValue)") }
        }
        return .object([
            "id": .string(id),
            "name": .optional(spec.name),
            "sweep": .optional(sweep),
            "status": .string(status.rawValue),
            "progress": .number(progress),
            "created_at": .string(Self.time(createdAt)),
            "started_at": .optional(startedAt.map(Self.time)),
            "finished_at": .optional(finishedAt.map(Self.time)),
            "dataset": .string(spec.dataset),
            "spec": spec.json,
            "summary": summary.map { summaryJSON($0, precision) } ?? .null,
            "error": error.map { .object(["code": .string($0.code), "message": .string($0.message)]) } ?? .null,
            "links": .object(links),
        ])
    }

    /// The summary: `initial_cash`, then every statistic of `Metrics.fields` in order (`bars` before
    /// `fills`), then `benchmark` (null without one). A statistic that is undefined (NaN) or absent is
    /// `null`; the server writes no non-finite number.
    private func summaryJSON(_ m: Metrics, _ precision: Precision) -> JSONValue {
        var summary = JSONObject()
        for (name, value, unit) in summaryStatistics(m) { summary.append(name, Self.statistic(value, unit, precision)) }
        let benchmark = m.benchmark.map { b in
            JSONValue.object(
                JSONObject(
                    members: BenchmarkMetrics.fields.map { ($0.name, Self.statistic($0.get(b), $0.unit, precision)) }))
        }
        summary.append("benchmark", benchmark ?? .null)
        return .object(summary)
    }

    /// The names of `summaryStatistics`, in order.
    static let summaryNames: [String] = {
        var names = ["initial_cash"]
        for field in Metrics.fields {
            if field.name == "fills" { names.append("bars") }
            names.append(field.name)
        }
        return names
    }()

    /// The summary's statistics other than the benchmark's, in its order: `initial_cash`, then every
    /// statistic of `Metrics.fields` with `bars` before `fills` (a sweep's results use the same).
    func summaryStatistics(_ m: Metrics) -> [(name: String, value: Double?, unit: MetricUnit)] {
        Self.summaryStatistics(m, initialCash: spec.configuration.initialCash, bars: bars)
    }

    /// `summaryStatistics` of a run with `initialCash` over `bars` bars.
    static func summaryStatistics(
        _ m: Metrics, initialCash: Double, bars: Int?
    ) -> [(name: String, value: Double?, unit: MetricUnit)] {
        var statistics: [(name: String, value: Double?, unit: MetricUnit)] = [("initial_cash", initialCash, .money)]
        statistics.reserveCapacity(Metrics.fields.count + 2)
        for field in Metrics.fields {
            if field.name == "fills" { statistics.append(("bars", Double(bars ?? 0), .count)) }
            statistics.append((field.name, field.get(m), field.unit))
        }
        return statistics
    }

    /// A statistic as JSON: `null` when absent or not finite, counts as integers, money and ratios
    /// by `precision`.
    static func statistic(_ x: Double?, _ unit: MetricUnit, _ precision: Precision) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        switch unit {
        case .count: return .number(x)
        case .money: return precision == .full ? .number(x) : .rounded(x, .money)
        case .ratio: return precision == .full ? .number(x) : .rounded(x, .ratio)
        }
    }

    /// ISO-8601 UTC with milliseconds for wall-clock instants.
    static func time(_ seconds: Double) -> String {
        let whole = seconds.rounded(.down)
        let millis = Int((seconds - whole) * 1000)
        var text = UTCTime.format(Int64(whole))
        text.removeLast()
        let digits = String(millis)
        return text + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}
