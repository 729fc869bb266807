// The statistics of a run's session returns (returns, risk and the session CAGR), written into
// `Metrics`; every definition is on the `Metrics` field it fills.

import RealModule

/// Computes the session-return statistics of `Metrics`.
struct ReturnStatistics {
    let returns: [Double]
    let riskFree: Double
    let periodsPerYear: Double

    init(_ returns: SessionReturns, settings: AnalyticsSettings) {
        self.returns = returns.values
        self.riskFree = settings.sessionRiskFree
        self.periodsPerYear = settings.periodsPerYear
    }

    /// Whether the run is shorter than a year (fewer sessions than `periodsPerYear`): its return
    /// is then not annualized.
    var isShort: Bool { Double(returns.count) < periodsPerYear }

    /// Fills the session statistics of `m`.
    func write(into m: inout Metrics) {
        let n = returns.count
        let excess = riskFree == 0 ? returns : returns.map { $0 - riskFree }
        let annualizer = periodsPerYear.squareRoot()
        let sorted = returns.sorted()
        m.sessions = n
        m.meanSessionReturn = SampleStatistics.mean(returns)
        m.bestSession = sorted.last ?? .nan
        m.worstSession = sorted.first ?? .nan
        let nonZero = returns.filter { $0 != 0 }
        m.sessionWinRate = nonZero.isEmpty ? .nan : Double(nonZero.filter { $0 > 0 }.count) / Double(nonZero.count)
        m.annualVolatility = SampleStatistics.standardDeviation(returns) * annualizer
        let sd = SampleStatistics.standardDeviation(excess)
        m.sharpe = sd > 0 ? SampleStatistics.mean(excess) / sd * annualizer : .nan
        let downside = SampleStatistics.downsideDeviation(excess)
        m.downsideDeviation = downside * annualizer
        m.sortino = downside > 0 ? SampleStatistics.mean(excess) / downside * annualizer : .nan
        m.skew = SampleStatistics.skewness(returns)
        m.kurtosis = SampleStatistics.excessKurtosis(returns)
        let p5 = SampleStatistics.quantile(sorted: sorted, 0.05)
        m.valueAtRisk = p5
        m.expectedShortfall = SampleStatistics.tailMean(sorted: sorted, cutoff: 0.05)
        m.tailRatio = p5 != 0 ? abs(SampleStatistics.quantile(sorted: sorted, 0.95)) / abs(p5) : .nan
        let gains = excess.reduce(0) { $0 + max($1, 0) }
        let losses = excess.reduce(0) { $0 + max(-$1, 0) }
        m.omega = losses > 0 ? gains / losses : .nan
    }

    /// `(final / initial)^(P / n) - 1`; -1 when nothing is left; NaN for a short run.
    func cagrSessions(growth: Double) -> Double {
        guard !isShort, !returns.isEmpty else { return .nan }
        guard growth > 0 else { return -1 }
        return Double.pow(growth, periodsPerYear / Double(returns.count)) - 1
    }

    /// `(final / initial)^(1 / years) - 1` over calendar years between the first and the last bar;
    /// -1 when nothing is left; NaN for a short run or no elapsed time.
    func calendarCAGR(growth: Double, first: Int64, last: Int64) -> Double {
        let years = Double(last - first) / (365.25 * 86_400)
        guard !isShort, years > 0 else { return .nan }
        guard growth > 0 else { return -1 }
        return Double.pow(growth, 1 / years) - 1
    }
}
