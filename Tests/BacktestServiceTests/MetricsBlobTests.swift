// The stored metrics: every statistic by name round-trips (undefined ones as NaN, a missing profit
// factor as none, the benchmark's), and a summary written by the first layout (25 positional
// words) still reads, its newer statistics undefined.
import BacktestEngine
import Testing

@testable import BacktestService

@Suite("Stored metrics")
struct MetricsBlobTests {
    static var metrics: Metrics {
        var m = Metrics(
            finalEquity: 1_050, totalReturn: 0.05, cagr: .nan, annualVolatility: 0.2, sharpe: 1.5, sortino: 2,
            maxDrawdown: 0.1, maxDrawdownDurationBars: 7, calmar: .nan, fills: 4, orders: 5, trades: 2, rejections: 1,
            openPositions: 0, winRate: 0.5, profitFactor: nil, averageWin: 100, averageLoss: -50, exposure: 0.4,
            turnover: 3, totalCommission: 2, totalSlippage: 1, totalBorrowFees: 0.5, costDrag: 0.0035)
        m.sessions = 300
        m.skew = -0.25
        m.maxConsecutiveLosses = 3
        m.benchmark = BenchmarkMetrics(
            sessions: 299, totalReturn: 0.1, beta: 0.8, alpha: .nan, correlation: 0.5, trackingError: 0.1,
            informationRatio: -0.2)
        return m
    }

    @Test func everyStatisticRoundTripsByName() throws {
        let m = Self.metrics
        let back = try MetricsBlob.decode(MetricsBlob.encode(m))
        #expect(back == m)
        #expect(back.profitFactor == nil && back.cagr.isNaN && back.sessions == 300 && back.maxConsecutiveLosses == 3)
        #expect(back.benchmark?.alpha.isNaN == true && back.benchmark?.beta == 0.8)
        var withoutBenchmark = m
        withoutBenchmark.benchmark = nil
        withoutBenchmark.profitFactor = 4
        let plain = try MetricsBlob.decode(MetricsBlob.encode(withoutBenchmark))
        #expect(plain.benchmark == nil && plain.profitFactor == 4 && plain == withoutBenchmark)
    }

    /// The first layout, written here as the old encoder did: doubles' bits and Int64 counts in the
    /// initializer's order, a presence word before the profit factor.
    @Test func theFirstLayoutStillReads() throws {
        let m = Self.metrics
        let words: [UInt64] = [
            m.finalEquity.bitPattern, m.totalReturn.bitPattern, 0.07.bitPattern, m.annualVolatility.bitPattern,
            m.sharpe.bitPattern, m.sortino.bitPattern, m.maxDrawdown.bitPattern, 7, 0.7.bitPattern, 4, 5, 2, 1, 0,
            m.winRate.bitPattern, 1, 4.0.bitPattern, m.averageWin.bitPattern, m.averageLoss.bitPattern,
            m.exposure.bitPattern, m.turnover.bitPattern, m.totalCommission.bitPattern, m.totalSlippage.bitPattern,
            m.totalBorrowFees.bitPattern, m.costDrag.bitPattern,
        ]
        var bytes: [UInt8] = []
        for w in words { ColumnFileWriter.append(w, to: &bytes) }
        let old = try MetricsBlob.decode(bytes)
        #expect(old.finalEquity == 1_050 && old.cagr == 0.07 && old.calmar == 0.7 && old.profitFactor == 4)
        #expect(old.maxDrawdownDurationBars == 7 && old.fills == 4 && old.orders == 5 && old.rejections == 1)
        #expect(old.costDrag == m.costDrag && old.totalCosts == m.totalCosts)
        // Statistics the first layout did not have are undefined.
        #expect(old.sessions == 0 && old.skew.isNaN && old.expectancy.isNaN && old.benchmark == nil)
        var noProfitFactor = bytes
        noProfitFactor.replaceSubrange((15 * 8)..<(16 * 8), with: [UInt8](repeating: 0, count: 8))
        #expect(try MetricsBlob.decode(noProfitFactor).profitFactor == nil)
        #expect(throws: StoreError.self) { try MetricsBlob.decode(Array(bytes.prefix(17))) }
        #expect(throws: StoreError.self) { try MetricsBlob.decode(Array(MetricsBlob.encode(m).prefix(40))) }
    }
}
