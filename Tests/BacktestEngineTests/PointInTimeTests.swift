// Point in time, hand-worked: context joined per column with an availability lag, signal datasets
// merged by when each value became known (revisions, late arrivals, retractions), signals delayed by
// an asset's own bars; and, on random data for both templates, that changing the signals of one
// timestamp changes no fill at or before it.

import BacktestFixtures
import Testing

@testable import BacktestEngine

@Suite struct PointInTimeTests {
    // Context rows at 100 (vix 30, trend 1), 200 (vix blank, trend 2), 300 (vix 10, trend blank).
    // Per column: a blank cell keeps the column's earlier value in force.
    @Test func contextIsJoinedPerColumn() {
        let timestamps: [Int64] = [100, 200, 300]
        let bars: [Int64] = [50, 100, 250, 300, 400]
        let vix = PointInTime.contextColumn(
            [30, .nan, 10], contextTimestamps: timestamps, barTimestamps: bars, availableAfter: 0)
        let trend = PointInTime.contextColumn(
            [1, 2, .nan], contextTimestamps: timestamps, barTimestamps: bars, availableAfter: 0)
        #expect(vix.map(Self.shown) == ["-", "30", "30", "10", "10"])
        #expect(trend.map(Self.shown) == ["-", "1", "2", "2", "2"])
    }

    // A day-end value stamped with its date (midnight) reaches that day's intraday bars without a
    // lag, and only the next day's with `available_after` one day.
    @Test func availableAfterKeepsDayEndValuesOutOfTheirOwnDay() {
        let day = Fixtures.day
        let context: [Int64] = [day, 2 * day] // values 11 and 22, known at the end of their days
        let intraday: [Int64] = [day + 3_600, day + 7_200, 2 * day + 3_600, 3 * day + 3_600]
        let leaky = PointInTime.contextColumn(
            [11, 22], contextTimestamps: context, barTimestamps: intraday, availableAfter: 0)
        #expect(leaky.map(Self.shown) == ["11", "11", "22", "22"])
        let lagged = PointInTime.contextColumn(
            [11, 22], contextTimestamps: context, barTimestamps: intraday, availableAfter: day)
        #expect(lagged.map(Self.shown) == ["-", "-", "11", "22"])
    }

    // Bars of A and B at 100…500. Rows of "p" (timestamp, asset, available_at, value):
    //   (100, A, 100, 1)   known at once
    //   (200, A, 400, 2)   about 200 but known at 400
    //   (300, A, 300, 3)   known at 300, newer than the 200 one: at 400 the late 200 value is older
    //                      and is not used
    //   (300, A, 500, 33)  a revision of the 300 value, from 500 on
    //   (100, B, 100, 7), (200, B, 200, NaN)  B's model withdraws its view at 200
    //   (100, C, 100, 9)   an asset the bars lack: ignored
    @Test func signalDatasetsMergeByWhenEachValueWasKnown() {
        let series = SignalSeries(
            assets: ["A", "B", "C"], names: ["p"], name: [0, 0, 0, 0, 0, 0, 0], asset: [0, 0, 0, 0, 1, 1, 2],
            timestamp: [100, 200, 300, 300, 100, 200, 100], availableAt: [100, 400, 300, 500, 100, 200, 100],
            value: [1, 2, 3, 33, 7, .nan, 9])
        let data = Self.twoAssets(bars: 5)
        let merged = PointInTime.signalColumn(series, name: 0, onto: data)
        // Rows alternate A, B per timestamp.
        let a = stride(from: 0, to: merged.count, by: 2).map { Self.shown(merged[$0]) }
        let b = stride(from: 1, to: merged.count, by: 2).map { Self.shown(merged[$0]) }
        #expect(a == ["1", "1", "3", "3", "33"])
        #expect(b == ["7", "-", "-", "-", "-"])
    }

