// Deletion and eviction in both stores: a finished job goes with its result (and, on disk, its
// column file), leaves a tombstone that survives a restart, and is never listed again; eviction
// takes the oldest finished first, by age and by storage budget, reading the time it is given.
import BacktestEngine
import Foundation
import Testing

@testable import BacktestService

@Suite("Retention in both stores")
struct RetentionStoreTests {
    enum Kind: String, CaseIterable { case inMemory, embedded }

    /// A store of `kind`, with a function giving the bytes the budget counts for a result of `id`.
    final class Subject {
        let store: any Store
        let directory: String?

        init(_ kind: Kind) throws {
            switch kind {
            case .inMemory:
                store = InMemoryStore()
                directory = nil
            case .embedded:
                let path = EmbeddedStoreTests.directory()
                store = try EmbeddedStore(directory: path)
                directory = path
            }
        }

        deinit { if let directory { try? FileManager.default.removeItem(atPath: directory) } }

        func resultFile(_ id: String) -> String? { directory.map { "\($0)/results/\(id).col" } }

        /// Bytes the budget counts for a stored result.
        func bytes(of id: String, _ result: BacktestResult) throws -> Int {
            guard let path = resultFile(id) else { return ResultColumns.memoryBytes(result) }
            return try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        }

        /// Queues, claims and finishes `id` at `finishedAt` with `result` (succeeded) or none (failed).
        func finish(_ id: String, at finishedAt: Double, result: BacktestResult?) throws {
            _ = try store.enqueueBacktest(EmbeddedStoreTests.record(id), capacity: 100)
            _ = try #require(try store.claimBacktest(now: finishedAt - 1))
            if let result {
                try store.completeBacktest(id: id, result: result) { record in
                    _ = record.lifecycle.handle(.succeed)
                    record.finishedAt = finishedAt
                    record.summary = result.metrics
                }
            } else {
                _ = try store.updateBacktest(id: id) { record in
                    _ = record.lifecycle.handle(.fail)
                    record.finishedAt = finishedAt
                }
            }
        }

        func listed() throws -> [String] {
            try #require(try store.backtests(status: nil, cursor: nil, limit: 100)).items.map(\.id)
        }
    }

    static let result = Result { try EmbeddedStoreTests.run() }

