// 410 Gone for a backtest that was deleted or evicted, or a sweep that was deleted: when, why, and under which setting.
import BacktestEngine

extension Problem {
    /// 410 for backtest `id`, removed as `removal` says; an eviction names the setting of
    /// `retention` that caused it. The problem carries `removed_at` and `reason` as well.
    static func gone(id: String, _ removal: Removal, retention: RetentionPolicy) -> Problem {
        let when = BacktestRecord.time(removal.at)
        if id.hasPrefix("\(Identifier.Kind.sweep.rawValue)_") {
            var problem = Problem(
                .gone, code: "sweep_removed", title: "Sweep removed",
                detail:
                    "Sweep \(Suggestions.echo(id)), its backtests and their results were removed at \(when): it was deleted (DELETE /v1/sweeps/\(id)). Run it again with POST /v1/sweeps to see them."
            )
            problem.extensions = ["removed_at": .string(when), "reason": .string(removal.reason.rawValue)]
            return problem
        }
        let why: String
        switch removal.reason {
        case .deleted:
            why = "it was deleted (DELETE /v1/backtests/\(id))"
        case .expired:
            let age = retention.maxAgeSeconds.map { " of \(RetentionPolicy.describe(seconds: $0))" } ?? ""
            why = "it was evicted: it had finished longer ago than the retention age\(age) (--retain-results-for)"
        case .overBudget:
            let budget = retention.budgetBytes.map { " of \($0) bytes" } ?? ""
            why =
                "it was evicted: the stored results were over the storage budget\(budget) (--results-budget-bytes) and it was among the oldest finished"
        }
        var problem = Problem(
            .gone, code: "backtest_removed", title: "Backtest removed",
            detail:
                "Backtest \(Suggestions.echo(id)) and its results were removed at \(when): \(why). Run it again with POST /v1/backtests to see them."
        )
        problem.extensions = ["removed_at": .string(when), "reason": .string(removal.reason.rawValue)]
        return problem
    }
}
