// Metrics on a tiny equity path computed by hand.

import BacktestFixtures
import Testing

@testable import BacktestEngine

// cash 1,000, no commission, fixedQuantity(100), one asset. The last bar is exactly 365.25 days
// after the first, so years = 1 and CAGR = final / initial - 1. Every bar is its own session (the
// bars are a day or more apart); periods_per_year 8 makes the 8 sessions a year, so the run is not
// short and its return is annualized (`shortRunsAreNotAnnualized` checks the default 252).
// bar open  close  sig  event                        cash   equity  drawdown (peak)
//  0  10    10     0.9  entry                        1000   1000    0       (1000)
//  1  10    11     0.5  BUY 100 @ 10                    0   1100    0       (1100)
//  2  11     9.9   0.5                                  0    990    0.1
//  3  9.9   10.89  0.3  exit decided                    0   1089    0.01
//  4  12    12     0.9  SELL @ 12 (+200), entry      1200   1200    0       (1200)
//  5  12    11     0.3  BUY 100 @ 12, exit decided      0   1100    1/12
//  6  11.5  11.5   0.5  SELL @ 11.5 (-50)            1150   1150    1/24
//  7  11.5  11.5   0.5                               1150   1150    1/24
// max drawdown 0.1; longest drawdown run: bars 5-7 = 3 bars; drawdown periods: bars 2-3 (peak bar
// 1, depth 0.1, recovered at bar 4) and bars 5-7 (peak bar 4, depth 1/12, not recovered). Trades
// +200, -50: win rate 0.5, profit factor 4, average win 200, average loss -50, expectancy 75,
// payoff 4, returns 200 / 1,000 and -50 / 1,200, bars held 3 and 1; excursions: the first saw
// 9.9 ... 12 from an entry at 10 (mfe 0.2, mae -0.01), the second 11 ... 12 from 12 (mfe 0,
// mae -1/12). Exposure and time in market: bars 1, 2, 3, 5 fully invested -> 4 / 8. Turnover:
// (1000 + 1200 + 1200 + 1150) / mean equity (8779 / 8).
@Suite struct MetricsTests {
    static let equity: [Double] = [1000, 1100, 990, 1089, 1200, 1100, 1150, 1150]

