// SuspendedRegistry: the deferred replies still waiting, capped at maxSuspended and closed at
// shutdown so that every one is answered before the daemon stops.

import Synchronization

/// Tracks waiting deferred replies; thread-safe.
final class SuspendedRegistry: Sendable {
    private struct Entries: ~Copyable {
        var isClosed = false
        var nextID: UInt64 = 0
        var waiting: [UInt64: PendingResponse] = [:]
    }

    private let limit: Int
    private let entries = Mutex(Entries())

    /// Creates a registry admitting at most `limit` waiting replies.
    init(limit: Int) {
        self.limit = limit
    }

    /// Registers a new deferred reply for `connection`, or nil when full or closed.
    func admit(connection: Int) -> PendingResponse? {
        entries.withLock { entries -> PendingResponse? in
            guard !entries.isClosed, entries.waiting.count < limit else { return nil }
            let pending = PendingResponse(id: entries.nextID, connection: connection, registry: self)
            entries.nextID += 1
            entries.waiting[pending.id] = pending
            return pending
        }
    }

    /// Forgets a completed reply.
    func remove(_ id: UInt64) {
        _ = entries.withLock { $0.waiting.removeValue(forKey: id) }
    }

    /// Refuses new entries from now on and returns those still waiting.
    func close() -> [PendingResponse] {
        entries.withLock { entries -> [PendingResponse] in
            entries.isClosed = true
            return Array(entries.waiting.values)
        }
    }

    /// The number of replies waiting now.
    var count: Int {
        entries.withLock { $0.waiting.count }
    }
}
