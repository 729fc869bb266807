// What can go wrong when submitting or cancelling a job, as domain errors: the API layer turns
// them into problem details (`Problem+Scheduler.swift`); the scheduler knows nothing of HTTP.

/// Why a submission or cancellation was refused.
public enum SchedulerError: Error, Sendable, Equatable {
    /// Every queue slot is taken; retry later.
    case queueFull(capacity: Int)
    /// No job has this id.
    case notFound(id: String)
    /// The job ended already (`status`) and cannot be cancelled.
    case alreadyFinished(id: String, status: JobStatus)
    /// The idempotency key was used before for a different request.
    case idempotencyKeyReused(key: String, id: String)
    /// The store failed.
    case storage(StoreError)
}
