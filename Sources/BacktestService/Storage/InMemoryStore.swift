// The in-memory `Store`: dictionaries behind one mutex, listings by insertion order, the queue as a
// heap of sequence numbers. Loses everything on restart (`--in-memory`, and the handler tests).
import BacktestEngine
import HeapModule
import Synchronization

/// A `Store` that keeps everything in process memory.
public final class InMemoryStore: Store {
    struct State {
        var datasets: [String: Dataset] = [:]
        var deletedDatasets: Set<String> = []
        var datasetOrder: [Entry] = []
        var datasetSequence = 0
        var backtests: [String: BacktestRecord] = [:]
        var backtestOrder: [Entry] = []
        var byKey: [String: String] = [:]
        var results: [String: BacktestResult] = [:]
        var sequence = 0
        /// Sequence numbers of queued jobs (and of jobs that were, until claimed: checked then).
        var queue = Heap<Int>()
        var idBySequence: [Int: String] = [:]
        /// Jobs not yet terminal: they keep the datasets they name.
        var unfinished: Set<String> = []
        var queuedCount = 0
        /// Of `queuedCount`, the children of sweeps (not counted against the queue's capacity).
        var queuedChildren = 0
        /// Tombstones of deleted and evicted jobs.
        var removals: [String: Removal] = [:]
        /// Estimated bytes of each stored result (the retention budget counts them).
        var resultBytes: [String: Int] = [:]
        var sweeps: [String: SweepRecord] = [:]
        var sweepOrder: [Entry] = []
        var sweepByKey: [String: String] = [:]
        var sweepSequence = 0
        /// Per sweep, its children queued or running.
        var unfinishedChildren: [String: Int] = [:]
    }

    /// An id with the sequence number that orders listings and makes cursors.
    struct Entry {
        var sequence: Int
        var id: String
    }

    let state = Mutex(State())

    /// An empty store.
    public init() {}

    /// See `Store`.
    public func insertDataset(_ dataset: Dataset) {
        state.withLock {
            $0.datasets[dataset.info.id] = dataset
            $0.datasetSequence += 1
            $0.datasetOrder.append(Entry(sequence: $0.datasetSequence, id: dataset.info.id))
        }
    }

    /// See `Store`.
    public func datasetInfo(id: String) -> DatasetInfo? { dataset(id: id, includingDeleted: false)?.info }

    /// See `Store`.
    public func dataset(id: String, includingDeleted: Bool) -> Dataset? {
        state.withLock { s in
            guard includingDeleted || !s.deletedDatasets.contains(id) else { return nil }
            return s.datasets[id]
        }
    }

    /// See `Store`.
    public func datasets(cursor: String?, limit: Int) -> Page<DatasetInfo>? {
        state.withLock { s in
            guard let page = Self.page(s.datasetOrder, cursor: cursor, limit: limit, where: { _ in true }) else {
                return nil
            }
            return Page(items: page.ids.compactMap { s.datasets[$0]?.info }, nextCursor: page.next)
        }
    }

    /// See `Store`.
    public func deleteDataset(id: String) -> Bool {
        state.withLock { s in
            guard s.datasets[id] != nil, !s.deletedDatasets.contains(id) else { return false }
            s.datasetOrder.removeAll { $0.id == id }
            s.deletedDatasets.insert(id)
            Self.purgeDatasets(&s)
            return true
        }
    }

    /// See `Store`.
    public func enqueueBacktest(_ record: BacktestRecord, capacity: Int) -> Enqueued {
        state.withLock { s in
            if let key = record.idempotencyKey, let id = s.byKey[key], let existing = s.backtests[id] {
                return .replayed(existing)
            }
            guard s.queuedCount - s.queuedChildren < capacity else { return .full }
            return .accepted(Self.enqueue(record, in: &s))
        }
    }

    /// Records a new queued job under the next sequence number.
    static func enqueue(_ record: BacktestRecord, in s: inout State) -> BacktestRecord {
        var record = record
        s.sequence += 1
        record.sequence = s.sequence
        s.backtests[record.id] = record
        s.backtestOrder.append(Entry(sequence: record.sequence, id: record.id))
        if let key = record.idempotencyKey { s.byKey[key] = record.id }
        s.idBySequence[record.sequence] = record.id
        s.queue.insert(record.sequence)
        s.unfinished.insert(record.id)
        s.queuedCount += 1
        if let sweep = record.sweep {
            s.queuedChildren += 1
            s.unfinishedChildren[sweep, default: 0] += 1
        }
        return record
    }

    /// See `Store`.
    public func backtest(id: String) -> BacktestRecord? { state.withLock { $0.backtests[id] } }

    /// See `Store`.
    public func backtest(idempotencyKey: String) -> BacktestRecord? {
        state.withLock { s in s.byKey[idempotencyKey].flatMap { s.backtests[$0] } }
    }

