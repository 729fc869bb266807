// Sweeps in both stores: a sweep and its children are recorded together, counted by status,
// children do not take the queue's capacity, a finished sweep reads back with its statistics (from
// the files, for the embedded store), removal takes the children with it and leaves tombstones; and
// a server started on a store whose sweep's children all ended before the restart finishes it.
import BacktestEngine
import Foundation
import TestSupport
import Testing

@testable import BacktestService

@Suite("Sweeps in the stores")
struct SweepStoreTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case inMemory, embedded
        var testDescription: String { rawValue }
    }

    static func spec() throws -> SweepSpec {
        let json = try JSONParser.parse(
            Array(
                #"""
                {"base": {"dataset": "ds", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 1, "exit_below": 0}}},
                 "grid": {"strategy.params.entry_above": [0.5, 0.6, 0.7]}, "objective": {"metric": "max_drawdown", "goal": "minimize"}}
                """#.utf8))
        return try SweepSpec.decode(json, maxCombinations: 10).get()
    }

    static func sweep(_ id: String = "sw_a") throws -> (SweepRecord, [BacktestRecord]) {
        let spec = try spec()
        let children = try spec.children().specs.enumerated().map { c, child in
            BacktestRecord(id: "\(id)_child\(c)", spec: try #require(child), createdAt: 1, sweep: id)
        }
        return (
            SweepRecord(id: id, spec: spec, children: children.map(\.id), createdAt: 1, idempotencyKey: "k"), children
        )
    }

    /// Runs `body` with a function that opens a store of `kind`: the embedded store anew from its
    /// directory each time (the caller lets go of one before opening the next), the in-memory one
    /// the same object.
    static func withStore(_ kind: Kind, _ body: (() throws -> any Store) throws -> Void) throws {
        switch kind {
        case .inMemory:
            let store = InMemoryStore()
            try body { store }
        case .embedded:
            let path = EmbeddedStoreTests.directory()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try body { try EmbeddedStore(directory: path) }
        }
    }

    /// Enqueues the sweep, checks the counts and the capacity, claims a child, then ends every
    /// child and records the sweep's statistics.
    static func enqueueRunAndFinish(_ store: any Store, _ sweep: SweepRecord, _ children: [BacktestRecord]) throws {
        guard case .accepted(let accepted) = try store.enqueueSweep(sweep, children: children) else {
            Issue.record("not accepted")
            return
        }
        guard case .replayed = try store.enqueueSweep(sweep, children: children) else {
            Issue.record("the same idempotency key was not replayed")
            return
        }
        #expect(try store.sweepTally(id: "sw_a")?.queued == 3)
        #expect(try store.countBacktests(status: .queued) == 3)
        // Children take no capacity: a standalone job still fits a queue of one.
        guard case .accepted = try store.enqueueBacktest(InMemoryStoreTests.record("bt_alone"), capacity: 1) else {
            Issue.record("a standalone job was refused")
            return
        }
        let claimed = try #require(try store.claimBacktest(now: 2))
        #expect(claimed.sweep == "sw_a" && claimed.id == children[0].id)
        let tally = try #require(try store.sweepTally(id: "sw_a"))
        #expect(tally.queued == 2 && tally.running == 1 && tally.total == 3)
        #expect(accepted.status(tally) == .running)
        guard case .notFinished = try store.removeSweep(id: "sw_a", Removal(at: 3, reason: .deleted)) else {
            Issue.record("an unfinished sweep was removed")
            return
        }
        for child in children {
            _ = try store.updateBacktest(id: child.id) { record in
                if record.status == .queued { _ = record.lifecycle.handle(.start) }
                _ = record.lifecycle.handle(.fail)
                record.finishedAt = 3
            }
        }
        _ = try store.updateSweep(id: "sw_a") { sweep in
            sweep.finishedAt = 4
            sweep.statistics = Self.statistics
        }
    }

    static let statistics: SweepStatistics = {
        var statistics = SweepStatistics()
        statistics.best = 1
        statistics.bestValue = 0.125
        statistics.deflatedSharpe = 0.75
        statistics.pbo = 0.25
        return statistics
    }()

    @Test(arguments: Kind.allCases)
    func aSweepIsRecordedCountedFinishedAndRemovedWithItsChildren(_ kind: Kind) throws {
        try Self.withStore(kind) { open in
            let (sweep, children) = try Self.sweep()
            try Self.enqueueRunAndFinish(try open(), sweep, children)
            let store = try open()
            let back = try #require(try store.sweep(id: "sw_a"))
            #expect(back.spec == sweep.spec && back.children == sweep.children && back.finishedAt == 4)
            #expect(back.statistics == Self.statistics)
            #expect(try store.sweep(idempotencyKey: "k")?.id == "sw_a")
            #expect(try store.unfinishedSweeps().isEmpty)
            let tally = try #require(try store.sweepTally(id: "sw_a"))
            #expect(tally.failed == 3 && tally.ended == 3 && back.status(tally) == .failed)
            #expect(try store.sweepChildren(id: "sw_a").map(\.id) == children.map(\.id))
            // The results' rows read the same children without their specs.
            let rows = try store.sweepChildSummaries(id: "sw_a")
            #expect(rows.map(\.id) == children.map(\.id))
            #expect(rows.allSatisfy { $0.status == .failed && $0.initialCash == 1_000_000 && $0.summary == nil })
            #expect(try store.sweeps(cursor: nil, limit: 10)?.items.map(\.id) == ["sw_a"])
            guard case .removed(let removed) = try store.removeSweep(id: "sw_a", Removal(at: 5, reason: .deleted))
            else {
                Issue.record("a finished sweep was not removed")
                return
            }
            #expect(removed == children.map(\.id))
            #expect(try store.sweep(id: "sw_a") == nil)
            #expect(try store.removal(id: "sw_a")?.reason == .deleted)
            #expect(try store.removal(id: children[0].id)?.at == 5)
            #expect(try store.backtest(id: children[0].id) == nil)
            #expect(try store.backtest(id: "bt_alone") != nil)
        }
    }

    @Test func aServerFinishesASweepWhoseChildrenEndedBeforeItStarted() async throws {
        let path = EmbeddedStoreTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (sweep, children) = try Self.sweep()
        do {
            let store = try EmbeddedStore(directory: path)
            _ = try store.enqueueSweep(sweep, children: children)
            for child in children {
                _ = try store.updateBacktest(id: child.id) { record in
                    _ = record.lifecycle.handle(.cancel)
                    record.finishedAt = 2
                }
            }
            #expect(try store.unfinishedSweeps().map(\.id) == ["sw_a"])
        }
        let server = try TestServer(store: try EmbeddedStore(directory: path))
        defer { server.stop() }
        let json = try await server.client.get("/v1/sweeps/sw_a?wait=10").json
        #expect(json["status"]?.stringValue == "failed", "\(json)")
        #expect(json["counts"]?["cancelled"]?.numberValue == 3)
        #expect(json["overfitting"]?["trials"]?.numberValue == 0)
        #expect(json["best"] == .null)
    }

    /// A walk-forward sweep of the three combinations over 30 bars: train 10, test 10, so two
    /// windows and six train runs.
    static func walkForwardSweep() throws -> (SweepRecord, [BacktestRecord]) {
        var spec = try spec()
        let walkForward = WalkForward(trainBars: 10, testBars: 10, stepBars: 10, anchored: false, objective: .sharpe)
        spec.walkForward = walkForward
        let combinations = try spec.children().specs.map { try #require($0) }
        let state = WalkForwardState(walkForward, timestamps: (0..<30).map { Int64($0) * 86_400 })
        var children: [BacktestRecord] = []
        for (k, window) in state.windows.enumerated() {
            for (c, combination) in combinations.enumerated() {
                var child = combination
                child.window = BarWindow(startBar: window.bars.train.lowerBound, endBar: window.bars.train.upperBound)
                children.append(BacktestRecord(id: "sw_w_train\(k)_\(c)", spec: child, createdAt: 1, sweep: "sw_w"))
            }
        }
        var record = SweepRecord(id: "sw_w", spec: spec, children: children.map(\.id), createdAt: 1)
        record.walkForward = state
        return (record, children)
    }

    @Test(arguments: Kind.allCases)
    func aWalkForwardSweepKeepsItsWindowsAndQueuesATestRunWithItsDecision(_ kind: Kind) throws {
        try Self.withStore(kind) { open in
            let (sweep, children) = try Self.walkForwardSweep()
            do {
                let store = try open()
                _ = try store.enqueueSweep(sweep, children: children)
                #expect(try store.anyUnfinished(sweep.trainChildren(window: 0)))
                for child in children.prefix(3) {
                    _ = try store.updateBacktest(id: child.id) { record in
                        _ = record.lifecycle.handle(.cancel)
                        record.finishedAt = 2
                    }
                }
                #expect(try !store.anyUnfinished(sweep.trainChildren(window: 0)))
                #expect(try store.anyUnfinished(sweep.children))
                var test = children[1]
                test.id = "sw_w_test0"
                test.spec.window = BarWindow(startBar: 10, endBar: 20)
                // A refused decision queues nothing.
                #expect(try !store.addSweepChild(id: "sw_w", test) { _ in false })
                #expect(try store.backtest(id: "sw_w_test0") == nil)
                let queued = try store.addSweepChild(id: "sw_w", test) { sweep in
                    sweep.walkForward?.windows[0].decided = true
                    sweep.walkForward?.windows[0].chosen = 1
                    sweep.walkForward?.windows[0].chosenValue = 0.5
                    sweep.walkForward?.windows[0].test = test.id
                    return true
                }
                #expect(queued)
                #expect(try !store.addSweepChild(id: "sw_none", test) { _ in true })
            }
            let store = try open()
            let back = try #require(try store.sweep(id: "sw_w"))
            #expect(back.children == sweep.children + ["sw_w_test0"])
            #expect(back.spec == sweep.spec)
            let windows = try #require(back.walkForward?.windows)
            #expect(windows.map(\.bars) == sweep.walkForward?.windows.map(\.bars))
            #expect(windows[0].decided && windows[0].chosen == 1 && windows[0].chosenValue == 0.5)
            #expect(windows[0].test == "sw_w_test0" && !windows[1].decided)
            #expect(windows[1].testSpan == 20 * 86_400...29 * 86_400)
            #expect(back.pendingChildren == 1)
            #expect(back.trainPosition(of: "sw_w_train1_2")! == (1, 2))
            #expect(back.trainPosition(of: "sw_w_test0") == nil)
            let child = try #require(try store.backtest(id: "sw_w_test0"))
            #expect(child.sweep == "sw_w" && child.status == .queued && child.spec.window?.startBar == 10)
            #expect(try store.sweepTally(id: "sw_w")?.total == 7)
        }
    }
}
