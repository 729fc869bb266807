// What a client's DELETE of a backtest did: it depends on where the job is in its life.

/// The outcome of `JobScheduler.delete(id:)`.
enum Deletion: Sendable {
    /// The job was queued (now cancelled) or is running (now asked to stop): it stays, as this
    /// record shows.
    case cancelling(BacktestRecord)
    /// The job had finished: it and its result are gone.
    case removed
}
