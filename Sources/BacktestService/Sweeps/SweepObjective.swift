// The summary statistic a sweep ranks its combinations by, and which way is better.
import BacktestEngine

/// What "best" means in a sweep: a summary statistic, maximized or minimized.
public struct SweepObjective: Sendable, Equatable {
    /// A name of `Metrics.fields` (`sharpe`, `max_drawdown`, …).
    public var metric: String
    /// Higher is better (`sharpe`); false for statistics where lower is (`max_drawdown`).
    public var maximize: Bool

    /// The default: the highest Sharpe ratio.
    static let sharpe = SweepObjective(metric: "sharpe", maximize: true)

    /// The statistic's value in a summary; NaN when undefined.
    func value(in metrics: Metrics) -> Double {
        Metrics.fields.first { $0.name == metric }?.get(metrics) ?? .nan
    }

    /// Whether `a` ranks before `b` (NaN ranks last).
    func better(_ a: Double, than b: Double) -> Bool {
        if a.isNaN || b.isNaN { return !a.isNaN && b.isNaN }
        return maximize ? a > b : a < b
    }

    /// `"sharpe"` (maximized) or `{"metric": "max_drawdown", "goal": "minimize"}`; the default when
    /// absent.
    static func decode(_ value: JSONValue?, reader: inout SpecReader) -> SweepObjective {
        let names = Metrics.fields.map(\.name)
        var metric: String?
        var maximize = true
        var at = "objective"
        switch value {
        case nil, .null?: return .sharpe
        case .string(let name)?: metric = name
        case .object?:
            let object = reader.object(value, at: "objective", allowed: ["metric", "goal"])
            metric = reader.require(
                reader.string(object, "metric", at: "objective"), "objective.metric", "a summary statistic")
            at = "objective.metric"
            if let goal = reader.string(object, "goal", at: "objective") {
                reader.check(
                    goal == "maximize" || goal == "minimize", "objective.goal",
                    "expected \"maximize\" or \"minimize\", found \"\(Suggestions.echo(goal))\"")
                maximize = goal != "minimize"
            }
        case let other?:
            reader.fail("objective", "expected a statistic's name or {\"metric\", \"goal\"}, found \(other.typeName)")
        }
        guard let metric else { return .sharpe }
        guard names.contains(metric) else {
            reader.fail(
                at,
                "unknown statistic \"\(Suggestions.echo(metric))\".\(Suggestions.didYouMean(metric, in: names)) Use a name of the summary, such as sharpe, sortino, final_equity or max_drawdown."
            )
            return .sharpe
        }
        return SweepObjective(metric: metric, maximize: maximize)
    }

    /// The objective as the spec echoes it.
    var json: JSONValue {
        maximize ? .string(metric) : .object(["metric": .string(metric), "goal": .string("minimize")])
    }
}
