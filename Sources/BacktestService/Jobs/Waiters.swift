// Requests suspended in `?wait=` long-polls, by job id, with the precision each asked for.
// Registration re-checks the job under the same lock that terminal notifications take, so a job
// finishing at that moment cannot strand a waiter.
import MicroHTTP
import Synchronization

/// Long-polling requests waiting for jobs to end.
final class Waiters: Sendable {
    private struct Entry {
        var token: Int
        var pending: PendingResponse
        var precision: Precision
    }

    private struct State {
        var byJob: [String: [Entry]] = [:]
        var nextToken = 0
    }

    private let state = Mutex(State())

    /// Registers `pending` for job `id` unless `isTerminal()` already holds (checked under the lock).
    /// Returns the token to cancel the wait with, or nil when the job had already ended.
    func register(
        _ id: String, _ pending: PendingResponse, precision: Precision, unless isTerminal: () -> Bool
    ) -> Int? {
        state.withLock { s in
            if isTerminal() { return nil }
            s.nextToken += 1
            s.byJob[id, default: []].append(Entry(token: s.nextToken, pending: pending, precision: precision))
            return s.nextToken
        }
    }

    /// Removes one waiter (its wait timed out); the pending response if it was still there.
    func remove(_ id: String, token: Int) -> PendingResponse? {
        state.withLock { s in
            guard var entries = s.byJob[id], let i = entries.firstIndex(where: { $0.token == token }) else {
                return nil
            }
            let entry = entries.remove(at: i)
            s.byJob[id] = entries.isEmpty ? nil : entries
            return entry.pending
        }
    }

    /// Takes every waiter of a job that has just ended, with the precision each asked for.
    func takeAll(_ id: String) -> [(pending: PendingResponse, precision: Precision)] {
        state.withLock { s in s.byJob.removeValue(forKey: id)?.map { ($0.pending, $0.precision) } ?? [] }
    }

    /// Takes every waiter of every job (shutdown).
    func takeEverything() -> [PendingResponse] {
        state.withLock { s in
            defer { s.byJob.removeAll() }
            return s.byJob.values.flatMap { $0.map(\.pending) }
        }
    }
}
