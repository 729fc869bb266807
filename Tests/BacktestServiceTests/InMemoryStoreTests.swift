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

    static func record(_ store: InMemoryStore, _ id: String) -> BacktestRecord {
        let spec = BacktestSpec(
            dataset: "ds", context: nil, name: nil,
            configuration: BacktestConfiguration(
                initialCash: 1, strategy: .threshold(ThresholdParameters(signal: "s", entryAbove: 1, exitBelow: 0))))
        return BacktestRecord(id: id, sequence: store.nextSequence(), spec: spec, createdAt: 0)
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
        for i in 1...4 { store.insertBacktest(Self.record(store, "bt_\(i)")) }
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
