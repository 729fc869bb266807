// Why and when a finished backtest left the store: a client deleted it, or retention evicted it.
// The store keeps this small tombstone in place of the job, so its routes answer 410 Gone (naming
// the time and the cause) instead of 404.

/// The tombstone of a backtest that was deleted or evicted.
public struct Removal: Sendable, Equatable {
    /// Why it went.
    public enum Reason: String, Sendable, CaseIterable {
        /// `DELETE /v1/backtests/{id}` of the finished job.
        case deleted
        /// It finished longer ago than the retention age (`--retain-results-for`).
        case expired
        /// The stored results were over the storage budget (`--results-budget-bytes`) and it was
        /// among the oldest finished.
        case overBudget = "over_budget"
    }

    /// When it went (UTC epoch seconds, from the injected clock).
    public var at: Double
    /// Why it went.
    public var reason: Reason

    /// A tombstone.
    public init(at: Double, reason: Reason) {
        self.at = at
        self.reason = reason
    }
}

/// What `Store.removeBacktest` did.
public enum Removed: Sendable {
    /// The job and its result are gone; its tombstone is recorded.
    case removed
    /// The job is queued or running: nothing was removed (cancel it first).
    case notFinished(BacktestRecord)
    /// It went before, as the tombstone says; nothing changed.
    case gone(Removal)
    /// No job and no tombstone has this id.
    case missing
}
