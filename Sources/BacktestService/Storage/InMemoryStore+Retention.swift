// The in-memory store's deletion and eviction of finished jobs: the job, its result and its
// idempotency key go; a tombstone stays so the job's routes answer 410.
import BacktestEngine

extension InMemoryStore {
    /// See `Store`.
    public func removeBacktest(id: String, _ removal: Removal) -> Removed {
        state.withLock { s in
            if let gone = s.removals[id] { return .gone(gone) }
            guard let record = s.backtests[id] else { return .missing }
            guard record.status.isTerminal else { return .notFinished(record) }
            Self.remove(record, removal, in: &s)
            return .removed
        }
    }

    /// See `Store`.
    public func removal(id: String) -> Removal? { state.withLock { $0.removals[id] } }

    /// See `Store`.
    public func evictBacktests(_ policy: RetentionPolicy, now: Double) -> [String] {
        guard !policy.keepsEverything else { return [] }
        return state.withLock { s in
            let finished = s.backtests.values.filter { $0.status.isTerminal }.sorted {
                ($0.finishedAt ?? 0, $0.sequence) < ($1.finishedAt ?? 0, $1.sequence)
            }
            var evicted: [String] = []
            var kept: [BacktestRecord] = []
            for record in finished {
                if let age = policy.maxAgeSeconds, let finishedAt = record.finishedAt, finishedAt < now - age {
                    Self.remove(record, Removal(at: now, reason: .expired), in: &s)
                    evicted.append(record.id)
                } else {
                    kept.append(record)
                }
            }
            guard let budget = policy.budgetBytes else { return evicted }
            var total = s.resultBytes.values.reduce(0, +)
            for record in kept where total > budget {
                guard let bytes = s.resultBytes[record.id] else { continue }
                Self.remove(record, Removal(at: now, reason: .overBudget), in: &s)
                evicted.append(record.id)
                total -= bytes
            }
            return evicted
        }
    }

    static func remove(_ record: BacktestRecord, _ removal: Removal, in s: inout State) {
        let id = record.id
        s.removals[id] = removal
        s.backtests[id] = nil
        s.results[id] = nil
        s.resultBytes[id] = nil
        s.idBySequence[record.sequence] = nil
        if let key = record.idempotencyKey, s.byKey[key] == id { s.byKey[key] = nil }
        // Listings are in sequence order: find the entry by binary search.
        var low = 0
        var high = s.backtestOrder.count
        while low < high {
            let mid = (low + high) / 2
            if s.backtestOrder[mid].sequence < record.sequence { low = mid + 1 } else { high = mid }
        }
        if low < s.backtestOrder.count, s.backtestOrder[low].id == id { s.backtestOrder.remove(at: low) }
    }
}
