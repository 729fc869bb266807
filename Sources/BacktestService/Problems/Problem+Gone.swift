// 410 Gone for a backtest that was deleted or evicted: when, why, and under which setting.
import BacktestEngine

extension Problem {
    /// 410 for backtest `id`, removed as `removal` says; an eviction names the setting of
    /// `retention` that caused it. The problem carries `removed_at` and `reason` as well.
    static func gone(id: String, _ removal: Removal, retention: RetentionPolicy) -> Problem {
        let when = BacktestRecord.time(removal.at)
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
