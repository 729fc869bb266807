// The comparison of a run's session returns with its benchmark's (`BenchmarkMetrics`, whose
// documentation holds every definition).

import RealModule

/// Compares session returns with the benchmark's over the sessions where both are known.
struct BenchmarkComparison {
    /// The run's and the benchmark's returns of the paired sessions.
    let returns: [Double]
    let benchmark: [Double]

    /// Pairs `returns` (of `sessions`) with the benchmark's session returns from `levels`.
    init(returns: SessionReturns, sessions: Sessions, levels: BenchmarkLevels) {
        var paired: [Double] = []
        var bench: [Double] = []
        var previous = levels.values.first ?? .nan
        for (k, bar) in sessions.lastBars.enumerated() {
            let level = levels.values[bar]
            let b = level / previous - 1
            if b.isFinite {
                paired.append(returns.values[k])
                bench.append(b)
            }
            previous = level
        }
        self.returns = paired
        self.benchmark = bench
    }

    /// Paired returns given directly (tests).
    init(returns: [Double], benchmark: [Double]) {
        self.returns = returns
        self.benchmark = benchmark
    }

    /// The statistics under `settings` (risk-free rate and annualization).
    func metrics(_ settings: AnalyticsSettings) -> BenchmarkMetrics {
        let rf = settings.sessionRiskFree
        let p = settings.periodsPerYear
        let x = returns.map { $0 - rf }
        let y = benchmark.map { $0 - rf }
        var beta = Double.nan
        if x.count >= 2 {
            let mx = SampleStatistics.mean(x)
            let my = SampleStatistics.mean(y)
            var covariance = 0.0
            var variance = 0.0
            for i in x.indices {
                covariance += (x[i] - mx) * (y[i] - my)
                variance += (y[i] - my) * (y[i] - my)
            }
            if variance > 0 { beta = covariance / variance }
        }
        var alpha = Double.nan
        if beta.isFinite {
            let daily = SampleStatistics.mean(x.indices.map { x[$0] - beta * y[$0] })
            alpha = Double.pow(1 + daily, p) - 1
        }
        let active = returns.indices.map { returns[$0] - benchmark[$0] }
        let sd = SampleStatistics.standardDeviation(active)
        return BenchmarkMetrics(
            sessions: returns.count, totalReturn: benchmark.reduce(1) { $0 * (1 + $1) } - 1, beta: beta, alpha: alpha,
            correlation: SampleStatistics.correlation(returns, benchmark), trackingError: sd * p.squareRoot(),
            informationRatio: sd > 0 ? SampleStatistics.mean(active) / sd * p.squareRoot() : .nan)
    }
}