    @Test(arguments: Kind.allCases)
    func deletingAFinishedJobRemovesItAndItsResult(_ kind: Kind) throws {
        let (dataset, result) = try Self.result.get()
        let subject = try Subject(kind)
        let store = subject.store
        try store.insertDataset(dataset)
        try subject.finish("bt_a", at: 100, result: result)
        _ = try store.enqueueBacktest(EmbeddedStoreTests.record("bt_b"), capacity: 100)
        if let file = subject.resultFile("bt_a") { #expect(FileManager.default.fileExists(atPath: file)) }

        guard case .removed = try store.removeBacktest(id: "bt_a", Removal(at: 150, reason: .deleted)) else {
            Issue.record("a finished job was not removed")
            return
        }
        #expect(try store.backtest(id: "bt_a") == nil)
        #expect(try store.result(id: "bt_a") == nil)
        #expect(try store.removal(id: "bt_a") == Removal(at: 150, reason: .deleted))
        #expect(try subject.listed() == ["bt_b"])
        #expect(try store.backtests(status: .succeeded, cursor: nil, limit: 10)?.items.isEmpty == true)
        if let file = subject.resultFile("bt_a") { #expect(!FileManager.default.fileExists(atPath: file)) }
        // A second removal says when the first was; a queued job is not removed.
        guard case .gone(let removal) = try store.removeBacktest(id: "bt_a", Removal(at: 160, reason: .deleted))
        else {
            Issue.record("a removed job was removed again")
            return
        }
        #expect(removal.at == 150)
        guard case .notFinished = try store.removeBacktest(id: "bt_b", Removal(at: 160, reason: .deleted)) else {
            Issue.record("a queued job was removed")
            return
        }
        guard case .missing = try store.removeBacktest(id: "bt_none", Removal(at: 160, reason: .deleted)) else {
            Issue.record("a job that never was was found")
            return
        }
        #expect(try store.removal(id: "bt_b") == nil)
    }

    @Test func aTombstoneSurvivesARestart() throws {
        let (dataset, result) = try Self.result.get()
        let path = EmbeddedStoreTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try EmbeddedStore(directory: path)
            try store.insertDataset(dataset)
            _ = try store.enqueueBacktest(EmbeddedStoreTests.record("bt_a"), capacity: 10)
            _ = try store.claimBacktest(now: 1)
            try store.completeBacktest(id: "bt_a", result: result) { _ = $0.lifecycle.handle(.succeed) }
            _ = try store.removeBacktest(id: "bt_a", Removal(at: 9, reason: .overBudget))
        }
        let store = try EmbeddedStore(directory: path)
        #expect(try store.removal(id: "bt_a") == Removal(at: 9, reason: .overBudget))
        #expect(try store.backtest(id: "bt_a") == nil)
        #expect(try DurableFile.list(path + "/results").isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func ageEvictsTheJobsFinishedLongerAgoOldestFirst(_ kind: Kind) throws {
        let (dataset, result) = try Self.result.get()
        let subject = try Subject(kind)
        let store = subject.store
        try store.insertDataset(dataset)
        // Submitted a, b, c, d but finished c, a, d (failed), b.
        try subject.finish("bt_c", at: 100, result: result)
        try subject.finish("bt_a", at: 200, result: result)
        try subject.finish("bt_d", at: 250, result: nil)
        try subject.finish("bt_b", at: 300, result: result)
        let policy = RetentionPolicy(maxAgeSeconds: 100)
        #expect(try store.evictBacktests(policy, now: 200).isEmpty)
        #expect(try store.evictBacktests(policy, now: 351) == ["bt_c", "bt_a", "bt_d"])
        #expect(try store.removal(id: "bt_d") == Removal(at: 351, reason: .expired))
        #expect(try subject.listed() == ["bt_b"])
        #expect(try store.result(id: "bt_b") != nil)
        #expect(try store.evictBacktests(RetentionPolicy(), now: 1e12).isEmpty)
        if let file = subject.resultFile("bt_a") { #expect(!FileManager.default.fileExists(atPath: file)) }
    }

    @Test(arguments: Kind.allCases)
    func theBudgetEvictsTheOldestFinishedUntilTheRestFits(_ kind: Kind) throws {
        let (dataset, result) = try Self.result.get()
        let subject = try Subject(kind)
        let store = subject.store
        try store.insertDataset(dataset)
        try subject.finish("bt_a", at: 300, result: result)
        try subject.finish("bt_b", at: 100, result: result)
        try subject.finish("bt_f", at: 150, result: nil)
        try subject.finish("bt_c", at: 200, result: result)
        let one = try subject.bytes(of: "bt_a", result)
        #expect(one > 0)
        #expect(try store.evictBacktests(RetentionPolicy(budgetBytes: 3 * one), now: 400).isEmpty)
        // Room for one and a half results: the two finished first go; the failed job holds no bytes.
        #expect(try store.evictBacktests(RetentionPolicy(budgetBytes: one + one / 2), now: 400) == ["bt_b", "bt_c"])
        #expect(try store.removal(id: "bt_c") == Removal(at: 400, reason: .overBudget))
        #expect(try subject.listed() == ["bt_a", "bt_f"])
        #expect(try store.result(id: "bt_a") != nil)
        if let file = subject.resultFile("bt_b") { #expect(!FileManager.default.fileExists(atPath: file)) }
    }

    @Test func durationsReadAndWriteBack() {
        #expect(RetentionPolicy.seconds("7d") == 604_800)
        #expect(RetentionPolicy.seconds("12h") == 43_200)
        #expect(RetentionPolicy.seconds("30m") == 1800)
        #expect(RetentionPolicy.seconds("45") == 45)
        #expect(RetentionPolicy.seconds("1.5h") == 5400)
        for bad in ["", "d", "-1d", "0", "7x", "forever", "1e400s", " 7d"] {
            #expect(RetentionPolicy.seconds(bad) == nil, "\(bad)")
        }
        #expect(RetentionPolicy.describe(seconds: 604_800) == "1w")
        #expect(RetentionPolicy.describe(seconds: 86_400 * 3) == "3d")
        #expect(RetentionPolicy.describe(seconds: 43_200) == "12h")
        #expect(RetentionPolicy.describe(seconds: 61) == "61s")
    }
}
