// The regime template, hand-worked on one asset (daily bars, open = close = 10, sig 0.9 on every
// bar) and a daily vix: "calm" (vix < 20) runs a threshold that enters above 0.8, "stressed" (vix
// >= 25) one that enters only above 0.95 (so never); vix between 20 and 25 is the band in which the
// current regime stays. Orders are listed as (decision bar, side, status).

import Testing

@testable import BacktestEngine

@Suite struct RegimeTemplateTests {
    static let vix: [Double] = [10, 10, 30, 22, 22, 10, 30, 30, 10, 10]

    static var data: MarketData {
        let bars = vix.indices.map {
            BarSpec(timestamp: Int64($0 + 1) * Fixtures.day, asset: 0, open: 10, close: 10, signals: [0.9])
        }
        return Fixtures.marketData(assets: ["A"], signalNames: ["sig"], bars: bars)
    }

    static var context: ContextSeries {
        ContextSeries(timestamps: vix.indices.map { Int64($0 + 1) * Fixtures.day }, names: ["vix"], columns: [vix])
    }

    static func threshold(entryAbove: Double) -> StrategySpec {
        .threshold(
            ThresholdParameters(signal: "sig", entryAbove: entryAbove, exitBelow: 0.4, sizing: .fixedQuantity(1)))
    }

    static func parameters(
        calm: String = "ctx.vix < 20", confirm: Int = 1, exit: Bool = false
    ) -> RegimeParameters {
        RegimeParameters(
            regimes: [
                Regime(name: "calm", when: calm, strategy: threshold(entryAbove: 0.8)),
                Regime(name: "stressed", when: "ctx.vix >= 25", strategy: threshold(entryAbove: 0.95)),
            ], confirmBars: confirm, exitOnSwitch: exit)
    }

    static func orders(_ p: RegimeParameters, vix: [Double] = vix) throws -> [String] {
        let configuration = BacktestConfiguration(initialCash: 1_000, strategy: .regime(p))
        let context = ContextSeries(
            timestamps: vix.indices.map { Int64($0 + 1) * Fixtures.day }, names: ["vix"], columns: [vix])
        let result = try Backtest(data: data, context: context, configuration: configuration).finish()
        return result.orders.map {
            "t\(Int($0.createdAt / Fixtures.day) - 1) \($0.side.rawValue) \($0.status.rawValue)"
        }
    }

    // Calm enters at t0; from t2 the stressed template runs and keeps the position (its exit level is
    // the same and sig stays high); nothing else trades.
    @Test func theCurrentRegimesTemplateDecides() throws {
        #expect(try Self.orders(Self.parameters()) == ["t0 buy filled"])
    }

    // With exit_on_switch: the switch at t2 closes the long (filled t3); t3 and t4 are in the band,
    // so stressed stays and never enters; the switches at t5 (calm), t6 (stressed) and t8 (calm)
    // decide nothing on their own bar; calm enters at t9 (the last bar: the order never fills).
    @Test func aSwitchMayCloseEverything() throws {
        #expect(try Self.orders(Self.parameters(exit: true)) == ["t0 buy filled", "t2 sell filled", "t9 buy expired"])
    }

    // Two closes to confirm: t2's 30 is followed by 22 (the band), which breaks the run; t6 and t7
    // confirm stressed at t7 (the long closes, filled t8); t8 and t9 confirm calm at t9.
    @Test func confirmationNeedsConsecutiveCloses() throws {
        #expect(try Self.orders(Self.parameters(confirm: 2, exit: true)) == ["t0 buy filled", "t7 sell filled"])
    }

    // Functions run over the bar timeline: calm is lag(ctx.vix, 1) < 20, i.e. on the lagged series
    // NaN, 10, 10, 30, 22, 22, 10, 30, 30, 10 it holds at t1, t2, t6 and t9, while stressed (the
    // unlagged vix >= 25) holds at t2, t6 and t7. Calm is current from t0 (enters) and holds at t2
    // and t6, so the first switch is at t7 (the long closes, filled t8); at t9 calm returns.
    @Test func conditionFunctionsRunOverBars() throws {
        #expect(
            try Self.orders(Self.parameters(calm: "lag(ctx.vix, 1) < 20", exit: true)) == [
                "t0 buy filled", "t7 sell filled",
            ])
    }

    // A regime's consecutive closes count every close on which its condition held, also while the
    // current regime's held too. Calm (vix < 20) and stressed (vix >= 15) overlap at t1's 17: stressed
    // holds at t1 and t2, so with two closes to confirm it becomes current at t2, when calm fails (the
    // long closes, filled t3); calm then holds at t3 and t4 and returns at t4, entering at t5. With a
    // third regime, each keeps its own count: at t1's 26 mid (20 <= vix < 30) and stressed (vix >= 25)
    // both hold, at t2's 31 stressed holds a second time, though mid, ahead of it, no longer does.
    @Test func confirmationCountsEveryCloseTheConditionHeld() throws {
        var overlapping = Self.parameters(confirm: 2, exit: true)
        overlapping.regimes[1].when = "ctx.vix >= 15"
        let expected = ["t0 buy filled", "t2 sell filled", "t5 buy filled"]
        #expect(try Self.orders(overlapping, vix: [10, 17, 22, 10, 10, 10, 10, 10, 10, 10]) == expected)
        var three = Self.parameters(calm: "ctx.vix < 12", confirm: 2, exit: true)
        three.regimes.insert(
            Regime(name: "mid", when: "ctx.vix >= 20 and ctx.vix < 30", strategy: Self.threshold(entryAbove: 0.95)),
            at: 1)
        #expect(try Self.orders(three, vix: [10, 26, 31, 10, 10, 10, 10, 10, 10, 10]) == expected)
    }

    @Test func problemsNameTheRegimeAndItsField() {
        var p = Self.parameters(calm: "vix < 20 and ctx.vx > 1")
        p.regimes[1].strategy = .threshold(
            ThresholdParameters(signal: "sgi", entryAbove: 0.9, exitBelow: 0.4))
        p.confirmBars = 0
        let configuration = BacktestConfiguration(initialCash: 1_000, strategy: .regime(p))
        let problems = Backtest.problems(data: Self.data, context: Self.context, configuration: configuration)
        #expect(problems.map(\.field) == [.regimeConfirmBars, .regimeCondition(0), .regime(1, .signal)])
        #expect(problems[1].message.contains("reads only context columns"))
        #expect(problems[2].message.contains("Did you mean \"sig\"?"))

        let nested = BacktestConfiguration(
            initialCash: 1_000,
            strategy: .regime(
                RegimeParameters(regimes: [
                    Regime(name: "a", when: "ctx.vix < 20", strategy: Self.threshold(entryAbove: 0.8)),
                    Regime(name: "b", when: "ctx.vix > 20", strategy: .regime(Self.parameters())),
                ])))
        #expect(
            Backtest.problems(data: Self.data, context: Self.context, configuration: nested).map(\.field) == [
                .regime(1, .regimes)
            ])
        let single = BacktestConfiguration(
            initialCash: 1_000,
            strategy: .regime(RegimeParameters(regimes: [Self.parameters().regimes[0]])))
        #expect(
            Backtest.problems(data: Self.data, context: Self.context, configuration: single).map(\.field) == [.regimes])
    }
}
