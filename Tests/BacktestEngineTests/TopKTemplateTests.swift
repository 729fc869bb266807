// The top_k template on hand-worked cases: the equal-weight long case of the issue step by step,
// ties and missing signals, cash binding (sells before buys, a buy rejected whole), each option
// (rank_buffer, signal and inverse-volatility weights, max_weight, short_k), the calendar schedule,
// validation, and point in time. Every expected number is worked out in the comments.

import Testing

@testable import BacktestEngine

@Suite struct TopKTemplateTests {
    /// Daily bars from day 1; `closes[t][a]`, `signals[t][a]`; each bar opens at the previous close
    /// (the first at its own close) unless `opens` says otherwise.
    static func data(
        closes: [[Double]], signals: [[Double]], opens: [[Double]]? = nil, timestamps: [Int64]? = nil
    ) -> MarketData {
        let names = (0..<closes[0].count).map { String(UnicodeScalar(UInt8(65 + $0))) }
        var bars: [BarSpec] = []
        for t in closes.indices {
            for a in names.indices {
                let open = opens?[t][a] ?? closes[max(t - 1, 0)][a]
                bars.append(
                    BarSpec(
                        timestamp: timestamps?[t] ?? Int64(t + 1) * Fixtures.day, asset: a, open: open,
                        close: closes[t][a], signals: [signals[t][a]]))
            }
        }
        return Fixtures.marketData(assets: names, signalNames: ["sig"], bars: bars)
    }

    static func configuration(
        _ p: TopKParameters, cash: Double = 10_000, commission: Double = 0, account: AccountTerms = .cash
    ) -> BacktestConfiguration {
        BacktestConfiguration(
            initialCash: cash, commission: .percent(rate: commission), strategy: .topK(p), account: account)
    }

    static func topK(
        k: Int, every: Int = 1, weighting: TopKWeighting = .equal, fraction: Double, shortK: Int? = nil,
        rankBuffer: Int = 0, maxWeight: Double? = nil
    ) -> TopKParameters {
        TopKParameters(
            signal: "sig", k: k, rebalance: .everyBars(every), weighting: weighting, fraction: fraction,
            shortK: shortK, rankBuffer: rankBuffer, maxWeight: maxWeight)
    }

    /// (bar of the order's creation, asset, side, quantity) of every order, in creation order.
    static func orders(_ r: BacktestResult) -> [String] {
        r.orders.map { "\($0.createdAt / Fixtures.day - 1) \(r.assets[Int($0.asset)]) \($0.side) \(Int($0.quantity))" }
    }

