// Metrics on a tiny equity path computed by hand.

import BacktestFixtures
import Testing

@testable import BacktestEngine

// cash 1,000, no commission, fixedQuantity(100), one asset. The last bar is exactly 365.25 days
// after the first, so years = 1 and CAGR = final / initial - 1.
// bar open  close  sig  event                        cash   equity  drawdown (peak)
//  0  10    10     0.9  entry                        1000   1000    0       (1000)
//  1  10    11     0.5  BUY 100 @ 10                    0   1100    0       (1100)
//  2  11     9.9   0.5                                  0    990    0.1
//  3  9.9   10.89  0.3  exit decided                    0   1089    0.01
//  4  12    12     0.9  SELL @ 12 (+200), entry      1200   1200    0       (1200)
//  5  12    11     0.3  BUY 100 @ 12, exit decided      0   1100    1/12
//  6  11.5  11.5   0.5  SELL @ 11.5 (-50)            1150   1150    1/24
//  7  11.5  11.5   0.5                               1150   1150    1/24
// max drawdown 0.1; longest drawdown run: bars 5-7 = 3 bars. Trades +200, -50: win rate 0.5,
// profit factor 4, average win 200, average loss -50. Exposure: bars 1, 2, 3, 5 fully invested
// -> 4 / 8. Turnover: (1000 + 1200 + 1200 + 1150) / mean equity (8779 / 8).
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
        return Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(100)))
    }()

    @Test func equityAndDrawdown() {
        let m = Self.result.metrics
        #expect(zip(Self.result.equity.map(\.equity), Self.equity).allSatisfy { isClose($0, $1) })
        #expect(isClose(m.maxDrawdown, 0.1))
        #expect(m.maxDrawdownDurationBars == 3)
        #expect(isClose(Self.result.equity[5].drawdown, 1.0 / 12))
        #expect(isClose(m.cagr, 0.15, tolerance: 1e-13))
        #expect(isClose(m.calmar, 1.5, tolerance: 1e-12))
        #expect(isClose(m.totalReturn, 0.15))
    }

    @Test func tradeStatistics() {
        let m = Self.result.metrics
        #expect(Self.result.trades.map(\.pnl) == [200, -50])
        #expect(m.trades == 2 && m.winRate == 0.5)
        #expect(m.profitFactor == 4 && m.averageWin == 200 && m.averageLoss == -50)
        #expect(m.exposure == 0.5)
        #expect(isClose(m.turnover, 4_550 / (8_779.0 / 8)))
        #expect(m.fills == 4 && m.orders == 4 && m.rejections == 0 && m.openPositions == 0)
    }

    // Every bar is on its own UTC day: r = E[i] / E[i-1] - 1 with E[-1] = 1,000.
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
        #expect(isClose(m.sharpe, mean / variance.squareRoot() * 252.0.squareRoot()))
        #expect(isClose(m.sortino, mean / downside.squareRoot() * 252.0.squareRoot()))
        #expect(isClose(m.annualVolatility, variance.squareRoot() * 252.0.squareRoot()))
    }

    // r = [0.01, -0.02, 0.03]: mean 1/150, variance (0.0014 - 3/150^2) / 2 = 19/30000,
    // downside mean(min(r,0)^2) = 0.0004 / 3.
    @Test func dailyReturnStatisticsClosedForm() {
        let returns = DailyReturns(values: [0.01, -0.02, 0.03])
        #expect(isClose(returns.sharpe, (1.0 / 150) / (19.0 / 30_000).squareRoot() * 252.0.squareRoot()))
        #expect(isClose(returns.sortino, (1.0 / 150) / (0.0004 / 3).squareRoot() * 252.0.squareRoot()))
        #expect(DailyReturns(values: [0.01]).sharpe == 0 && DailyReturns(values: [0.01, 0.01]).sharpe == 0)
        #expect(DailyReturns(values: [0.01, 0.02]).sortino == 0)
    }

    // Two bars on one UTC day are one sample; days before 1970 floor correctly.
    @Test func dailySampling() {
        let points = [(10, 1_010.0), (20, 1_020.0), (86_400, 1_000.0)].map {
            EquityPoint(timestamp: Int64($0.0), equity: $0.1, cash: 0, drawdown: 0)
        }
        let returns = DailyReturns(equity: points, initialCash: 1_000)
        #expect(
            returns.values.count == 2 && isClose(returns.values[0], 0.02)
                && isClose(returns.values[1], 1_000.0 / 1_020 - 1))
        #expect(DailyReturns.day(of: -1) == -1 && DailyReturns.day(of: 86_399) == 0)
    }

    /// CAGR is `pow(growth, 1 / years) - 1` with RealModule's (libm's) pow, within an ulp of the
    /// exact power: one year gives exactly `growth - 1`, two years `sqrt(growth) - 1` to an ulp
    /// (sqrt is correctly rounded, glibc's pow is not quite). The hand-written `exp(y * log(x))` it
    /// replaced was off by up to 7e-13 relative for short runs, where `1 / years` is large, and by
    /// 2 ulps already at one year.
    @Test func cagrIsPowerWithinAnUlp() {
        let year: Int64 = 31_557_600 // 365.25 days
        func cagr(_ growth: Double, _ seconds: Int64) -> Double {
            let points = [0, seconds].map { EquityPoint(timestamp: $0, equity: 0, cash: 0, drawdown: 0) }
            return MetricsCalculator.cagr(finalEquity: growth * 1_000, initialCash: 1_000, points: points)
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
        #expect(cagr(1.5, 0) == 0 && cagr(0, year) == -1 && cagr(-1, year) == -1)
    }
}
