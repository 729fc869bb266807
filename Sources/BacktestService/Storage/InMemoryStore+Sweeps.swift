// The in-memory store's sweeps: records beside the jobs, their children enqueued with them under
// the same lock, so no reader sees a sweep without all of its children.
import BacktestEngine

extension InMemoryStore {
    /// See `Store`.
    public func enqueueSweep(_ sweep: SweepRecord, children: [BacktestRecord]) -> SweepEnqueued {
        state.withLock { s in
            if let key = sweep.idempotencyKey, let id = s.sweepByKey[key], let existing = s.sweeps[id] {
                return .replayed(existing)
            }
            var sweep = sweep
            s.sweepSequence += 1
            sweep.sequence = s.sweepSequence
            s.sweeps[sweep.id] = sweep
            s.sweepOrder.append(Entry(sequence: sweep.sequence, id: sweep.id))
            if let key = sweep.idempotencyKey { s.sweepByKey[key] = sweep.id }
            for child in children { _ = Self.enqueue(child, in: &s) }
            return .accepted(sweep)
        }
    }

    /// See `Store`.
    public func sweep(id: String) -> SweepRecord? { state.withLock { $0.sweeps[id] } }

    /// See `Store`.
    public func sweep(idempotencyKey: String) -> SweepRecord? {
        state.withLock { s in s.sweepByKey[idempotencyKey].flatMap { s.sweeps[$0] } }
    }

    /// See `Store`.
    public func sweeps(cursor: String?, limit: Int) -> Page<SweepRecord>? {
        state.withLock { s in
            guard let page = Self.page(s.sweepOrder, cursor: cursor, limit: limit, where: { _ in true }) else {
                return nil
            }
            return Page(items: page.ids.compactMap { s.sweeps[$0] }, nextCursor: page.next)
        }
    }

    /// See `Store`.
    public func latestSweeps(limit: Int) -> [SweepRecord] {
        state.withLock { s in s.sweepOrder.suffix(limit).reversed().compactMap { s.sweeps[$0.id] } }
    }

    /// See `Store`.
    public func updateSweep<T>(id: String, _ body: (inout SweepRecord) -> T) -> T? {
        state.withLock { s in
            guard var sweep = s.sweeps[id] else { return nil }
            let value = body(&sweep)
            s.sweeps[id] = sweep
            return value
        }
    }

    /// See `Store`.
    public func addSweepChild(id: String, _ child: BacktestRecord, _ body: (inout SweepRecord) -> Bool) -> Bool {
        state.withLock { s in
            guard var sweep = s.sweeps[id], body(&sweep) else { return false }
            sweep.children.append(child.id)
            s.sweeps[id] = sweep
            _ = Self.enqueue(child, in: &s)
            return true
        }
    }

    /// See `Store`.
    public func anyUnfinished(_ ids: some Collection<String>) -> Bool {
        state.withLock { s in ids.contains { s.unfinished.contains($0) } }
    }

    /// See `Store`.
    public func sweepTally(id: String) -> SweepTally? {
        state.withLock { s in
            guard let sweep = s.sweeps[id] else { return nil }
            var tally = SweepTally()
            for child in sweep.children {
                if let record = s.backtests[child] {
                    tally.add(record.status, progress: record.progress)
                } else {
                    tally.removed += 1
                    tally.progress += 1
                }
            }
            return tally
        }
    }

    /// See `Store`.
    public func sweepHasUnfinishedChildren(id: String) -> Bool {
        state.withLock { ($0.unfinishedChildren[id] ?? 0) > 0 }
    }

    /// See `Store`.
    public func sweepChildSummaries(id: String) -> [SweepChild] { sweepChildren(id: id).map(\.sweepChild) }

    /// See `Store`.
    public func sweepChildren(id: String) -> [BacktestRecord] {
        state.withLock { s in (s.sweeps[id]?.children ?? []).compactMap { s.backtests[$0] } }
    }

    /// See `Store`.
    public func unfinishedSweeps() -> [SweepRecord] {
        state.withLock { s in s.sweepOrder.compactMap { s.sweeps[$0.id] }.filter { $0.finishedAt == nil } }
    }

    /// See `Store`.
    public func removeSweep(id: String, _ removal: Removal) -> SweepRemoved {
        state.withLock { s in
            if let gone = s.removals[id] { return .gone(gone) }
            guard let sweep = s.sweeps[id] else { return .missing }
            let children = sweep.children.compactMap { s.backtests[$0] }
            guard sweep.finishedAt != nil, children.allSatisfy(\.status.isTerminal) else { return .notFinished(sweep) }
            for child in children { Self.remove(child, removal, in: &s) }
            s.sweeps[id] = nil
            s.unfinishedChildren[id] = nil
            s.sweepOrder.removeAll { $0.id == id }
            if let key = sweep.idempotencyKey, s.sweepByKey[key] == id { s.sweepByKey[key] = nil }
            s.removals[id] = removal
            return .removed(children: children.map(\.id))
        }
    }
}
