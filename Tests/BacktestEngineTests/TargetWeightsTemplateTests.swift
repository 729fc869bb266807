// The target_weights template, hand-worked on two assets (A open = close = 10 unless said, B at 20;
// daily bars; 1,000 of cash, no commission): targets from equity marked at the decision close,
// rounded toward zero; orders of target minus position; rebalance schedules and a drift band; cash
// that binds; shorts only in a margin account.

import Testing

@testable import BacktestEngine

@Suite struct TargetWeightsTemplateTests {
    static func data(wA: [Double], wB: [Double], closesA: [Double]? = nil) -> MarketData {
        let bars = wA.indices.flatMap { t in
            [
                BarSpec(
                    timestamp: Int64(t + 1) * Fixtures.day, asset: 0, open: 10, close: closesA?[t] ?? 10,
                    signals: [wA[t]]),
                BarSpec(timestamp: Int64(t + 1) * Fixtures.day, asset: 1, open: 20, close: 20, signals: [wB[t]]),
            ]
        }
        return Fixtures.marketData(assets: ["A", "B"], signalNames: ["w"], bars: bars)
    }

    static func run(
        _ data: MarketData, every: Int = 1, drift: Double? = nil, account: AccountTerms = .cash
    ) -> BacktestResult {
        let configuration = BacktestConfiguration(
            initialCash: 1_000,
            strategy: .targetWeights(TargetWeightsParameters(weights: "w", rebalanceEvery: every, drift: drift)),
            account: account)
        return Fixtures.run(data, configuration)
    }

    /// Orders as (decision bar, asset, signed quantity, status).
    static func orders(_ r: BacktestResult) -> [String] {
        r.orders.map {
            "t\(Int($0.createdAt / Fixtures.day) - 1) \(["A", "B"][Int($0.asset)]) \($0.side == .buy ? "+" : "-")\(Int($0.quantity)) \($0.status.rawValue)"
        }
    }

    // t0: E = 1,000: A 0.5 x 1,000 / 10 = 50, B 0.25 x 1,000 / 20 = 12.5 -> 12 (fill t1 at the opens:
    // cash 1,000 - 500 - 240 = 260). t1: A closes at 12, E = 260 + 600 + 240 = 1,100: A 0.5 x 1,100
    // / 12 = 45.8 -> 45 (sell 5), B 0.25 x 1,100 / 20 = 13.75 -> 13 (buy 1). t2: A back at 10 after
    // t2's fills (A 45, B 13, cash 260 + 50 - 20 = 290): E = 290 + 450 + 260 = 1,000: A 50 (+5),
    // B 12 (-1).
    @Test func targetsFollowEquityMarkedAtTheClose() {
        let data = Self.data(wA: [0.5, 0.5, 0.5, 0.5], wB: [0.25, 0.25, 0.25, 0.25], closesA: [10, 12, 10, 10])
        #expect(
            Self.orders(Self.run(data)) == [
                "t0 A +50 filled", "t0 B +12 filled", "t1 A -5 filled", "t1 B +1 filled", "t2 A +5 filled",
                "t2 B -1 filled",
            ])
    }

    // Every 2 bars: the t1 move is not traded; at t2 the weights are met again (equity 1,000 at
    // t2's closes, the same targets as t0): no order.
    @Test func aScheduleSkipsTheBarsBetween() {
        let data = Self.data(wA: [0.5, 0.5, 0.5, 0.5], wB: [0.25, 0.25, 0.25, 0.25], closesA: [10, 12, 10, 10])
        #expect(Self.orders(Self.run(data, every: 2)) == ["t0 A +50 filled", "t0 B +12 filled"])
    }

    // Every 3 bars with a 0.1 drift band: at t1 A's target weight falls to 0.2 while it weighs 0.5:
    // |0.5 - 0.2| > 0.1, so A alone is rebalanced to 0.2 x 1,000 / 10 = 20 (sell 30); B's weight
    // 240 / 1,000 = 0.24 is within 0.1 of 0.25 and waits. At t3 (scheduled) B goes to 12 again: no order.
    @Test func aDriftBandRebalancesOneAssetBetweenSchedules() {
        let data = Self.data(wA: [0.5, 0.2, 0.2, 0.2], wB: [0.25, 0.25, 0.25, 0.25])
        #expect(
            Self.orders(Self.run(data, every: 3, drift: 0.1)) == [
                "t0 A +50 filled", "t0 B +12 filled", "t1 A -30 filled",
            ])
        // Without the band the change waits for t3 (the last bar: its order never fills).
        #expect(Self.orders(Self.run(data, every: 3)) == ["t0 A +50 filled", "t0 B +12 filled", "t3 A -30 expired"])
    }

    // Weights summing to 1.3: A buys 80 (800, cash 200 left), B's 0.5 x 1,000 / 20 = 25 (500) cannot
    // be paid and is rejected whole; at t1 B's 0.1 buys 5; a missing weight is 0 (sold at t2); the
    // last bar's order never fills.
    @Test func cashThatBindsRejectsTheBuyWhole() {
        let data = Self.data(wA: [0.8, 0.8, 0.8, 0.8], wB: [0.5, 0.1, .nan, 0.1])
        let result = Self.run(data)
        #expect(
            Self.orders(result) == [
                "t0 A +80 filled", "t0 B +25 rejected", "t1 B +5 filled", "t2 B -5 filled", "t3 B +5 expired",
            ])
        #expect(result.orders[1].reason == .insufficientCash)
    }

    // A negative weight is a short: refused by a cash account, held in a margin account.
    @Test func negativeWeightsShortInAMarginAccount() {
        let data = Self.data(wA: [-0.5, -0.5, -0.5], wB: [0, 0, 0])
        let cash = Self.run(data)
        #expect(Self.orders(cash).first == "t0 A -50 rejected")
        #expect(cash.orders.first?.reason == .shortNotAllowed)
        let margin = Self.run(data, account: AccountTerms(type: .margin))
        #expect(Self.orders(margin) == ["t0 A -50 filled"])
    }

    @Test func problemsNameTheirFields() {
        let data = Self.data(wA: [0.5], wB: [0.5])
        let configuration = BacktestConfiguration(
            initialCash: 1_000,
            strategy: .targetWeights(TargetWeightsParameters(weights: "wt", rebalanceEvery: 0, drift: -1)))
        let problems = Backtest.problems(data: data, context: nil, configuration: configuration)
        #expect(problems.map(\.field) == [.weights, .rebalanceEvery, .drift])
        #expect(problems.first?.message.contains("Did you mean \"w\"?") == true)
    }
}