    // k = 2 every 2 bars, 90 % of equity, cash 10,000, no commission; assets A, B, C.
    // t0 close 10/20/50, sig .9/.5/.7: ranked A, C, B; E = 10,000; each of A, C gets
    //    floor(0.9 × 10,000 / 2 / close) = 450 A, 90 C. They fill at t1's open (the t0 closes): cash 1,000.
    // t2 close 12/20/40, sig .1/.8/.6: ranked B, C, A; E = 1,000 + 450 × 12 + 90 × 40 = 10,000;
    //    targets B floor(4,500 / 20) = 225, C floor(4,500 / 40) = 112 (+22), A 0 (−450).
    // t3 (open 12/20/40): sell A 450 first (+5,400 = 6,400), then buy B 225 (4,500), C 22 (880): 1,020.
    // t4 (the last bar) rebalances again, all signals tied at .5: ranked A, B (ascending asset);
    //    A floor(4,500 / 12) = 375, B stays 225, C 0: two orders that never fill.
    @Test func equalWeightLongCaseStepByStep() {
        let data = Self.data(
            closes: [[10, 20, 50], [10, 20, 50], [12, 20, 40], [12, 20, 40], [12, 20, 40]],
            signals: [[0.9, 0.5, 0.7], [0.5, 0.5, 0.5], [0.1, 0.8, 0.6], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]])
        let r = Fixtures.run(data, Self.configuration(Self.topK(k: 2, every: 2, fraction: 0.9)))
        #expect(
            Self.orders(r) == [
                "0 A buy 450", "0 C buy 90", "2 A sell 450", "2 B buy 225", "2 C buy 22", "4 A buy 375",
                "4 C sell 112",
            ])
        #expect(r.orders.map(\.status) == [.filled, .filled, .filled, .filled, .filled, .expired, .expired])
        #expect(r.fills.map(\.price) == [10, 50, 12, 20, 40])
        #expect(r.fills.map { $0.timestamp / Fixtures.day - 1 } == [1, 1, 3, 3, 3])
        #expect(r.equity.map(\.cash) == [10_000, 1_000, 1_000, 1_020, 1_020])
        #expect(r.equity.map(\.equity) == [10_000, 10_000, 10_000, 10_000, 10_000])
    }

    // Missing signals are not candidates; ties go to the lower asset. k = 2, prices 10, 50 % of
    // 10,000: each chosen asset gets floor(2,500 / 10) = 250.
    @Test(arguments: [
        ([Double.nan, 0.5, 0.5, 0.4], ["B", "C"]), ([0.5, .nan, 0.5, 0.5], ["A", "C"]),
        ([-0.0, 0.0, .infinity, -1], ["A", "B"]), ([.nan, .nan, .nan, 0.2], ["D"]),
    ])
    func missingSignalsAreSkippedAndTiesGoToTheLowerAsset(signals: [Double], chosen: [String]) {
        let data = Self.data(closes: [[10, 10, 10, 10], [10, 10, 10, 10]], signals: [signals, signals])
        let r = Fixtures.run(data, Self.configuration(Self.topK(k: 2, every: 2, fraction: 0.5)))
        #expect(Self.orders(r) == chosen.map { "0 \($0) buy 250" })
    }

    // 100 % of equity with 0.1 % commission: k = 1, close 10, target floor(10,000 / 10) = 1,000; the
    // fill costs 10,000 + 10 > 10,000, so it is rejected whole (not resized to what cash pays).
    @Test func aBuyThatCannotPayItsCommissionIsRejectedWhole() {
        let data = Self.data(closes: [[10], [10]], signals: [[1], [1]])
        let r = Fixtures.run(data, Self.configuration(Self.topK(k: 1, every: 2, fraction: 1), commission: 0.001))
        #expect(Self.orders(r) == ["0 A buy 1000"])
        #expect(r.orders[0].status == .rejected && r.orders[0].reason == .insufficientCash)
        #expect(r.fills.isEmpty && r.metrics.rejections == 1)
    }

    // k = 1 every bar, 75 %, 0.1 % commission, prices 10, cash 10,000.
    // t0 sig A .1, B .9: B floor(7,500 / 10) = 750; fills at t1 for 7,500 + 7.5: cash 2,492.5.
    // t1 sig A .9, B .1: E = 2,492.5 + 7,500 = 9,992.5, A floor(0.75 × 9,992.5 / 10) = 749, B 0.
    // t2: sell B first (+7,500 − 7.5: cash 9,985), then buy A (7,490 + 7.49): cash 2,487.51. In plain
    //     ascending asset order the buy of A (7,497.49) would meet 2,492.5 and be rejected.
    @Test func theRebalancesSellsFundItsBuys() {
        let data = Self.data(
            closes: [[10, 10], [10, 10], [10, 10]], signals: [[0.1, 0.9], [0.9, 0.1], [0.9, 0.1]])
        let r = Fixtures.run(data, Self.configuration(Self.topK(k: 1, fraction: 0.75), commission: 0.001))
        // (t2, the last bar, rebalances too: A to floor(0.75 × 9,977.51 / 10) = 748, never filled.)
        #expect(Self.orders(r) == ["0 B buy 750", "1 A buy 749", "1 B sell 750", "2 A sell 1"])
        #expect(r.orders.map(\.status) == [.filled, .filled, .filled, .expired])
        #expect(r.fills.map(\.side) == [.buy, .sell, .buy])
        #expect(isClose(r.equity[2].cash, 2_487.51, tolerance: 1e-12))
    }

    // k = 1, rank_buffer 1, every bar, prices 10, 50 %: the holding gets floor(5,000 / 10) = 500.
    // t0 A .9 B .8 C .1: buy A. t1 A .8 B .9: A is second, within 1 + 1, and stays (no order).
    // t2 A .7 B .9 C .8: A is third and goes; B, the best of the rest, comes in.
    @Test(arguments: [
        (1, ["0 A buy 500", "2 A sell 500", "2 B buy 500"]), (0, ["0 A buy 500", "1 A sell 500", "1 B buy 500"]),
    ])
    func aHeldAssetStaysWithinTheRankBuffer(buffer: Int, expected: [String]) {
        let data = Self.data(
            closes: [[10, 10, 10], [10, 10, 10], [10, 10, 10], [10, 10, 10]],
            signals: [[0.9, 0.8, 0.1], [0.8, 0.9, 0.1], [0.7, 0.9, 0.8], [0.7, 0.9, 0.8]])
        let r = Fixtures.run(data, Self.configuration(Self.topK(k: 1, fraction: 0.5, rankBuffer: buffer)))
        #expect(Self.orders(r) == expected)
    }

    // Signal weights, k = 3, 100 % of 10,000, prices 10: A .75, B .25, C −.5 are chosen, C (not above
    // 0) gets no weight, the sum is 1: A floor(7,500 / 10) = 750, B 250. With max_weight 0.5, A is cut
    // to 5,000 (500 shares) and the rest stays cash; B is under the cap.
    @Test(arguments: [(nil, ["0 A buy 750", "0 B buy 250"]), (0.5, ["0 A buy 500", "0 B buy 250"])])
    func signalWeightsAndTheCap(maxWeight: Double?, expected: [String]) {
        let signals: [Double] = [0.75, 0.25, -0.5, -1]
        let data = Self.data(closes: [[10, 10, 10, 10], [10, 10, 10, 10]], signals: [signals, signals])
        let p = Self.topK(k: 3, every: 2, weighting: .signal, fraction: 1, maxWeight: maxWeight)
        #expect(Self.orders(Fixtures.run(data, Self.configuration(p))) == expected)
    }

    // Inverse-volatility weights over 2 returns. A closes 100, 110, 99 (returns .1, −.1: σ = √0.02),
    // B 100, 105, 99.75 (returns .05, −.05: σ = √0.005, half A's). Bars 0 and 1 have no σ yet, so no
    // candidates and no orders. At t2, weights 1/3 and 2/3 of 10,000: A floor(3,333.3 / 99) = 33,
    // B floor(6,666.7 / 99.75) = 66.
    @Test func inverseVolatilityWeights() {
        let data = Self.data(
            closes: [[100, 100], [110, 105], [99, 99.75], [99, 99.75]],
            signals: [[0.9, 0.8], [0.9, 0.8], [0.9, 0.8], [0.9, 0.8]])
        let p = Self.topK(k: 2, every: 1, weighting: .inverseVolatility(lookback: 2), fraction: 1)
        let r = Fixtures.run(data, Self.configuration(p))
        #expect(Self.orders(r).prefix(2) == ["2 A buy 33", "2 B buy 66"])
    }

    // Margin account, k = 1, short_k = 1, 50 % per side, prices 10: the long gets floor(5,000 / 10) =
    // 500, the short −500. At t1 the short sale (a sell) fills before the buy.
    @Test(arguments: [
        ([0.9, 0.5, 0.4, 0.1], ["0 A buy 500", "0 D sell 500"]),
        // Ties among the lowest go to the lower asset, as on the long side.
        ([0.9, 0.1, 0.1, 0.1], ["0 A buy 500", "0 B sell 500"]),
    ])
    func shortsTakeTheBottom(signals: [Double], expected: [String]) {
        let data = Self.data(closes: [[10, 10, 10, 10], [10, 10, 10, 10]], signals: [signals, signals])
        let p = Self.topK(k: 1, every: 2, fraction: 0.5, shortK: 1)
        let r = Fixtures.run(data, Self.configuration(p, account: AccountTerms(type: .margin)))
        #expect(Self.orders(r) == expected)
        #expect(r.fills.map(\.side) == [.sell, .buy])
    }

    // Fewer candidates than k + short_k: the longs are chosen first and the shorts come from the rest.
    // k = 2, short_k = 2 on three assets: A and B long, C short. A held short that moves into the top
    // k is bought back and turned long in one order.
    @Test func longsAreChosenFirst() {
        let data = Self.data(
            closes: [[10, 10, 10], [10, 10, 10], [10, 10, 10]],
            signals: [[0.9, 0.5, 0.1], [0.1, 0.5, 0.9], [0, 0, 0]])
        let p = Self.topK(k: 2, fraction: 0.5, shortK: 2)
        let r = Fixtures.run(data, Self.configuration(p, account: AccountTerms(type: .margin)))
        // t0: A, B 250 each; C −250 (50 % / 2 = 2,500 a side each). t1: C best, A worst: A 250 → −250
        // (sell 500), C −250 → 250 (buy 500), B unchanged.
        #expect(
            Self.orders(r).prefix(5) == ["0 A buy 250", "0 B buy 250", "0 C sell 250", "1 A sell 500", "1 C buy 500"])
    }

    // Position rules and a trim. k = 1 every bar, 50 %, stop-loss 50 % below the entry price.
    // t0 close 10: buy 500, filled at t1's open 10; the stop (level 5) is placed then.
    // t1 close 20: E = 5,000 + 10,000, target floor(7,500 / 20) = 375: sell 125, which (like any
    //    exit decided on a close) cancels the position's rules.
    // t3 opens 20 and trades down to 4, through the old level: nothing fills there.
    @Test func aTrimCancelsThePositionsRules() {
        let data = Self.data(closes: [[10], [20], [20], [4]], signals: [[1], [1], [1], [1]])
        var c = Self.configuration(Self.topK(k: 1, fraction: 0.5))
        c.risk = PositionRules(stopLoss: 0.5)
        let r = Fixtures.run(data, c)
        #expect(Self.orders(r).prefix(3) == ["0 A buy 500", "1 A sell 500", "1 A sell 125"])
        #expect(r.orders[1].purpose == .stopLoss && r.orders[1].status == .cancelled)
        #expect(r.orders[1].reason == .exitDecided)
        #expect(r.fills.map(\.quantity) == [500, 125])
    }

    @Test func validationNamesEachField() {
        let data = Self.data(closes: [[10, 10]], signals: [[0.5, 0.5]])
        let context = ContextSeries(timestamps: [Fixtures.day], names: ["vix"], columns: [[20]])
        var p = TopKParameters(
            signal: "vix", k: 0, rebalance: .everyBars(0), weighting: .inverseVolatility(lookback: 1), fraction: 0,
            shortK: 2, rankBuffer: -1, maxWeight: .nan)
        let problems = Backtest.problems(data: data, context: context, configuration: Self.configuration(p))
        #expect(
            problems.map(\.field) == [
                .signal, .topK(.k), .topK(.rebalanceEvery), .topK(.volLookback), .topK(.fraction), .topK(.shortK),
                .topK(.rankBuffer), .topK(.maxWeight),
            ])
        #expect(problems[0].message.contains("context column"))
        #expect(problems[5].message.contains("margin"))
        p = Self.topK(k: 1, fraction: 1, shortK: 0)
        p.signal = "sgi"
        let more = Backtest.problems(
            data: data, context: nil, configuration: Self.configuration(p, account: AccountTerms(type: .margin)))
        #expect(more.map(\.field) == [.signal, .topK(.shortK)])
        #expect(more[0].code == ConfigurationError.unknownColumn && more[0].message.contains("Did you mean \"sig\"?"))
    }
}
