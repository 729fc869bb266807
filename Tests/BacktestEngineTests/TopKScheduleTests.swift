// When top_k rebalances (every n bars, or the first bar of each UTC day, ISO week or month, worked
// out by hand from the calendar), and point in time: changing the signal (or, for inverse-volatility
// weights, the closes) on one bar changes no fill at or before that bar.

import BacktestFixtures
import Testing

@testable import BacktestEngine

@Suite struct TopKScheduleTests {
    // 2020-01-02 Thu 14:30 and 20:59, 01-03 Fri 14:30, 01-05 Sun, 01-06 Mon, 01-31 Fri 23:59,
    // 02-01 Sat, 02-03 Mon (ISO weeks 1, 1, 1, 1, 2, 5, 5, 6).
    static let stamps: [Int64] = [
        1_577_975_400, 1_577_998_740, 1_578_061_800, 1_578_182_400, 1_578_268_800, 1_580_515_140, 1_580_515_200,
        1_580_688_000,
    ]
    // 1969-12-28 Sun 12:00, 12-29 Mon, 12-31 Wed 23:00, 1970-01-01 Thu 01:00, 01-05 Mon: before the
    // epoch days and weeks must round down, and 12-29 ... 01-04 is one ISO week.
    static let aroundEpoch: [Int64] = [-302_400, -259_200, -3_600, 3_600, 345_600]

    @Test(arguments: [
        (RebalanceSchedule.calendar(.day), [1, 0, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1]),
        (.calendar(.week), [1, 0, 0, 0, 1, 1, 0, 1], [1, 1, 0, 0, 1]),
        (.calendar(.month), [1, 0, 0, 0, 0, 0, 1, 0], [1, 0, 0, 1, 0]),
        (.everyBars(3), [1, 0, 0, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0]),
        (.everyBars(1), [1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1]),
    ])
    func rebalanceBars(_ schedule: RebalanceSchedule, expected: [Int], aroundEpoch: [Int]) {
        #expect(schedule.bars(timestamps: Self.stamps) == expected.map { $0 == 1 })
        #expect(schedule.bars(timestamps: Self.aroundEpoch) == aroundEpoch.map { $0 == 1 })
    }

    // Ten weekdays from Thu 2020-01-02 (day 18,263); the favoured asset changes on most bars, so
    // every bar would trade. Weekly: orders are decided on Thu 01-02 (bar 0: A), Mon 01-06 (bar 2: B)
    // and Mon 01-13 (bar 7: A) only.
    @Test func weeklyRebalancesTradeOnTheFirstBarOfEachWeek() {
        let days: [Int64] = [2, 3, 6, 7, 8, 9, 10, 13, 14, 15].map { (18_261 + $0) * 86_400 }
        let closes = [[Double]](repeating: [10, 10], count: days.count)
        let signals = "ABBABABABA".map { $0 == "A" ? [0.9, 0.1] : [0.1, 0.9] }
        let data = TopKTemplateTests.data(closes: closes, signals: signals, timestamps: days)
        let p = TopKParameters(signal: "sig", k: 1, rebalance: .calendar(.week), fraction: 0.5)
        let r = Fixtures.run(data, TopKTemplateTests.configuration(p))
        #expect(Set(r.orders.map(\.createdAt)) == [days[0], days[2], days[7]])
        #expect(r.orders.count == 5) // buy A; sell A, buy B (bar 2 flips to B); sell B, buy A
    }

    static let data = RandomData.make(assets: 20, bars: 300, seed: 5)

    /// `data` with the signal (and, with `closes`, the close) of every row of bar `t` replaced.
    static func perturbed(at t: Int, seed: UInt64, closes: Bool) -> MarketData {
        let d = data
        var rng = SplitMix64(seed: seed)
        var pred = d.signals[0]
        var close = d.close
        var (high, low) = (d.high, d.low)
        for row in d.rowStart[t]..<d.rowStart[t + 1] {
            pred[row] = rng.unit()
            if closes {
                close[row] = RandomData.cents(close[row] * (0.9 + 0.2 * rng.unit()))
                high[row] = max(high[row], close[row])
                low[row] = min(low[row], close[row])
            }
        }
        return MarketData(
            assets: d.assets, timestamps: d.timestamps, rowStart: d.rowStart, asset: d.asset, open: d.open,
            high: high, low: low, close: close, volume: d.volume, signalNames: d.signalNames,
            signals: [pred, d.signals[1]])
    }

    static let pointInTimeCases: [(String, TopKParameters, AccountTerms)] = [
        ("equal, every 7", TopKParameters(signal: "ml_pred", k: 5, rebalance: .everyBars(7)), .cash),
        (
            "signal weights, shorts, buffer, cap, daily",
            TopKParameters(
                signal: "ml_pred", k: 4, rebalance: .calendar(.day), weighting: .signal, fraction: 0.5, shortK: 3,
                rankBuffer: 2, maxWeight: 0.1), AccountTerms(type: .margin)
        ),
        (
            "inverse volatility, every bar",
            TopKParameters(
                signal: "ml_pred", k: 6, rebalance: .everyBars(1), weighting: .inverseVolatility(lookback: 10)),
            .cash
        ),
    ]

    @Test(arguments: pointInTimeCases.indices)
    func changingOneBarChangesNoFillAtOrBeforeIt(_ index: Int) {
        let (_, p, account) = Self.pointInTimeCases[index]
        let configuration = TopKTemplateTests.configuration(p, cash: 1_000_000, commission: 0.001, account: account)
        let base = Fixtures.run(Self.data, configuration)
        #expect(base.fills.count > 40)
        // Rebalance bars (where a change matters at once) and bars between them.
        let flags = p.rebalance.bars(timestamps: Self.data.timestamps)
        let rebalances = flags.indices.filter { flags[$0] && $0 >= 40 }
        var changedLater = 0
        for (i, t) in [rebalances[0], rebalances[5], 150, 231].enumerated() {
            let data = Self.perturbed(at: t, seed: UInt64(100 + i), closes: p.weighting != .equal)
            let result = Fixtures.run(data, configuration)
            let stamp = Self.data.timestamps[t]
            #expect(result.fills.filter { $0.timestamp <= stamp } == base.fills.filter { $0.timestamp <= stamp })
            if result.fills != base.fills { changedLater += 1 }
        }
        #expect(changedLater >= 2, "the perturbed bars must matter to later fills")
    }
}
