// What is live about running jobs and never needs to be durable: progress, and a cancel request on
// its way to the worker. The store keeps the durable part (status, the cancel request itself).
import Synchronization

/// Progress and pending cancellation of the jobs this server's workers run.
final class RunningJobs: Sendable {
    private struct Entry {
        var progress = 0.0
        var cancel = false
    }

    private let entries = Mutex([String: Entry]())

    /// A worker starts job `id`. A cancel requested between the claim and now is kept.
    func begin(_ id: String) {
        entries.withLock { $0[id, default: Entry()].progress = 0 }
    }

    /// The worker has processed `progress` (0…1) of the bars; returns whether to stop.
    func report(_ id: String, progress: Double) -> Bool {
        entries.withLock { e in
            e[id, default: Entry()].progress = progress
            return e[id]!.cancel
        }
    }

    /// Asks the worker running `id` to stop at its next chunk of bars.
    func requestCancel(_ id: String) {
        entries.withLock { $0[id, default: Entry()].cancel = true }
    }

    /// The job left its worker.
    func end(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// Progress of every job the workers run now, by id.
    func progressByJob() -> [String: Double] {
        entries.withLock { $0.mapValues(\.progress) }
    }

    /// Progress of a job a worker runs now; nil when none does.
    func progress(of id: String) -> Double? {
        entries.withLock { $0[id]?.progress }
    }
}
