// What a finished sweep says about its best combination: which it is, and how likely its result is
// luck: the deflated Sharpe ratio given the number of trials (Bailey and López de Prado, 2014) and
// the probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
// Borwein, López de Prado and Zhu, 2017). Computed once, when the last child ends, from the
// children's session returns (the series their `sharpe` is computed from, less the risk-free rate).
import BacktestEngine

/// The best combination of a sweep and its overfitting statistics.
public struct SweepStatistics: Sendable {
    /// The succeeded combination the objective ranks first (ties: the lowest combination); nil
    /// when none succeeded with a defined objective.
    public var best: Int?
    /// Its objective value.
    public var bestValue: Double = .nan
    /// Succeeded combinations with a defined per-session Sharpe ratio: the N of the deflation.
    public var trials = 0
    /// The best combination's sessions (T).
    public var observations = 0
    /// Its per-session Sharpe ratio.
    public var sharpe = Double.nan
    /// The skewness of its session returns.
    public var skewness = Double.nan
    /// The kurtosis of its session returns (not excess: 3 for normal returns).
    public var kurtosis = Double.nan
    /// Sample variance (ddof 1) of the trials' per-session Sharpe ratios.
    public var sharpeVariance = Double.nan
    /// The Sharpe ratio the best of `trials` reaches by luck, per session.
    public var expectedMaxSharpe = Double.nan
    /// P(true Sharpe > 0) for the best combination.
    public var probabilisticSharpe = Double.nan
    /// P(true Sharpe > expectedMaxSharpe): the deflated Sharpe ratio.
    public var deflatedSharpe = Double.nan
    /// The probability of backtest overfitting; nil when it cannot be computed (`pboNote` says why).
    public var pbo: Double?
    /// The blocks the sessions were cut into (S).
    public var pboBlocks = 0
    /// The splits evaluated (C(S, S/2)).
    public var pboSplits = 0
    /// Why `pbo` is missing.
    public var pboNote: String?

    /// Nothing computed yet: every statistic undefined.
    public init() {}

    /// One succeeded combination: its summary and its excess session returns.
    struct Trial {
        let combination: Int
        let metrics: Metrics
        let returns: [Double]
    }

    /// The statistics of `trials` (in combination order) ranked by `objective`.
    static func compute(_ trials: [Trial], objective: SweepObjective) -> SweepStatistics {
        var s = SweepStatistics()
        var best: Trial?
        for trial in trials {
            let value = objective.value(in: trial.metrics)
            if !value.isNaN && (best == nil || objective.better(value, than: s.bestValue)) {
                best = trial
                s.bestValue = value
            }
        }
        s.best = best?.combination
        let sharpes = trials.map { Overfitting.moments($0.returns).sharpe }
        s.trials = sharpes.count { $0.isFinite }
        if let best {
            let d = Overfitting.deflation(selected: best.returns, trialSharpes: sharpes)
            (s.observations, s.sharpe, s.skewness, s.kurtosis) = (d.observations, d.sharpe, d.skewness, d.kurtosis)
            (s.sharpeVariance, s.expectedMaxSharpe) = (d.variance, d.expectedMaximum)
            (s.probabilisticSharpe, s.deflatedSharpe) = (d.probabilistic, d.sharpe.isFinite ? d.deflated : .nan)
        }
        s.crossValidate(trials.map(\.returns))
        return s
    }

    /// The most blocks CSCV cuts the sessions into.
    static let maxBlocks = 16

    /// Sets `pbo` from the trials' returns: 16 blocks, or fewer (an even number, at least two
    /// sessions each) for a short run.
    private mutating func crossValidate(_ series: [[Double]]) {
        guard series.count >= 2 else {
            pboNote = "needs at least two succeeded combinations"
            return
        }
        let length = series[0].count
        guard series.allSatisfy({ $0.count == length }) else {
            pboNote = "the combinations have different numbers of sessions (a swept dataset or session rule)"
            return
        }
        var blocks = min(Self.maxBlocks, length / 2)
        if blocks % 2 == 1 { blocks -= 1 }
        guard blocks >= 2, let result = Overfitting.probabilityOfOverfitting(series, blocks: blocks) else {
            pboNote = "needs at least four sessions"
            return
        }
        pbo = result.probability
        pboBlocks = blocks
        pboSplits = result.logits.count
    }
}