    static let result: BacktestResult = {
        let opens: [Double] = [10, 10, 11, 9.9, 12, 12, 11.5, 11.5]
        let closes: [Double] = [10, 11, 9.9, 10.89, 12, 11, 11.5, 11.5]
        let sig = [0.9, 0.5, 0.5, 0.3, 0.9, 0.3, 0.5, 0.5]
        var timestamps = (0..<7).map { Int64($0) * Fixtures.day }
        timestamps.append(31_557_600) // 365.25 days
        let bars = (0..<8).map {
            BarSpec(timestamp: timestamps[$0], asset: 0, open: opens[$0], close: closes[$0], signals: [sig[$0]])
        }
        let data = Fixtures.marketData(assets: ["A"], signalNames: ["sig"], bars: bars)
        var configuration = Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(100))
        configuration.analytics = AnalyticsSettings(periodsPerYear: 8)
        return Fixtures.run(data, configuration)
    }()

    @Test func equityAndDrawdown() {
        let m = Self.result.metrics
        #expect(zip(Self.result.equity.map(\.equity), Self.equity).allSatisfy { isClose($0, $1) })
        #expect(isClose(m.maxDrawdown, 0.1))
        #expect(m.maxDrawdownDurationBars == 3)
        #expect(isClose(Self.result.equity[5].drawdown, 1.0 / 12))
        #expect(isClose(m.cagr, 0.15, tolerance: 1e-13))
        #expect(isClose(m.cagrSessions, 0.15, tolerance: 1e-13)) // (1.15)^(8 / 8) - 1
        #expect(isClose(m.calmar, 1.5, tolerance: 1e-12))
        #expect(isClose(m.totalReturn, 0.15))
        #expect(isClose(m.recoveryFactor, 1.5, tolerance: 1e-12))
        #expect(m.drawdownPeriods == 2 && isClose(m.averageDrawdown, (0.1 + 1.0 / 12) / 2))
        let periods = DrawdownPeriod.periods(of: Self.result.equity, initialCash: 1_000)
        let t = Self.result.equity.map(\.timestamp)
        #expect(periods.count == 2)
        #expect(
            periods.first
                == DrawdownPeriod(
                    peak: t[1], start: t[2], trough: t[2], end: t[3], recovery: t[4], peakEquity: 1_100,
                    troughEquity: 990, depth: Self.result.equity[2].drawdown, bars: 2))
        #expect(
            periods.last
                == DrawdownPeriod(
                    peak: t[4], start: t[5], trough: t[5], end: t[7], recovery: nil, peakEquity: 1_200,
                    troughEquity: 1_100, depth: Self.result.equity[5].drawdown, bars: 3))
    }

    /// With the default 252 sessions a year, 8 sessions are a short run: no annualized return (GIPS),
    /// where the calendar formula alone would report `1.15^(1 / years) - 1` for any span.
    @Test func shortRunsAreNotAnnualized() {
        var configuration = Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(100))
        configuration.analytics = .standard
        let bars = (0..<8).map {
            BarSpec(
                timestamp: Int64($0) * 60, asset: 0, open: [10, 10, 11, 9.9, 12, 12, 11.5, 11.5][$0],
                close: [10, 11, 9.9, 10.89, 12, 11, 11.5, 11.5][$0],
                signals: [[0.9, 0.5, 0.5, 0.3, 0.9, 0.3, 0.5, 0.5][$0]])
        }
        let data = Fixtures.marketData(assets: ["A"], signalNames: ["sig"], bars: bars)
        let m = Fixtures.run(data, configuration).metrics
        // Eight minute bars, one session: the calendar formula alone gives 1.15^(31,557,600 / 420) - 1,
        // an infinite CAGR.
        #expect(m.sessions == 1 && isClose(m.totalReturn, 0.15))
        #expect(m.cagr.isNaN && m.cagrSessions.isNaN && m.calmar.isNaN)
        #expect(m.sharpe.isNaN && m.annualVolatility.isNaN) // one session: no sample deviation
        #expect(isClose(m.maxDrawdown, 0.1))
    }

    @Test func tradeStatistics() {
        let m = Self.result.metrics
        #expect(Self.result.trades.map(\.pnl) == [200, -50])
        #expect(m.trades == 2 && m.winRate == 0.5)
        #expect(m.profitFactor == 4 && m.averageWin == 200 && m.averageLoss == -50)
        #expect(m.expectancy == 75 && m.payoffRatio == 4 && m.largestWin == 200 && m.largestLoss == -50)
        #expect(isClose(m.averageTradeReturn, (0.2 - 50.0 / 1_200) / 2))
        #expect(m.averageBarsHeld == 2)
        #expect(isClose(m.averageMFE, 0.1) && isClose(m.averageMAE, (-0.01 - 1.0 / 12) / 2))
        #expect(m.maxConsecutiveWins == 1 && m.maxConsecutiveLosses == 1 && m.longTrades == 2 && m.shortTrades == 0)
        #expect(m.exposure == 0.5 && m.timeInMarket == 0.5)
        #expect(isClose(m.turnover, 4_550 / (8_779.0 / 8)))
        #expect(m.fills == 4 && m.orders == 4 && m.rejections == 0 && m.openPositions == 0)
    }

    // Every bar is its own session: r = E[i] / E[i-1] - 1 with E[-1] = 1,000; P = 8.
    @Test func sharpeSortinoAndVolatility() {
        var previous = 1_000.0
        var r: [Double] = []
        for e in Self.equity {
            r.append(e / previous - 1)
            previous = e
        }
        let n = Double(r.count)
        let mean = r.reduce(0, +) / n
        let variance = r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        let downside = r.map { min($0, 0) * min($0, 0) }.reduce(0, +) / n
        let m = Self.result.metrics
        #expect(m.sessions == 8)
        #expect(isClose(m.sharpe, mean / variance.squareRoot() * 8.0.squareRoot()))
        #expect(isClose(m.sortino, mean / downside.squareRoot() * 8.0.squareRoot()))
        #expect(isClose(m.annualVolatility, variance.squareRoot() * 8.0.squareRoot()))
        #expect(isClose(m.downsideDeviation, downside.squareRoot() * 8.0.squareRoot()))
        #expect(m.bestSession == r.max() && m.worstSession == r.min() && isClose(m.meanSessionReturn, mean))
        #expect(m.sessionWinRate == 4.0 / 6) // six non-zero sessions, four up
    }

    /// CAGR is `pow(growth, 1 / years) - 1` with RealModule's (libm's) pow, within an ulp of the
    /// exact power: one year gives exactly `growth - 1`, two years `sqrt(growth) - 1` to an ulp
    /// (sqrt is correctly rounded, glibc's pow is not quite). The hand-written `exp(y * log(x))` it
    /// replaced was off by up to 7e-13 relative for short runs, where `1 / years` is large, and by
    /// 2 ulps already at one year.
    @Test func cagrIsPowerWithinAnUlp() {
        let year: Int64 = 31_557_600 // 365.25 days
        let statistics = ReturnStatistics(
            SessionReturns(values: [0]), settings: AnalyticsSettings(periodsPerYear: 1))
        func cagr(_ growth: Double, _ seconds: Int64) -> Double {
            statistics.calendarCAGR(growth: growth * 1_000 / 1_000, first: 0, last: seconds)
        }
        var rng = SplitMix64(seed: 11)
        for _ in 0..<10_000 {
            let growth = 0.01 + 20 * rng.unit()
            let ratio = growth * 1_000 / 1_000
            #expect(cagr(growth, year) == ratio - 1)
            let root = ratio.squareRoot()
            #expect(abs(cagr(growth, 2 * year) - (root - 1)) <= root.ulp, "\(growth)")
        }
        #expect(cagr(1.15, year) == 1.15 - 1)
        #expect(cagr(1.5, 0).isNaN && cagr(0, year) == -1 && cagr(-1, year) == -1)
        #expect(statistics.cagrSessions(growth: 1.21) == 1.21 - 1 && statistics.cagrSessions(growth: 0) == -1)
    }
}
