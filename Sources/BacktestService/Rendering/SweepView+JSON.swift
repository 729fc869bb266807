// The sweep document the API answers with: status and progress from the children's tally, the
// best combination with its parameters, the overfitting statistics once finished, the spec as
// given and the children's ids.
import BacktestEngine

extension SweepView {
    /// The sweep in `precision` (the best combination's objective value follows it). A listing
    /// leaves out the children's ids.
    func json(_ precision: Precision, listing: Bool = false) -> JSONValue {
        let record = self.record
        let base = "/v1/sweeps/\(record.id)"
        var object = JSONObject()
        object.append("id", .string(record.id))
        object.append("name", .optional(record.spec.name))
        object.append("status", .string(status.rawValue))
        object.append("progress", .number(progress))
        object.append("created_at", .string(BacktestRecord.time(record.createdAt)))
        object.append("finished_at", .optional(record.finishedAt.map(BacktestRecord.time)))
        object.append("combinations", .int(record.spec.count))
        if let state = record.walkForward {
            object.append(
                "walk_forward",
                .object([
                    "windows": .int(state.windows.count), "decided": .int(state.windows.count(where: \.decided)),
                    "test_runs": .int(state.tests),
                ]))
        }
        object.append(
            "counts",
            .object([
                "queued": .int(tally.queued), "running": .int(tally.running), "succeeded": .int(tally.succeeded),
                "failed": .int(tally.failed), "cancelled": .int(tally.cancelled), "removed": .int(tally.removed),
            ]))
        object.append("objective", record.spec.objective.json)
        object.append("best", bestJSON(precision))
        object.append("overfitting", record.statistics.map(\.json) ?? .null)
        object.append("spec", record.spec.json)
        if !listing { object.append("children", .array(record.children.map(JSONValue.string))) }
        var links: JSONObject = ["self": .string(base), "results": .string("\(base)/results")]
        if record.walkForward != nil { links.append("walk_forward", .string("\(base)/walk_forward")) }
        object.append("links", .object(links))
        return .object(object)
    }

    /// `{combination, backtest, value, parameters}` of the best combination; null before the sweep
    /// finishes or when no combination succeeded.
    private func bestJSON(_ precision: Precision) -> JSONValue {
        guard let statistics = record.statistics, let c = statistics.best, c < record.children.count else {
            return .null
        }
        let unit = Metrics.fields.first { $0.name == record.spec.objective.metric }?.unit ?? .ratio
        let values = record.spec.values(of: c)
        return .object([
            "combination": .int(c),
            "backtest": .string(record.children[c]),
            "value": BacktestRecord.statistic(statistics.bestValue, unit, precision),
            "parameters": .object(JSONObject(members: zip(record.spec.axes, values).map { ($0.name, $1) })),
        ])
    }
}
