// The in-memory store: listings in insertion order, cursors that survive deletions, status filters.
import BacktestEngine
import Testing

@testable import BacktestService

@Suite("In-memory store")
struct InMemoryStoreTests {
    static let empty = MarketData(
        assets: [], timestamps: [], rowStart: [0], asset: [], open: [], high: [], low: [],
        close: [], volume: [], signalNames: [], signals: [])

    static func dataset(_ id: String) -> Dataset {
        Dataset(id: id, name: nil, createdAt: 0, bytes: 0, payload: .bars(empty))
    }

    static func record(_ id: String, dataset: String = "ds", key: String? = nil) -> BacktestRecord {
        let spec = BacktestSpec(
            dataset: dataset, context: nil, name: nil,
            configuration: BacktestConfiguration(
                initialCash: 1, strategy: .threshold(ThresholdParameters(signal: "s", entryAbove: 1, exitBelow: 0))))
        return BacktestRecord(id: id, spec: spec, createdAt: 0, idempotencyKey: key)
    }

    static func enqueue(_ store: InMemoryStore, _ id: String, capacity: Int = 100) {
        guard case .accepted = store.enqueueBacktest(record(id), capacity: capacity) else {
            Issue.record("\(id) was not accepted")
            return
        }
    }

    @Test func pagesInOrderAndCursorsSurviveDeletion() throws {
        let store = InMemoryStore()
        for i in 1...5 { store.insertDataset(Self.dataset("ds_\(i)")) }
        let first = try #require(store.datasets(cursor: nil, limit: 2))
        #expect(first.items.map(\.id) == ["ds_1", "ds_2"])
        // Deleting the item the cursor points at does not break the next page.
        #expect(store.deleteDataset(id: "ds_2"))
        let second = try #require(store.datasets(cursor: first.nextCursor, limit: 2))
        #expect(second.items.map(\.id) == ["ds_3", "ds_4"])
        let third = try #require(store.datasets(cursor: second.nextCursor, limit: 2))
        #expect(third.items.map(\.id) == ["ds_5"])
        #expect(third.nextCursor == nil)
        #expect(store.datasets(cursor: "not-a-cursor", limit: 2) == nil)
        #expect(!store.deleteDataset(id: "ds_2"))
    }

    @Test func filtersJobsByStatus() throws {
        let store = InMemoryStore()
        for i in 1...4 { Self.enqueue(store, "bt_\(i)") }
        store.updateBacktest(id: "bt_2") { _ = $0.lifecycle.handle(.cancel) }
        store.updateBacktest(id: "bt_4") { _ = $0.lifecycle.handle(.cancel) }
        let cancelled = try #require(store.backtests(status: .cancelled, cursor: nil, limit: 1))
        #expect(cancelled.items.map(\.id) == ["bt_2"])
        let rest = try #require(store.backtests(status: .cancelled, cursor: cancelled.nextCursor, limit: 1))
        #expect(rest.items.map(\.id) == ["bt_4"])
        #expect(rest.nextCursor == nil)
        #expect(store.backtests(status: .queued, cursor: nil, limit: 10)?.items.map(\.id) == ["bt_1", "bt_3"])
        #expect(store.updateBacktest(id: "bt_9") { _ in true } == nil)
    }
}

@Suite("In-memory store as the queue")
struct InMemoryQueueTests {
    @Test func claimsInOrderSkipsCancelledAndRequeuesInterrupted() throws {
        let store = InMemoryStore()
        for id in ["a", "b", "c"] { InMemoryStoreTests.enqueue(store, id) }
        store.updateBacktest(id: "a") { _ = $0.lifecycle.handle(.cancel) }
        #expect(store.countBacktests(status: .queued) == 2)
        let first = try #require(store.claimBacktest(now: 5))
        #expect(first.id == "b" && first.status == .running && first.startedAt == 5)
        // An interrupted job goes back to the queue ahead of later ones: it was submitted first.
        store.updateBacktest(id: "b") { #expect($0.lifecycle.handle(.interrupt) == .requeued) }
        #expect(store.claimBacktest(now: 6)?.id == "b")
        #expect(store.claimBacktest(now: 7)?.id == "c")
        #expect(store.claimBacktest(now: 8) == nil)
        #expect(store.countBacktests(status: .running) == 2)
    }

    @Test func aFullQueueRecordsNothingAndAKeyReplays() throws {
        let store = InMemoryStore()
        InMemoryStoreTests.enqueue(store, "a", capacity: 1)
        guard case .full = store.enqueueBacktest(InMemoryStoreTests.record("b"), capacity: 1) else {
            Issue.record("a second job fitted a one-slot queue")
            return
        }
        #expect(store.backtest(id: "b") == nil, "a refused job leaves nothing behind")
        guard case .accepted = store.enqueueBacktest(InMemoryStoreTests.record("k1", key: "key"), capacity: 9),
            case .replayed(let again) = store.enqueueBacktest(InMemoryStoreTests.record("k2", key: "key"), capacity: 9)
        else {
            Issue.record("the key did not replay")
            return
        }
        #expect(again.id == "k1")
        #expect(store.backtest(idempotencyKey: "key")?.id == "k1")
    }

    @Test func aDeletedDatasetStaysForTheJobsThatNameItThenGoes() throws {
        let store = InMemoryStore()
        store.insertDataset(InMemoryStoreTests.dataset("ds"))
        InMemoryStoreTests.enqueue(store, "a")
        #expect(store.deleteDataset(id: "ds"))
        #expect(try store.dataset(id: "ds") == nil, "gone from lookups")
        #expect(store.datasets(cursor: nil, limit: 10)?.items.isEmpty == true, "and from listings")
        #expect(store.dataset(id: "ds", includingDeleted: true) != nil, "kept for the queued job")
        #expect(!store.deleteDataset(id: "ds"))
        store.updateBacktest(id: "a") { _ = $0.lifecycle.handle(.cancel) }
        #expect(store.dataset(id: "ds", includingDeleted: true) == nil, "freed once no unfinished job names it")
    }
}
