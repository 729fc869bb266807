// The analytics beyond the summary, by hand: per-asset attribution reconciles with the equity,
// calendar returns compound by session date, the rolling Sharpe ratio, a benchmark read from an
// asset or a context column, and validation of the analytics settings.
import Testing

@testable import BacktestEngine

@Suite struct AnalyticsTests {
    /// MetricsTests' run: one asset, +200 and -50, flat at the end.
    @Test func attributionOfAFlatRun() {
        let result = MetricsTests.result
        let a = AssetAttribution.of(result, initialCash: 1_000)
        #expect(
            a == [
                AssetAttribution(
                    asset: "A", pnl: 150, realizedPnL: 150, openPnL: 0, contribution: 0.15, commission: 0,
                    slippage: 0, tradedValue: 4_550, fills: 4, trades: 2, winningTrades: 1, position: 0, lastClose: 11.5
                )
            ])
    }

    /// Commission 1 %, a position still open: bought 100 at 10 (commission 10), valued at the last
    /// close 12: pnl = -1,000 - 10 + 1,200 = 190, all of it open; the second asset never traded.
    @Test func attributionOfAnOpenPositionReconcilesWithTheEquity() {
        let bars = [
            BarSpec(timestamp: 0, asset: 0, open: 10, close: 10, signals: [0.9]),
            BarSpec(timestamp: 0, asset: 1, open: 50, close: 50, signals: [0.1]),
            BarSpec(timestamp: 86_400, asset: 0, open: 10, close: 11, signals: [0.5]),
            BarSpec(timestamp: 86_400, asset: 1, open: 50, close: 51, signals: [0.1]),
            BarSpec(timestamp: 172_800, asset: 0, open: 11, close: 12, signals: [0.5]),
        ]
        let data = Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
        let result = Fixtures.run(
            data, Fixtures.configuration(cash: 2_000, commission: .percent(rate: 0.01), sizing: .fixedQuantity(100)))
        let a = AssetAttribution.of(result, initialCash: 2_000)
        #expect(a.map(\.asset) == ["A", "B"])
        #expect(isClose(a[0].pnl, 190) && a[0].realizedPnL == 0 && isClose(a[0].openPnL, 190))
        #expect(a[0].position == 100 && a[0].lastClose == 12 && a[0].commission == 10 && a[0].trades == 0)
        #expect(a[1].pnl == 0 && a[1].fills == 0 && a[1].lastClose == 51)
        let total = a.reduce(0) { $0 + $1.pnl } - result.metrics.totalBorrowFees
        #expect(isClose(total, result.metrics.finalEquity - 2_000))
        // A result stored before positions and last closes were recorded: positions from the fills,
        // the open position's value unknown.
        let old = BacktestResult(
            assets: result.assets, fills: result.fills, orders: result.orders, trades: result.trades,
            equity: result.equity, metrics: result.metrics, openPositions: 1)
        let legacy = AssetAttribution.of(old, initialCash: 2_000)
        #expect(legacy[0].position == 100 && legacy[0].pnl.isNaN && legacy[1].pnl == 0)
    }

    /// Sessions are dated by their last bar: one ending at 05:59 on 1 February is February's.
    @Test func calendarReturnsCompoundBySessionDate() {
        func at(_ y: Int64, _ m: Int64, _ d: Int64, hour: Int64 = 0) -> Int64 {
            CivilDate.days(year: y, month: m, day: d) * 86_400 + hour * 3_600
        }
        let returns = SessionReturns(
            values: [0.01, 0.02, -0.01, 0.03, 0.05],
            timestamps: [at(2021, 1, 29), at(2021, 2, 1, hour: 5), at(2021, 2, 2), at(2021, 12, 31), at(2022, 1, 3)])
        let c = CalendarReturns(returns)
        #expect(c.months.map(\.month) == [1, 2, 12, 1] && c.months.map(\.year) == [2021, 2021, 2021, 2022])
        #expect(c.months.map(\.sessions) == [1, 2, 1, 1])
        #expect(isClose(c.months[1].value, 1.02 * 0.99 - 1))
        #expect(c.years.count == 2 && c.years[0].month == nil && c.years[0].sessions == 4)
        #expect(isClose(c.years[0].value, 1.01 * 1.02 * 0.99 * 1.03 - 1) && isClose(c.years[1].value, 0.05))
        #expect(CalendarReturns(SessionReturns(values: [])).months.isEmpty)
    }

    /// Window 3 over [0.01, -0.02, 0.03, 0]: [0.01, -0.02, 0.03] has mean 0.02 / 3 and sample
    /// variance (0.0014 - 3 (0.02 / 3)²) / 2; [-0.02, 0.03, 0] mean 0.01 / 3, variance (0.0013 -
    /// 3 (0.01 / 3)²) / 2. A window without variance has no ratio.
    @Test func rollingSharpeByHand() {
        let returns = SessionReturns(values: [0.01, -0.02, 0.03, 0], timestamps: [1, 2, 3, 4])
        let rolling = RollingSharpe(returns, window: 3, settings: .standard)
        #expect(rolling.timestamps == [3, 4])
        let first = (0.02 / 3) / ((0.0014 - 3 * (0.02 / 3) * (0.02 / 3)) / 2).squareRoot() * 252.0.squareRoot()
        let second = (0.01 / 3) / ((0.0013 - 3 * (0.01 / 3) * (0.01 / 3)) / 2).squareRoot() * 252.0.squareRoot()
        #expect(isClose(rolling.values[0], first) && isClose(rolling.values[1], second))
        let flat = RollingSharpe(SessionReturns(values: [0.01, 0.01, 0.01]), window: 2, settings: .standard)
        #expect(flat.values.count == 2 && flat.values.allSatisfy { $0.isNaN })
        #expect(RollingSharpe(returns, window: 5, settings: .standard).values.isEmpty)
    }

    /// Benchmark B (an asset) and the same closes as a context column give the same statistics;
    /// B's first bar is its base, so session 0 pairs r[0] with 0. B has no bar on day 2: its level
    /// carries, and the session pairs with 0 again.
    @Test func benchmarkFromAnAssetOrAContextColumn() throws {
        let closesB: [Double?] = [100, 102, nil, 99, 103, 104]
        var bars: [BarSpec] = []
        for d in 0..<6 {
            let t = Int64(d) * 86_400
            bars.append(
                BarSpec(
                    timestamp: t, asset: 0, open: 10 + Double(d), close: 10.5 + Double(d), signals: [d == 0 ? 0.9 : 0.5]
                ))
            if let c = closesB[d] { bars.append(BarSpec(timestamp: t, asset: 1, open: c, close: c, signals: [0.5])) }
        }
        let data = Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
        var configuration = Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(10))
        configuration.analytics = AnalyticsSettings(benchmark: .asset("B"))
        let result = Fixtures.run(data, configuration)
        let m = try #require(result.metrics.benchmark)
        let b = [0, 0.02, 0, 99.0 / 102 - 1, 103.0 / 99 - 1, 104.0 / 103 - 1]
        let r = SessionReturns(result, initialCash: 1_000, settings: .standard).values
        let expected = BenchmarkComparison(returns: r, benchmark: b).metrics(.standard)
        #expect(m.sessions == 6 && isClose(m.beta, expected.beta) && isClose(m.totalReturn, 0.04))
        #expect(isClose(m.informationRatio, expected.informationRatio) && isClose(m.alpha, expected.alpha))

        let context = ContextSeries(
            timestamps: [0, 86_400, 3 * 86_400, 4 * 86_400, 5 * 86_400], names: ["spx"],
            columns: [[100, 102, 99, 103, 104]])
        configuration.analytics = AnalyticsSettings(benchmark: .context("spx"))
        let fromContext = try #require(Fixtures.run(data, configuration, context: context).metrics.benchmark)
        #expect(fromContext == m)
        #expect(
            Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(10))).metrics.benchmark == nil
        )
    }

    @Test func analyticsSettingsAreValidatedWithTheFieldAndTheFix() {
        let data = Fixtures.singleAsset(opens: [10, 11], closes: [10, 11], signal: [0.5, 0.5])
        func problems(_ settings: AnalyticsSettings, context: ContextSeries? = nil) -> [ConfigurationError] {
            var configuration = Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(1))
            configuration.analytics = settings
            return Backtest.problems(data: data, context: context, configuration: configuration)
        }
        #expect(problems(.standard).isEmpty)
        let bad = problems(
            AnalyticsSettings(riskFreeRate: -1, periodsPerYear: 0, sessionGap: 0, benchmark: .asset("a")))
        #expect(bad.map(\.field) == [.riskFreeRate, .periodsPerYear, .sessionGap, .benchmarkAsset])
        #expect(bad.last?.code == "unknown_asset" && bad.last?.message.contains(#"Did you mean "A"?"#) == true)
        #expect(problems(AnalyticsSettings(periodsPerYear: .nan)).map(\.field) == [.periodsPerYear])
        let noContext = problems(AnalyticsSettings(benchmark: .context("spx")))
        #expect(noContext.map(\.field) == [.benchmarkContext] && noContext[0].message.contains(#""context""#))
        let context = ContextSeries(timestamps: [0], names: ["spx"], columns: [[1]])
        let typo = problems(AnalyticsSettings(benchmark: .context("sxp")), context: context)
        #expect(typo.map(\.code) == ["unknown_column"] && typo[0].message.contains(#"Did you mean "spx"?"#))
        #expect(problems(AnalyticsSettings(benchmark: .context("spx")), context: context).isEmpty)
    }
}
