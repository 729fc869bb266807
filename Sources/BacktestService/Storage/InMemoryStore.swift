// The in-memory `Store`: dictionaries behind one mutex, listings by insertion order. Loses
// everything on restart; durable storage is its own store type.
import BacktestEngine
import Synchronization

/// A `Store` that keeps everything in process memory.
public final class InMemoryStore: Store {
    private struct State {
        var datasets: [String: Dataset] = [:]
        var datasetOrder: [Entry] = []
        var datasetSequence = 0
        var backtests: [String: BacktestRecord] = [:]
        var backtestOrder: [Entry] = []
        var results: [String: BacktestResult] = [:]
        var sequence = 0
    }

    /// An id with the sequence number that orders listings and makes cursors.
    private struct Entry {
        var sequence: Int
        var id: String
    }

    private let state = Mutex(State())

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
    public func dataset(id: String) -> Dataset? { state.withLock { $0.datasets[id] } }

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
            guard s.datasets.removeValue(forKey: id) != nil else { return false }
            s.datasetOrder.removeAll { $0.id == id }
            return true
        }
    }

    /// See `Store`.
    public func insertBacktest(_ record: BacktestRecord) {
        state.withLock {
            $0.backtests[record.id] = record
            $0.backtestOrder.append(Entry(sequence: record.sequence, id: record.id))
        }
    }

    /// See `Store`.
    public func backtest(id: String) -> BacktestRecord? { state.withLock { $0.backtests[id] } }

    /// See `Store`.
    public func updateBacktest<T>(id: String, _ body: (inout BacktestRecord) -> T) -> T? {
        state.withLock { s in
            guard var record = s.backtests[id] else { return nil }
            let value = body(&record)
            s.backtests[id] = record
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
    public func nextSequence() -> Int {
        state.withLock {
            $0.sequence += 1
            return $0.sequence
        }
    }

    /// See `Store`.
    public func insertResult(id: String, _ result: BacktestResult) {
        state.withLock { $0.results[id] = result }
    }

    /// See `Store`.
    public func result(id: String) -> BacktestResult? { state.withLock { $0.results[id] } }

    /// Pages over entries in insertion order. The cursor is the sequence number the next page starts
    /// after, so it stays valid when items are deleted; nil when it is not a cursor at all.
    private static func page(
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
