// The embedded store on a real directory: results and datasets read back equal to what was
// written, a damaged column file is refused, a reopened store queues again what was running, and a
// second server cannot open the same directory.
import BacktestEngine
import BacktestFixtures
import Foundation
import Testing

@testable import BacktestService

@Suite("Embedded store")
struct EmbeddedStoreTests {
    static func directory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bt-store-\(UUID().uuidString)").path
        return path
    }

    /// A real run's result, with fills, orders, trades and rejections.
    static func run() throws -> (Dataset, BacktestResult) {
        let csv = SyntheticCSV.canonical(assets: 5, bars: 400, seed: 4)
        let data = try csv.withUnsafeBytes { bytes in try CSVIngest.bars(bytes) }
        // Both sides in a margin account with slippage, a volume cap and a daily-loss limit, so that
        // every stored field (slippage, partial fills, excursions, events) has values.
        let configuration = BacktestConfiguration(
            initialCash: 100_000, commission: .percent(rate: 0.001), slippage: .fixedBps(2),
            participation: Participation(maxFraction: 0.5),
            strategy: .threshold(
                ThresholdParameters(
                    signal: "ml_pred", entryAbove: 0.6, exitBelow: 0.4, shortBelow: 0.2, coverAbove: 0.5)),
            risk: PositionRules(stopLoss: 0.02, trailingStop: 0.05), account: AccountTerms(type: .margin),
            limits: PortfolioLimits(dailyLoss: 0.002),
            analytics: AnalyticsSettings(riskFreeRate: 0.01, benchmark: .asset(data.assets[1])))
        let result = try Backtest(data: data, context: nil, configuration: configuration).finish()
        let dataset = Dataset(id: "ds_one", name: "bars", createdAt: 7, bytes: csv.count, payload: .bars(data))
        return (dataset, result)
    }

    static func record(_ id: String) -> BacktestRecord {
        InMemoryStoreTests.record(id, dataset: "ds_one")
    }

    @Test func resultsAndDatasetsReadBackEqual() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (dataset, result) = try Self.run()
        #expect(!result.fills.isEmpty && !result.trades.isEmpty)
        do {
            let store = try EmbeddedStore(directory: path)
            try store.insertDataset(dataset)
            _ = try store.enqueueBacktest(Self.record("bt_a"), capacity: 10)
            _ = try store.claimBacktest(now: 1)
            try store.completeBacktest(id: "bt_a", result: result) { record in
                _ = record.lifecycle.handle(.succeed)
                record.summary = result.metrics
            }
        }
        // A fresh store on the same directory reads from the files, not from a cache.
        let store = try EmbeddedStore(directory: path)
        let back = try #require(try store.result(id: "bt_a"))
        #expect(back.fills == result.fills)
        #expect(back.orders == result.orders)
        #expect(back.trades == result.trades)
        #expect(back.equity == result.equity)
        #expect(!result.events.isEmpty && back.events == result.events)
        #expect(back.metrics == result.metrics && back.assets == result.assets)
        #expect(result.metrics.benchmark != nil && back.positions == result.positions)
        #expect(back.lastCloses == result.lastCloses && back.lastCloses.count == result.assets.count)
        #expect(try store.backtest(id: "bt_a")?.summary == result.metrics)
        #expect(try store.datasetInfo(id: "ds_one") == dataset.info)
        let bars = try #require(try store.dataset(id: "ds_one")?.bars)
        let original = try #require(dataset.bars)
        #expect(bars.close == original.close && bars.signals == original.signals && bars.rowStart == original.rowStart)
        #expect(bars.assets == original.assets && bars.fields == original.fields)
    }

    @Test func signalsDatasetsReadBackEqual() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let csv = "timestamp,asset,name,value,available_at\n2020-01-02,B,p,0.5,\n2020-01-02,A,q,,2020-01-03\n"
        let series = try Array(csv.utf8).withUnsafeBytes { bytes in try CSVIngest.signals(bytes) }
        let dataset = Dataset(id: "ds_sig", name: nil, createdAt: 3, bytes: csv.utf8.count, payload: .signals(series))
        try EmbeddedStore(directory: path).insertDataset(dataset)
        let store = try EmbeddedStore(directory: path)
        #expect(try store.datasetInfo(id: "ds_sig") == dataset.info)
        let back = try #require(try store.dataset(id: "ds_sig")?.signals)
        #expect(back.assets == ["A", "B"] && back.names == ["p", "q"])
        #expect(back.name == series.name && back.asset == series.asset && back.timestamp == series.timestamp)
        #expect(back.availableAt == series.availableAt)
        #expect(back.value.map(\.bitPattern) == series.value.map(\.bitPattern))
    }

    @Test func aDamagedFileIsRefused() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (dataset, _) = try Self.run()
        do {
            let store = try EmbeddedStore(directory: path)
            try store.insertDataset(dataset)
        }
        let file = path + "/datasets/ds_one.col"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: file))
        let store = try EmbeddedStore(directory: path)
        let error = #expect(throws: StoreError.self) { try store.dataset(id: "ds_one") }
        #expect(error?.code == .corrupt)
    }

    @Test func reopeningQueuesAgainWhatRanAndOneServerHoldsADirectory() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try EmbeddedStore(directory: path)
            for id in ["bt_a", "bt_b", "bt_c"] { _ = try store.enqueueBacktest(Self.record(id), capacity: 10) }
            #expect(try store.claimBacktest(now: 1)?.id == "bt_a")
            #expect(try store.claimBacktest(now: 1)?.id == "bt_b")
            _ = try store.updateBacktest(id: "bt_b") { $0.lifecycle.handle(.cancel) }
            #expect(throws: StoreError.self) { try EmbeddedStore(directory: path) }
        }
        let store = try EmbeddedStore(directory: path)
        #expect(try store.backtest(id: "bt_a")?.status == .queued, "interrupted: runs again")
        #expect(try store.backtest(id: "bt_a")?.startedAt == nil)
        #expect(try store.backtest(id: "bt_b")?.status == .cancelled, "its cancel was asked before the crash")
        #expect(try store.backtests(status: nil, cursor: nil, limit: 10)?.items.map(\.id) == ["bt_a", "bt_b", "bt_c"])
        #expect(try store.claimBacktest(now: 2)?.id == "bt_a")
    }
}
