// Session-return and benchmark statistics on a fixed series, each checked against a value pinned
// from the peer whose convention it follows (quantstats 0.0.86, empyrical-reloaded 0.7.1, pandas
// 3.1.1, numpy 2.4.6; the peer calls are named beside each value), and the small ones by hand.
import Testing

@testable import BacktestEngine

@Suite struct ReturnStatisticsTests {
    // Nine sessions; sorted: -0.03, -0.02, -0.005, 0, 0.01, 0.015, 0.02, 0.03, 0.045.
    static let r = [0.01, -0.02, 0.03, 0.0, 0.015, -0.005, 0.02, -0.03, 0.045]
    static let b = [0.005, -0.01, 0.02, 0.002, 0.01, -0.004, 0.01, -0.02, 0.01]
    /// rf 2 % a year, 252 sessions a year: rf_s = 1.02^(1/252) - 1.
    static let settings = AnalyticsSettings(riskFreeRate: 0.02, periodsPerYear: 252)

    static func blank() -> Metrics {
        Metrics(
            finalEquity: 0, totalReturn: 0, cagr: .nan, annualVolatility: .nan, sharpe: .nan, sortino: .nan,
            maxDrawdown: 0, maxDrawdownDurationBars: 0, calmar: .nan, fills: 0, orders: 0, trades: 0, rejections: 0,
            openPositions: 0, winRate: .nan, profitFactor: nil, averageWin: .nan, averageLoss: .nan, exposure: 0,
            turnover: 0, totalCommission: 0)
    }

    static var metrics: Metrics {
        var m = blank()
        ReturnStatistics(SessionReturns(values: r), settings: settings).write(into: &m)
        return m
    }

    @Test func perSessionRiskFreeRateIsDeannualizedByCompounding() {
        #expect(isClose(Self.settings.sessionRiskFree, 7.85849419846496e-05, tolerance: 1e-12))
        #expect(AnalyticsSettings.standard.sessionRiskFree == 0)
    }

    @Test func matchesThePeersPinnedValues() {
        let m = Self.metrics
        // qs.stats.sharpe(r, rf=0.02, periods=252) == ep.sharpe_ratio(r, risk_free=rf_s)
        #expect(isClose(m.sharpe, 4.778487831135033, tolerance: 1e-12))
        // qs.stats.sortino(r, rf=0.02, periods=252); ep.sortino_ratio(r, required_return=rf_s)
        #expect(isClose(m.sortino, 9.3157298206016, tolerance: 1e-12))
        // ep.downside_risk(r, required_return=rf_s)
        #expect(isClose(m.downsideDeviation, 0.1932426797778914, tolerance: 1e-12))
        // qs.stats.volatility(r) == ep.annual_volatility(r)
        #expect(isClose(m.annualVolatility, 0.37672934581739187, tolerance: 1e-12))
        // pandas Series.skew() and .kurt() (quantstats' skew and kurtosis)
        #expect(isClose(m.skew, -0.06776769314769368, tolerance: 1e-10))
        #expect(isClose(m.kurtosis, -0.49250843877137007, tolerance: 1e-12))
        // ep.omega_ratio(r, risk_free=rf_s)
        #expect(isClose(m.omega, 2.162315880328081, tolerance: 1e-12))
        #expect(isClose(m.meanSessionReturn, 0.065 / 9))
    }

    /// numpy's linear percentile by hand: h = 8 × 0.05 = 0.4 -> -0.03 + 0.4 × 0.01 = -0.026; the 95th:
    /// h = 7.6 -> 0.03 + 0.6 × 0.015 = 0.039, tail ratio 0.039 / 0.026 = 1.5; CVaR: the ⌊8 × 0.05⌋ + 1
    /// = 1 lowest, -0.03. Win rate: 8 non-zero sessions, 5 up. (ep.value_at_risk, ep.tail_ratio and
    /// ep.conditional_value_at_risk give -0.026, 1.4999999999999998, -0.03; qs.stats.win_rate 0.625.)
    @Test func tailStatisticsByHand() {
        let m = Self.metrics
        #expect(isClose(m.valueAtRisk, -0.026) && isClose(m.tailRatio, 1.5) && m.expectedShortfall == -0.03)
        #expect(m.sessionWinRate == 0.625 && m.bestSession == 0.045 && m.worstSession == -0.03 && m.sessions == 9)
    }

