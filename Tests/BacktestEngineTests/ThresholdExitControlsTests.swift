// The threshold template's exit controls, hand-worked on one asset (daily bars, open = close = 10
// unless said, one share per entry): a separate exit signal, exit filters, a cooldown after an
// exit, a minimum holding, on both sides; position rules exit regardless. Orders are listed by the
// bar they were decided on (t0 = day 1).

import Testing

@testable import BacktestEngine

@Suite struct ThresholdExitControlsTests {
    static let day = Fixtures.day

    /// Daily bars t0…t(n-1) of asset "A" with columns sig, exit, conf.
    static func data(sig: [Double], exit: [Double], conf: [Double]? = nil, closes: [Double]? = nil) -> MarketData {
        let bars = sig.indices.map { t in
            BarSpec(
                timestamp: Int64(t + 1) * day, asset: 0, open: 10, close: closes?[t] ?? 10,
                signals: [sig[t], exit[t], conf?[t] ?? 1])
        }
        return Fixtures.marketData(assets: ["A"], signalNames: ["sig", "exit", "conf"], bars: bars)
    }

    static func decided(
        _ data: MarketData, _ parameters: ThresholdParameters, account: AccountTerms = .cash,
        risk: PositionRules = .none
    ) -> [Int] {
        let configuration = BacktestConfiguration(
            initialCash: 1_000, strategy: .threshold(parameters), risk: risk, account: account)
        return Fixtures.run(data, configuration).orders.map { Int($0.createdAt / day) - 1 }
    }

    static func params(
        exitSignal: String? = "exit", exitFilters: [Filter] = [], cooldown: Int = 0, minHolding: Int = 0
    ) -> ThresholdParameters {
        ThresholdParameters(
            signal: "sig", entryAbove: 0.8, exitBelow: 0.4, sizing: .fixedQuantity(1), exitSignal: exitSignal,
            exitFilters: exitFilters, cooldownBars: cooldown, minHoldingBars: minHolding)
    }

    static let high = [Double](repeating: 0.9, count: 8)

    // Entry decided t0 (fills t1); exit column below 0.4 at t2 while sig stays high: exit decided t2
    // (fills t3); flat after t3's fills, so a new entry is decided at t3's close (fills t4).
    @Test func exitsReadTheExitSignal() {
        let data = Self.data(sig: Self.high, exit: [0.5, 0.5, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5])
        #expect(Self.decided(data, Self.params()) == [0, 2, 3])
        // Without exit_signal, sig never falls below 0.4: one entry, no exit.
        #expect(Self.decided(data, Self.params(exitSignal: nil)) == [0])
    }

    // The exit closes the position at t3's fills; with a cooldown of 2 the asset may enter again at
    // t >= 3 + 2 = 5 (fills t6); with 1, at t4.
    @Test func aCooldownDelaysTheNextEntry() {
        let data = Self.data(sig: Self.high, exit: [0.5, 0.5, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5])
        #expect(Self.decided(data, Self.params(cooldown: 2)) == [0, 2, 5])
        #expect(Self.decided(data, Self.params(cooldown: 1)) == [0, 2, 4])
    }

    // Entry fill at t1; the exit column is low from t2 on. With a minimum holding of 3 the exit is
    // decided at t >= 1 + 3 = 4 (fills t5); re-entry at t5's close (fills t6); the exit column is
    // back above 0.4 from t6.
    @Test func aMinimumHoldingDelaysSignalExits() {
        let data = Self.data(sig: Self.high, exit: [0.5, 0.5, 0.3, 0.3, 0.3, 0.3, 0.5, 0.5])
        #expect(Self.decided(data, Self.params(minHolding: 3)) == [0, 4, 5])
        #expect(Self.decided(data, Self.params()) == [0, 2, 3, 4, 5])
    }

    // Exit filter conf > 0.5: sig is below 0.4 from t2 to t4, conf is 0 at t2 and t3, so the exit is
    // decided at t4 (fills t5) and the entry at t5. Without the filter: exit at t2, re-entry at t5.
    @Test func exitFiltersGateExits() {
        let sig = [0.9, 0.9, 0.3, 0.3, 0.3, 0.9, 0.9, 0.9]
        let data = Self.data(sig: sig, exit: sig, conf: [1, 1, 0, 0, 1, 1, 1, 1])
        let gated = Self.params(exitSignal: nil, exitFilters: [Filter(column: "conf", op: .greater, value: 0.5)])
        #expect(Self.decided(data, gated) == [0, 4, 5])
        #expect(Self.decided(data, Self.params(exitSignal: nil)) == [0, 2, 5])
    }

    // Short side in a margin account: short below 0.2, cover above 0.6, covers read the exit column.
    @Test func coversReadTheExitSignalAndWaitOutTheMinimum() {
        let low = [Double](repeating: 0.1, count: 8)
        let data = Self.data(sig: low, exit: [0.5, 0.5, 0.7, 0.7, 0.7, 0.5, 0.5, 0.5])
        var p = Self.params(minHolding: 2)
        p.shortBelow = 0.2
        p.coverAbove = 0.6
        let margin = AccountTerms(type: .margin)
        // Short filled at t1; cover allowed at t >= 3: decided t3 (fills t4), short again at t4.
        #expect(Self.decided(data, p, account: margin) == [0, 3, 4])
    }

    // A stop-loss exits within the minimum holding: close falls to 9 at t2, below the 5 % stop at 9.5.
    @Test func positionRulesExitRegardless() {
        let data = Self.data(
            sig: Self.high, exit: Self.high, closes: [10, 10, 9, 10, 10, 10, 10, 10])
        let configuration = BacktestConfiguration(
            initialCash: 1_000, strategy: .threshold(Self.params(exitSignal: nil, minHolding: 5)),
            risk: PositionRules(stopLoss: 0.05))
        let result = Fixtures.run(data, configuration)
        #expect(result.trades.first?.exitReason == .stopLoss)
        #expect(result.trades.first?.exitTime == 3 * Self.day)
        #expect(result.trades.first?.exitPrice == 9.5)
    }

    @Test func problemsNameTheirFields() {
        let data = Self.data(sig: Self.high, exit: Self.high)
        var p = Self.params(exitSignal: "exti", exitFilters: [Filter(column: "conf", op: .less, value: .infinity)])
        p.cooldownBars = -1
        p.minHoldingBars = 2_000_000
        let configuration = BacktestConfiguration(initialCash: 1_000, strategy: .threshold(p))
        let problems = Backtest.problems(data: data, context: nil, configuration: configuration)
        #expect(problems.map(\.field) == [.exitSignal, .exitFilterValue(0), .cooldownBars, .minHoldingBars])
        #expect(problems.first?.message.contains("Did you mean \"exit\"?") == true)
    }
}
