// How a run's statistics are measured: the risk-free rate, the annualization, the rule that cuts
// the bars into sessions, and the benchmark. None of it changes a fill; it only changes `Metrics`.

import RealModule

/// What a run's returns are compared with.
public enum Benchmark: Sendable, Equatable {
    /// An asset of the bars dataset, by its identifier: its level at a session's end is its last
    /// close at or before the session's last bar.
    case asset(String)
    /// A column of the context dataset, by name: its level at a session's end is its last value at
    /// or before the session's last bar, read at its own timestamps (the context's `available_after`
    /// lag is for decisions, not for measuring).
    case context(String)
}

/// The settings of a run's statistics (see `Metrics` for every definition that uses them).
public struct AnalyticsSettings: Sendable, Equatable {
    /// Annual risk-free rate, a fraction (0.02 is 2 %): per session it is
    /// `rf_s = (1 + riskFreeRate)^(1 / periodsPerYear) - 1`, subtracted from every session return
    /// in the excess-return statistics (Sharpe, Sortino, downside deviation, omega, alpha). 0 by
    /// default; in (-1, 1].
    public var riskFreeRate: Double
    /// Sessions per year, the annualization factor: `sqrt(periodsPerYear)` for volatilities and
    /// ratios, `periodsPerYear / sessions` years for `Metrics.cagrSessions`, and the year below which a
    /// run is too short to annualize its return. 252 (trading days) by default; 365 suits markets
    /// that trade every day. In [1, 100,000].
    public var periodsPerYear: Double
    /// A gap between consecutive bars of at least this many seconds starts a new session; nil (the
    /// default) for `Sessions.defaultGap`: five median bar intervals, and at least an hour. In
    /// 1...`maxSessionGap`.
    public var sessionGap: Int64?
    /// What alpha, beta, tracking error and information ratio are measured against; none by default.
    public var benchmark: Benchmark?

    /// Settings; every argument has the default documented on its property.
    public init(
        riskFreeRate: Double = 0, periodsPerYear: Double = 252, sessionGap: Int64? = nil, benchmark: Benchmark? = nil
    ) {
        self.riskFreeRate = riskFreeRate
        self.periodsPerYear = periodsPerYear
        self.sessionGap = sessionGap
        self.benchmark = benchmark
    }

    /// The defaults: risk-free rate 0, 252 sessions a year, the default session gap, no benchmark.
    public static let standard = AnalyticsSettings()

    /// The largest `periodsPerYear` accepted.
    public static let maxPeriodsPerYear = 100_000.0
    /// The largest `sessionGap` accepted: a week of seconds.
    public static let maxSessionGap: Int64 = 7 * 86_400

    /// The risk-free return of one session, `(1 + riskFreeRate)^(1 / periodsPerYear) - 1`
    /// (quantstats' de-annualization).
    public var sessionRiskFree: Double {
        riskFreeRate == 0 ? 0 : Double.pow(1 + riskFreeRate, 1 / periodsPerYear) - 1
    }
}