    /// See `Store`.
    public func updateBacktest<T>(id: String, _ body: (inout BacktestRecord) -> T) -> T? {
        state.withLock { s in
            guard var record = s.backtests[id] else { return nil }
            let before = record.status
            let value = body(&record)
            Self.save(record, was: before, in: &s)
            return value
        }
    }

    /// See `Store`.
    public func backtests(status: JobStatus?, cursor: String?, limit: Int) -> Page<BacktestRecord>? {
        state.withLock { s in
            let keep = { (id: String) in status == nil || s.backtests[id]?.status == status }
            guard let page = Self.page(s.backtestOrder, cursor: cursor, limit: limit, where: keep) else { return nil }
            return Page(items: page.ids.compactMap { s.backtests[$0] }, nextCursor: page.next)
        }
    }

    /// See `Store`.
    public func latestBacktests(limit: Int) -> [BacktestRecord] {
        state.withLock { s in
            var latest: [BacktestRecord] = []
            for entry in s.backtestOrder.reversed() where latest.count < limit {
                if let record = s.backtests[entry.id], record.sweep == nil { latest.append(record) }
            }
            return latest
        }
    }

    /// See `Store`.
    public func countBacktests(status: JobStatus) -> Int {
        state.withLock { s in
            status == .queued ? s.queuedCount : s.backtests.values.count { $0.status == status }
        }
    }

    /// See `Store`.
    public func claimBacktest(now: Double) -> BacktestRecord? {
        state.withLock { s in
            while let sequence = s.queue.popMin() {
                guard let id = s.idBySequence[sequence], var record = s.backtests[id], record.status == .queued
                else { continue }
                guard record.lifecycle.handle(.start) == .run else { continue }
                record.startedAt = now
                Self.save(record, was: .queued, in: &s)
                return record
            }
            return nil
        }
    }

    /// See `Store`.
    public func completeBacktest(id: String, result: BacktestResult, _ update: (inout BacktestRecord) -> Void) {
        state.withLock { s in
            guard var record = s.backtests[id] else { return }
            let before = record.status
            s.results[id] = result
            s.resultBytes[id] = ResultColumns.memoryBytes(result)
            update(&record)
            Self.save(record, was: before, in: &s)
        }
    }

    /// See `Store`.
    public func result(id: String) -> BacktestResult? { state.withLock { $0.results[id] } }

    /// Stores a changed record and keeps the queue, the counts and the datasets in step with it.
    private static func save(_ record: BacktestRecord, was before: JobStatus, in s: inout State) {
        s.backtests[record.id] = record
        guard record.status != before else { return }
        let child = record.sweep != nil ? 1 : 0
        if before == .queued {
            s.queuedCount -= 1
            s.queuedChildren -= child
        }
        if record.status == .queued {
            s.queuedCount += 1
            s.queuedChildren += child
            s.queue.insert(record.sequence)
        }
        if record.status.isTerminal {
            if let sweep = record.sweep, !before.isTerminal { s.unfinishedChildren[sweep, default: 1] -= 1 }
            s.unfinished.remove(record.id)
            purgeDatasets(&s)
        }
    }

    /// Frees deleted datasets that no unfinished job names any more.
    private static func purgeDatasets(_ s: inout State) {
        guard !s.deletedDatasets.isEmpty else { return }
        var named: Set<String> = []
        for id in s.unfinished {
            guard let spec = s.backtests[id]?.spec else { continue }
            named.insert(spec.dataset)
            if let context = spec.context { named.insert(context) }
        }
        for id in s.deletedDatasets where !named.contains(id) {
            s.deletedDatasets.remove(id)
            s.datasets[id] = nil
        }
    }

    /// Pages over entries in insertion order. The cursor is the sequence number the next page starts
    /// after, so it stays valid when items are deleted; nil when it is not a cursor at all.
    static func page(
        _ order: [Entry], cursor: String?, limit: Int, where keep: (String) -> Bool
    )
        -> (ids: [String], next: String?)?
    {
        var start = 0
        if let cursor {
            guard let after = Int(cursor), after >= 0 else { return nil }
            // Entries are appended in sequence order: binary search for the first one after the cursor.
            var low = 0
            var high = order.count
            while low < high {
                let mid = (low + high) / 2
                if order[mid].sequence <= after { low = mid + 1 } else { high = mid }
            }
            start = low
        }
        var ids: [String] = []
        var last: Int?
        var i = start
        while i < order.count && ids.count < limit {
            if keep(order[i].id) {
                ids.append(order[i].id)
                last = order[i].sequence
            }
            i += 1
        }
        let more = order[i...].contains { keep($0.id) }
        return (ids, more ? last.map(String.init) : nil)
    }
}
