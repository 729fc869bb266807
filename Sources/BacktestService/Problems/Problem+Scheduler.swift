// The domain errors of jobs and storage as problem details: the one place they meet HTTP.
import BacktestEngine

extension Problem {
    /// The answer to a refused submission, cancellation or deletion; `retention` is the policy a
    /// 410 names.
    static func scheduling(_ error: SchedulerError, retention: RetentionPolicy) -> Problem {
        switch error {
        case .queueFull(let capacity):
            Problem(
                .serviceUnavailable, code: "queue_full", title: "Queue full",
                detail: "All \(capacity) queue slots are taken; retry after a few seconds.",
                headers: [("Retry-After", "5")])
        case .notFound(let id):
            .notFound(id.hasPrefix("\(Identifier.Kind.sweep.rawValue)_") ? "sweep" : "backtest", id: id)
        case .removed(let id, let removal):
            .gone(id: id, removal, retention: retention)
        case .idempotencyKeyReused(let key, let id):
            Problem(
                .unprocessableContent, code: "idempotency_key_reused", title: "Idempotency key reused",
                detail:
                    "The Idempotency-Key \"\(Suggestions.echo(key))\" was sent before with a different request (\(id.hasPrefix("\(Identifier.Kind.sweep.rawValue)_") ? "sweep" : "backtest") \(id)); use a new key for a new request."
            )
        case .storage(let error):
            .storage(error)
        }
    }

    /// 500 when the store failed: the request was not carried out.
    static func storage(_ error: StoreError) -> Problem {
        Problem(
            .internalServerError, code: error.code.rawValue, title: "Storage failed",
            detail: "The server could not read or write its data (\(error.message)); nothing was changed. Retry later."
        )
    }

    /// 503 while the server stops.
    static var shuttingDown: Problem {
        Problem(
            .serviceUnavailable, code: "shutting_down", title: "Shutting down",
            detail: "The server is shutting down; retry in a moment.", headers: [("Retry-After", "5")])
    }
}
