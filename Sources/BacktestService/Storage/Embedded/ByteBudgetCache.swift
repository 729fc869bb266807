// Values loaded from column files, kept while they fit a byte budget, least recently used out
// first: a job's dataset is read from disk once however many jobs run on it, and result pages do
// not decode the whole result for every request.
import Synchronization

/// An LRU cache of values by id, bounded by their estimated bytes.
final class ByteBudgetCache<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var bytes: Int
        var lastUse: Int
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var total = 0
        var clock = 0
    }

    private let state = Mutex(State())
    private let budget: Int

    /// A cache holding at most `budgetBytes`; a value larger than the budget is never kept.
    init(budgetBytes: Int) { budget = budgetBytes }

    /// The cached value for `id`, if any.
    func value(_ id: String) -> Value? {
        state.withLock { s in
            s.clock += 1
            guard s.entries[id] != nil else { return nil }
            s.entries[id]!.lastUse = s.clock
            return s.entries[id]!.value
        }
    }

    /// Keeps `value` (of about `bytes`) under `id`, evicting the least recently used to make room.
    func insert(_ id: String, _ value: Value, bytes: Int) {
        guard bytes <= budget else { return }
        state.withLock { s in
            s.clock += 1
            if let old = s.entries.removeValue(forKey: id) { s.total -= old.bytes }
            while s.total + bytes > budget, let oldest = s.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                s.total -= oldest.value.bytes
                s.entries[oldest.key] = nil
            }
            s.entries[id] = Entry(value: value, bytes: bytes, lastUse: s.clock)
            s.total += bytes
        }
    }

    /// Forgets `id`.
    func remove(_ id: String) {
        state.withLock { s in
            if let old = s.entries.removeValue(forKey: id) { s.total -= old.bytes }
        }
    }
}