    // Asset B skips the bar at 300: a delay counts each asset's own bars, so B's row at 400 reads
    // its value at 200, not a bar it never had.
    @Test func aDelayCountsTheAssetsOwnBars() {
        let bars = [
            BarSpec(timestamp: 100, asset: 0, open: 10, close: 10, signals: [1]),
            BarSpec(timestamp: 100, asset: 1, open: 10, close: 10, signals: [10]),
            BarSpec(timestamp: 200, asset: 0, open: 10, close: 10, signals: [2]),
            BarSpec(timestamp: 200, asset: 1, open: 10, close: 10, signals: [20]),
            BarSpec(timestamp: 300, asset: 0, open: 10, close: 10, signals: [3]),
            BarSpec(timestamp: 400, asset: 0, open: 10, close: 10, signals: [4]),
            BarSpec(timestamp: 400, asset: 1, open: 10, close: 10, signals: [40]),
        ]
        let data = Fixtures.marketData(assets: ["A", "B"], signalNames: ["s"], bars: bars)
        #expect(
            PointInTime.delayed(data.signals[0], by: 1, in: data).map(Self.shown) == [
                "-", "-", "1", "10", "2", "3", "20",
            ])
        #expect(
            PointInTime.delayed(data.signals[0], by: 2, in: data).map(Self.shown) == [
                "-", "-", "-", "-", "1", "2", "10",
            ])
    }

    // The canonical threshold run gives the same fills whether ml_pred is a column of the bars or a
    // signal dataset known at each timestamp.
    @Test func aSignalDatasetKnownAtOnceEqualsTheEmbeddedColumn() throws {
        let data = RandomData.make(assets: 4, bars: 300, seed: 11)
        let series = Self.series(from: data, names: ["ml_pred"])
        let stripped = Self.dropping(["ml_pred"], from: data)
        let embedded = Fixtures.run(data, RandomData.canonical())
        let merged = try Backtest(
            data: stripped, context: nil, signals: [series], configuration: RandomData.canonical()
        )
        .finish()
        #expect(!embedded.fills.isEmpty)
        #expect(merged.fills == embedded.fills)
        #expect(merged.metrics.finalEquity == embedded.metrics.finalEquity)
    }

    // `signal_delay_bars` 1 on dense data equals the signals shifted one bar by hand.
    @Test func signalDelayEqualsSignalsShiftedByHand() throws {
        let data = RandomData.make(assets: 3, bars: 200, seed: 5)
        var configuration = RandomData.canonical()
        configuration.signalDelayBars = 1
        let delayed = Fixtures.run(data, configuration)
        let assets = data.assets.count
        let shifted = data.signals.map { column in
            column.indices.map { $0 < assets ? Double.nan : column[$0 - assets] }
        }
        let byHand = MarketData(
            assets: data.assets, timestamps: data.timestamps, rowStart: data.rowStart, asset: data.asset,
            open: data.open, high: data.high, low: data.low, close: data.close, volume: data.volume,
            signalNames: data.signalNames, signals: shifted)
        let expected = Fixtures.run(byHand, RandomData.canonical())
        #expect(!expected.fills.isEmpty)
        #expect(delayed.fills == expected.fills)
        #expect(delayed.fills != Fixtures.run(data, RandomData.canonical()).fills)
    }

    // A name held by the bars and by a signal dataset is refused in a threshold spec and in a rule.
    @Test func aNameInTheBarsAndASignalDatasetIsRefused() {
        let data = RandomData.make(assets: 2, bars: 20, seed: 3)
        let series = Self.series(from: data, names: ["ml_pred"])
        let problems = Backtest.problems(
            data: data, context: nil, signals: [series], configuration: RandomData.canonical())
        #expect(problems.map(\.code) == [ConfigurationError.ambiguousColumn])
        #expect(problems.first?.field == .signal)
        let rules = BacktestConfiguration(
            initialCash: 1_000, strategy: .rules(RulesParameters(entry: "close > 0 and ml_pred > 0.5")))
        let ruleProblems = Backtest.problems(data: data, context: nil, signals: [series], configuration: rules)
        #expect(ruleProblems.map(\.code) == [ConfigurationError.ambiguousColumn])
        #expect(ruleProblems.first?.message.hasPrefix("at character 15:") == true)
    }

    @Test func delayAndLagAreBounded() {
        let data = RandomData.make(assets: 1, bars: 5, seed: 1)
        var configuration = RandomData.canonical()
        configuration.signalDelayBars = -1
        configuration.contextAvailableAfter = 400 * 86_400
        let fields = Backtest.problems(data: data, context: nil, configuration: configuration).map(\.field)
        #expect(fields == [.signalDelayBars, .contextAvailableAfter])
    }

    // Changing every signal value at one timestamp changes no fill at or before it (a fill at `t`
    // is decided at `t - 1`), for each template, through embedded columns and a signal dataset.
    @Test(arguments: [0, 1, 2, 3, 4, 5, 6])
    func changingSignalsAtOneTimestampChangesNoEarlierFill(template: Int) throws {
        let data = RandomData.make(assets: 5, bars: 400, seed: 21)
        let configuration = Self.template(template)
        let context = Self.context(for: data)
        let base = try Backtest(data: data, context: context, configuration: configuration).finish()
        var changedLater = 0
        for bar in [50, 200, 333] {
            let cut = data.timestamps[bar]
            var signals = data.signals
            for k in signals.indices {
                // Every signal high: flat assets want in, and no exit condition of these templates holds.
                for row in data.rowStart[bar]..<data.rowStart[bar + 1] { signals[k][row] = 0.99 }
            }
            let changed = MarketData(
                assets: data.assets, timestamps: data.timestamps, rowStart: data.rowStart, asset: data.asset,
                open: data.open, high: data.high, low: data.low, close: data.close, volume: data.volume,
                signalNames: data.signalNames, signals: signals)
            let after = try Backtest(data: changed, context: context, configuration: configuration).finish()
            #expect(after.fills.filter { $0.timestamp <= cut } == base.fills.filter { $0.timestamp <= cut })
            if after.fills != base.fills { changedLater += 1 }
            // The same through a signal dataset known at once.
            let viaSeries = try Backtest(
                data: Self.dropping(data.signalNames, from: data), context: context,
                signals: [Self.series(from: changed, names: data.signalNames)], configuration: configuration
            ).finish()
            #expect(viaSeries.fills == after.fills)
        }
        // The changes matter after their timestamp, so the check above is not vacuous.
        #expect(changedLater > 0)
    }

    // A value whose `available_at` is later than its timestamp is not used before then: the
    // strategy enters at the first bar at or after `available_at`, never earlier.
    @Test func aValueIsNotUsedBeforeItIsAvailable() throws {
        let data = Self.twoAssets(bars: 6)
        let stripped = Self.dropping(["sig"], from: data)
        // A's entry signal is about bar 200 but known only at 450: the first bar that sees it is 500.
        let series = SignalSeries(
            assets: ["A"], names: ["sig"], name: [0, 0], asset: [0, 0], timestamp: [100, 200],
            availableAt: [100, 450], value: [0.5, 0.9])
        let configuration = Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(1))
        let result = try Backtest(data: stripped, context: nil, signals: [series], configuration: configuration)
            .finish()
        #expect(result.orders.map(\.createdAt) == [500])
        #expect(result.fills.map(\.timestamp) == [600])
    }

    /// A market-wide series for the regime template: one value per bar, 10 and 30 in runs of 40 bars.
    static func context(for data: MarketData) -> ContextSeries {
        ContextSeries(
            timestamps: data.timestamps, names: ["vix"],
            columns: [data.timestamps.indices.map { ($0 / 40) % 2 == 0 ? 10 : 30 }])
    }

    // Templates exercised by the point-in-time property: threshold, threshold with a short side,
    // rules with a rolling function, rules reading the position, target weights (ml_pred of
    // equity each, so cash binds), a regime switching between a threshold and rules, top_k.
    static func template(_ k: Int) -> BacktestConfiguration {
        switch k {
        case 4:
            var c = RandomData.canonical()
            c.strategy = .targetWeights(TargetWeightsParameters(weights: "ml_pred", rebalanceEvery: 7, drift: 0.05))
            return c
        case 5:
            var c = RandomData.canonical()
            c.strategy = .regime(
                RegimeParameters(
                    regimes: [
                        Regime(name: "calm", when: "ctx.vix < 20", strategy: RandomData.canonical().strategy),
                        Regime(
                            name: "stressed", when: "ctx.vix >= 25",
                            strategy: .rules(RulesParameters(entry: "ml_pred > 0.9", exit: "ml_pred < 0.5"))),
                    ], exitOnSwitch: true))
            return c
        case 6:
            var c = RandomData.canonical()
            c.strategy = .topK(TopKParameters(signal: "ml_pred", k: 2, rebalance: .everyBars(3)))
            return c
        case 0: return RandomData.canonical()
        case 1:
            var c = RandomData.canonical()
            c.account = AccountTerms(type: .margin)
            c.strategy = .threshold(
                ThresholdParameters(
                    signal: "ml_pred", entryAbove: 0.8, exitBelow: 0.4, sizing: .equalInitial(fraction: 0.5),
                    shortBelow: 0.2, coverAbove: 0.6))
            return c
        case 2:
            var c = RandomData.canonical()
            c.strategy = .rules(
                RulesParameters(entry: "sma(ml_pred, 5) > 0.55 and confidence > 0.5", exit: "ml_pred < 0.4"))
            return c
        default:
            var c = RandomData.canonical()
            c.strategy = .rules(RulesParameters(entry: "ml_pred > 0.7", exit: "bars_held >= 3 and ml_pred < 0.6"))
            return c
        }
    }

    /// Two assets A and B, bars at 100, 200, …; signal "sig" 0 everywhere.
    static func twoAssets(bars: Int) -> MarketData {
        let specs = (0..<bars).flatMap { t in
            (0..<2).map { a in
                BarSpec(timestamp: Int64(t + 1) * 100, asset: a, open: 10, close: 10, signals: [0])
            }
        }
        return Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: specs)
    }

    /// `names` of `data` as a signal dataset, each value known at its own timestamp.
    static func series(from data: MarketData, names: [String]) -> SignalSeries {
        let sortedNames = names.sorted()
        var name: [Int32] = []
        var asset: [Int32] = []
        var timestamp: [Int64] = []
        var value: [Double] = []
        for (n, signal) in sortedNames.enumerated() {
            let k = data.signalIndex(named: signal)!
            for a in data.assets.indices {
                for t in data.timestamps.indices {
                    for row in data.rowStart[t]..<data.rowStart[t + 1] where Int(data.asset[row]) == a {
                        name.append(Int32(n))
                        asset.append(Int32(a))
                        timestamp.append(data.timestamps[t])
                        value.append(data.signals[k][row])
                    }
                }
            }
        }
        return SignalSeries(
            assets: data.assets, names: sortedNames, name: name, asset: asset, timestamp: timestamp,
            availableAt: timestamp, value: value)
    }

    /// `data` without the signal columns `names`.
    static func dropping(_ names: [String], from data: MarketData) -> MarketData {
        let kept = data.signalNames.indices.filter { !names.contains(data.signalNames[$0]) }
        return MarketData(
            assets: data.assets, timestamps: data.timestamps, rowStart: data.rowStart, asset: data.asset,
            open: data.open, high: data.high, low: data.low, close: data.close, volume: data.volume,
            signalNames: kept.map { data.signalNames[$0] }, signals: kept.map { data.signals[$0] })
    }

    static func shown(_ x: Double) -> String { x.isNaN ? "-" : x == x.rounded() ? String(Int(x)) : "\(x)" }
}
