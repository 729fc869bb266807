// The lifecycle of a backtest job as a value-type state machine: events in, actions out, no
// concurrency inside, so every transition is tested directly.

/// Where a job is in its life.
public enum JobStatus: String, Sendable, CaseIterable {
    case queued, running, succeeded, failed, cancelled

    /// True once the job will never change again.
    public var isTerminal: Bool {
        switch self {
        case .queued, .running: false
        case .succeeded, .failed, .cancelled: true
        }
    }
}

/// The state machine: `queued → running → succeeded | failed | cancelled`, `queued → cancelled`,
/// and `running → queued` when the server stops (or stopped) before the run ended: one cause, one
/// status, so an interrupted job runs again from the start.
public struct JobLifecycle: Sendable, Equatable {
    /// Current status.
    public private(set) var status: JobStatus = .queued
    /// A client asked to cancel while the job was running; the worker stops at the next bar chunk.
    public private(set) var cancelRequested = false

    /// Something that happened to the job.
    public enum Event: Sendable, Equatable {
        /// A worker picked the job up.
        case start
        /// A client asked to cancel.
        case cancel
        /// The worker ran the engine to the end.
        case succeed
        /// The worker could not run it.
        case fail
        /// The worker stopped early because cancellation was requested.
        case stopped
        /// The server stopped (or crashed) while the job ran; the run is discarded.
        case interrupt
    }

    /// What the owner must do after an event.
    public enum Action: Sendable, Equatable {
        /// Run the engine.
        case run
        /// Do nothing: the job was cancelled before it started.
        case skip
        /// The job just reached a terminal status: notify waiters.
        case finished(JobStatus)
        /// Cancellation is now pending; the running worker will stop.
        case stopRequested
        /// The job is queued again, to run from the start.
        case requeued
        /// The event does not apply in this state (cancel of a finished job, a stale event).
        case ignored
    }

    /// A new, queued job.
    public init() {}

    /// A lifecycle as a store kept it.
    public init(status: JobStatus, cancelRequested: Bool) {
        self.status = status
        self.cancelRequested = cancelRequested && status == .running
    }

    /// Applies an event and says what to do.
    public mutating func handle(_ event: Event) -> Action {
        switch (status, event) {
        case (.queued, .start):
            status = .running
            return .run
        case (.queued, .cancel):
            status = .cancelled
            return .finished(.cancelled)
        case (.cancelled, .start):
            return .skip
        case (.running, .cancel):
            if cancelRequested { return .ignored }
            cancelRequested = true
            return .stopRequested
        case (.running, .succeed):
            // A cancel answered while the last bars ran still holds: the client was told so.
            status = cancelRequested ? .cancelled : .succeeded
            return .finished(status)
        case (.running, .fail):
            status = .failed
            return .finished(.failed)
        case (.running, .stopped):
            status = .cancelled
            return .finished(.cancelled)
        case (.running, .interrupt):
            // A cancel asked for before the interruption still holds: the client was told so.
            if cancelRequested {
                status = .cancelled
                return .finished(.cancelled)
            }
            status = .queued
            return .requeued
        default:
            return .ignored
        }
    }
}