    /// Closed forms: x = [-1, 1, -1, 1] has mean 0 and sample variance 4 / 3; [1, 2, 3, 10]: centered
    /// sums m2 = 50, m3 = 180, m4 = 1394, so skew = 4 sqrt(3) / 2 × 180 / 50^1.5 and kurtosis
    /// = 4 × 5 × 3 × 1394 / (2 × 1 × 2500) - 3 × 9 / 2.
    @Test func momentsClosedForm() {
        #expect(isClose(SampleStatistics.standardDeviation([-1, 1, -1, 1]), (4.0 / 3).squareRoot()))
        #expect(
            isClose(SampleStatistics.skewness([1, 2, 3, 10]), 2 * 3.0.squareRoot() * 180 / (50 * 50.0.squareRoot())))
        #expect(isClose(SampleStatistics.excessKurtosis([1, 2, 3, 10]), 60.0 * 1_394 / 5_000 - 13.5))
        #expect(SampleStatistics.skewness([1, 2]).isNaN && SampleStatistics.excessKurtosis([1, 2, 3]).isNaN)
        #expect(SampleStatistics.skewness([2, 2, 2]).isNaN)
        #expect(SampleStatistics.ranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    }

    /// Undefined statistics are NaN, never 0 or infinite: one session has no deviation; a series
    /// without a loss has no downside; no sessions at all has nothing.
    @Test func undefinedStatisticsAreNaN() {
        var one = Self.blank()
        ReturnStatistics(SessionReturns(values: [0.01]), settings: .standard).write(into: &one)
        #expect(one.sharpe.isNaN && one.annualVolatility.isNaN && one.sortino.isNaN && one.omega.isNaN)
        #expect(one.meanSessionReturn == 0.01 && one.valueAtRisk == 0.01)
        var flat = Self.blank()
        ReturnStatistics(SessionReturns(values: [0, 0, 0]), settings: .standard).write(into: &flat)
        #expect(flat.sharpe.isNaN && flat.sessionWinRate.isNaN && flat.tailRatio.isNaN && flat.downsideDeviation == 0)
        var none = Self.blank()
        ReturnStatistics(SessionReturns(values: []), settings: .standard).write(into: &none)
        #expect(none.meanSessionReturn.isNaN && none.bestSession.isNaN && none.valueAtRisk.isNaN && none.sessions == 0)
    }

    /// The 252-session CAGR: `(Π (1 + r))^(P / n) - 1` (ep.annual_return(r) == qs.stats.cagr(r) ==
    /// 4.761503396094847 with P = 252 and n = 9, had the run not been short), and NaN for the short
    /// run it is.
    @Test func sessionCAGR() {
        let growth = Self.r.reduce(1) { $0 * (1 + $1) }
        let long = ReturnStatistics(SessionReturns(values: Self.r), settings: AnalyticsSettings(periodsPerYear: 9))
        #expect(isClose(long.cagrSessions(growth: growth), growth - 1))
        let short = ReturnStatistics(SessionReturns(values: Self.r), settings: .standard)
        #expect(short.isShort && short.cagrSessions(growth: growth).isNaN)
        let pinned = Double.pow(growth, 252.0 / 9) - 1
        #expect(isClose(pinned, 4.761503396094847, tolerance: 1e-12))
    }

    @Test func benchmarkStatisticsMatchThePeers() {
        let m = BenchmarkComparison(returns: Self.r, benchmark: Self.b).metrics(Self.settings)
        // ep.beta(r, b, risk_free=rf_s); qs.stats.greeks(r, b)["beta"] is 1.7736043461970779
        #expect(isClose(m.beta, 1.7736043461970776, tolerance: 1e-12))
        // ep.alpha(r, b, risk_free=rf_s): (1 + mean(x - beta y))^252 - 1
        #expect(isClose(m.alpha, 0.9980412867001622, tolerance: 1e-10))
        // qs.stats.information_ratio(r, b) × sqrt(252) == ep.excess_sharpe(r, b) × sqrt(252)
        #expect(isClose(m.informationRatio, 5.439200829200679, tolerance: 1e-12))
        // (r - b).std() × sqrt(252); r.corr(b); (1 + b).prod() - 1
        #expect(isClose(m.trackingError, 0.216208232960727, tolerance: 1e-12))
        #expect(isClose(m.correlation, 0.9100507200569886, tolerance: 1e-12))
        #expect(isClose(m.totalReturn, 0.022630367372977744, tolerance: 1e-12))
        #expect(m.sessions == 9)
    }

    /// quantstats' `greeks` alpha is `252 × mean(r - beta b)` without the risk-free rate: at rf 0
    /// ours is its compounded form, `(1 + qs_alpha / 252)^252 - 1` (qs alpha 0.6777988010490821,
    /// ep.alpha(r, b) 0.9677463478836097).
    @Test func alphaConventionAgainstQuantstats() {
        let m = BenchmarkComparison(returns: Self.r, benchmark: Self.b).metrics(.standard)
        #expect(isClose(m.alpha, Double.pow(1 + 0.6777988010490821 / 252, 252) - 1, tolerance: 1e-12))
        #expect(isClose(m.alpha, 0.9677463478836097, tolerance: 1e-10))
        let flat = BenchmarkComparison(returns: [0.01, 0.02], benchmark: [0.01, 0.01]).metrics(.standard)
        #expect(flat.beta.isNaN && flat.alpha.isNaN && flat.correlation.isNaN)
    }
}
