// A small least-recently-used cache of rendered CSV downloads. A client such as polars reads one URL
// with HEAD and then several ranged GETs; rendering a large table once instead of per request keeps
// those cheap. Results never change once a job succeeded, so entries never go stale.
import Synchronization

/// Rendered bytes by key, bounded by total size.
final class RenderCache: Sendable {
    private struct State {
        var entries: [String: (bytes: [UInt8], lastUse: Int)] = [:]
        var total = 0
        var clock = 0
    }

    private let state = Mutex(State())
    private let budget: Int
    private let counter: RenderCounter

    /// A cache holding at most `budgetBytes` of rendered output, counting renders on `counter`.
    init(budgetBytes: Int, counter: RenderCounter = RenderCounter()) {
        budget = budgetBytes
        self.counter = counter
    }

    /// Whether `key` is cached now.
    func contains(_ key: String) -> Bool { state.withLock { $0.entries[key] != nil } }

    /// Drops every entry whose key starts with `prefix` (a deleted backtest's renderings).
    func removeAll(prefix: String) {
        state.withLock { s in
            for key in s.entries.keys where key.hasPrefix(prefix) {
                s.total -= s.entries[key]!.bytes.count
                s.entries[key] = nil
            }
        }
    }

    /// The cached bytes for `key`, rendering and storing them on a miss.
    func bytes(for key: String, render: () -> [UInt8]) -> [UInt8] {
        let hit: [UInt8]? = state.withLock { s in
            s.clock += 1
            guard let entry = s.entries[key] else { return nil }
            s.entries[key]!.lastUse = s.clock
            return entry.bytes
        }
        if let hit { return hit }
        counter.increment()
        let bytes = render()
        guard bytes.count <= budget / 4 else { return bytes }
        state.withLock { s in
            while s.total + bytes.count > budget,
                let oldest = s.entries.min(by: { $0.value.lastUse < $1.value.lastUse })
            {
                s.total -= oldest.value.bytes.count
                s.entries[oldest.key] = nil
            }
            if s.entries[key] == nil {
                s.entries[key] = (bytes, s.clock)
                s.total += bytes.count
            }
        }
        return bytes
    }
}
