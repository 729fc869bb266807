// What can go wrong when submitting, cancelling or deleting a job, as domain errors: the API layer turns
// them into problem details (`Problem+Scheduler.swift`); the scheduler knows nothing of HTTP.

/// Why a submission, cancellation or deletion was refused.
public enum SchedulerError: Error, Sendable, Equatable {
    /// Every queue slot is taken; retry later.
    case queueFull(capacity: Int)
    /// No job has this id.
    case notFound(id: String)
    /// The job was deleted or evicted, as `Removal` says.
    case removed(id: String, Removal)
    /// The idempotency key was used before for a different request.
    case idempotencyKeyReused(key: String, id: String)
    /// The store failed.
    case storage(StoreError)
}
