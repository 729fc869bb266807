// Callers waiting in `?wait=` long-polls, by job (or sweep) id. Registration re-checks the job under the same
// lock that terminal notifications take, so a job finishing at that moment cannot strand a waiter.
// What a waiter does with the outcome (render a response) is the caller's business.
import Dispatch
import Synchronization

/// How a wait ended.
enum WaitOutcome: Sendable {
    /// The job ended, or the wait timed out: the job as it is now.
    case record(BacktestRecord)
    /// The job no longer exists.
    case missing
    /// The server is stopping.
    case shuttingDown
}

/// How a wait for a sweep ended.
enum SweepWaitOutcome: Sendable {
    /// The sweep finished, or the wait timed out: the sweep as it is now.
    case sweep(SweepView)
    /// The sweep no longer exists.
    case missing
    /// The server is stopping.
    case shuttingDown
}

/// Callers waiting for jobs (or sweeps) to end, each told an `Outcome`.
final class Waiters<Outcome: Sendable>: Sendable {
    typealias Notify = @Sendable (Outcome) -> Void

    private struct Entry {
        var token: Int
        var notify: Notify
    }

    private struct State {
        var byJob: [String: [Entry]] = [:]
        var nextToken = 0
    }

    private let state = Mutex(State())

    /// Registers `notify` for job `id` unless `isTerminal()` already holds (checked under the lock).
    /// Returns the token to cancel the wait with, or nil when the job had already ended.
    func register(_ id: String, _ notify: @escaping Notify, unless isTerminal: () -> Bool) -> Int? {
        state.withLock { s in
            if isTerminal() { return nil }
            s.nextToken += 1
            s.byJob[id, default: []].append(Entry(token: s.nextToken, notify: notify))
            return s.nextToken
        }
    }

    /// The whole long-poll: calls `notify` with `outcome()` at once when `isTerminal()` holds, else
    /// when the id's end is announced (`takeAll`) or after `seconds`, whichever comes first.
    func wait(
        _ id: String, seconds: Double, unless isTerminal: () -> Bool, outcome: @escaping @Sendable () -> Outcome,
        notify: @escaping Notify
    ) {
        guard let token = register(id, notify, unless: isTerminal) else { return notify(outcome()) }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            guard let notify = remove(id, token: token) else { return }
            notify(outcome())
        }
    }

    /// Removes one waiter (its wait timed out); its callback if it was still there.
    func remove(_ id: String, token: Int) -> Notify? {
        state.withLock { s in
            guard var entries = s.byJob[id], let i = entries.firstIndex(where: { $0.token == token }) else {
                return nil
            }
            let entry = entries.remove(at: i)
            s.byJob[id] = entries.isEmpty ? nil : entries
            return entry.notify
        }
    }

    /// Takes every waiter of a job that has just ended.
    func takeAll(_ id: String) -> [Notify] {
        state.withLock { s in s.byJob.removeValue(forKey: id)?.map(\.notify) ?? [] }
    }

    /// Takes every waiter of every job (shutdown).
    func takeEverything() -> [Notify] {
        state.withLock { s in
            defer { s.byJob.removeAll() }
            return s.byJob.values.flatMap { $0.map(\.notify) }
        }
    }
}
