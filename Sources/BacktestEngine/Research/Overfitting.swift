// Overfitting statistics for a set of backtests of one strategy under different parameters (a
// sweep): how likely the best of them is luck. Two measures, as published:
//
// - The deflated Sharpe ratio (Bailey and López de Prado, "The Deflated Sharpe Ratio", 2014): the
//   probability that the selected strategy's true Sharpe ratio exceeds the best one expected from
//   `N` trials of a strategy with none, given the trials' dispersion, the track record's length and
//   its returns' skewness and kurtosis.
// - The probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
//   Borwein, López de Prado and Zhu, "The Probability of Backtest Overfitting", 2017): how often the
//   configuration best in one half of the periods ranks in the lower half of the other half.
//
// Both work on per-period (not annualized) Sharpe ratios, mean / sample standard deviation.

import RealModule

/// The deflated Sharpe ratio and the probability of backtest overfitting.
public enum Overfitting {
    /// The Euler–Mascheroni constant γ.
    static let eulerGamma = 0.577_215_664_901_532_9

    /// The Sharpe ratio the best of `trials` independent trials reaches by luck, when their Sharpe
    /// ratios have variance `variance` around a true value of zero:
    /// `SR₀ = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))`. Zero for one trial.
    public static func expectedMaximumSharpe(trials: Int, variance: Double) -> Double {
        guard trials > 1 else { return 0 }
        let n = Double(trials)
        return variance.squareRoot()
            * ((1 - eulerGamma) * NormalDistribution.quantile(1 - 1 / n)
                + eulerGamma * NormalDistribution.quantile(1 - 1 / (n * Double.exp(1))))
    }

    /// The probabilistic Sharpe ratio: the probability that the true Sharpe ratio exceeds
    /// `benchmark`, given the observed per-period `sharpe` over `observations` returns with
    /// `skewness` and `kurtosis` (not excess: 3 for normal returns):
    /// `Φ((SR − SR*) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²))`. NaN when undefined.
    public static func probabilisticSharpe(
        sharpe: Double, benchmark: Double, observations: Int, skewness: Double, kurtosis: Double
    ) -> Double {
        guard observations > 1 else { return .nan }
        let spread = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe
        guard spread > 0 else { return .nan }
        return NormalDistribution.cdf(
            (sharpe - benchmark) * Double(observations - 1).squareRoot() / spread.squareRoot())
    }

    /// The deflated Sharpe ratio: `probabilisticSharpe` against `expectedMaximumSharpe` of the
    /// trials. `trialSharpes` are the per-period Sharpe ratios of every trial (the selected one
    /// included); their sample variance (ddof = 1) is the `V` of the formula.
    public static func deflatedSharpe(
        sharpe: Double, observations: Int, skewness: Double, kurtosis: Double, trialSharpes: [Double]
    ) -> Double {
        guard trialSharpes.allSatisfy(\.isFinite), !trialSharpes.isEmpty else { return .nan }
        return probabilisticSharpe(
            sharpe: sharpe,
            benchmark: expectedMaximumSharpe(trials: trialSharpes.count, variance: variance(of: trialSharpes)),
            observations: observations, skewness: skewness, kurtosis: kurtosis)
    }

    /// The V of the deflation: the sample variance (ddof = 1) of the trials' Sharpe ratios, 0 for one.
    private static func variance(of sharpes: [Double]) -> Double {
        guard sharpes.count > 1 else { return 0 }
        let deviation = SampleStatistics.standardDeviation(sharpes)
        return deviation * deviation
    }

    /// The moments `deflatedSharpe` takes, from one trial's per-period returns: the Sharpe ratio
    /// (mean / sample standard deviation), and the population skewness and kurtosis (`m₃/m₂^1.5`,
    /// `m₄/m₂²`, as in the paper and scipy's `skew` and `kurtosis(fisher=False)`).
    public static func moments(_ returns: [Double]) -> (sharpe: Double, skewness: Double, kurtosis: Double) {
        let n = Double(returns.count)
        guard returns.count >= 2 else { return (.nan, .nan, .nan) }
        let mean = returns.reduce(0, +) / n
        var m2 = 0.0
        var m3 = 0.0
        var m4 = 0.0
        for r in returns {
            let d = r - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * d * d
        }
        guard m2 > 0 else { return (.nan, .nan, .nan) }
        let sharpe = mean / (m2 / (n - 1)).squareRoot()
        let (p2, p3, p4) = (m2 / n, m3 / n, m4 / n)
        return (sharpe, p3 / (p2 * p2.squareRoot()), p4 / (p2 * p2))
    }

    /// The deflated Sharpe ratio with every quantity it is made of.
    public struct Deflation: Sendable, Equatable {
        /// The selected trial's per-period Sharpe ratio.
        public var sharpe: Double
        /// Its returns' skewness.
        public var skewness: Double
        /// Its returns' kurtosis (not excess).
        public var kurtosis: Double
        /// Its number of returns (T).
        public var observations: Int
        /// Trials with a finite Sharpe ratio (N).
        public var trials: Int
        /// The sample variance (ddof = 1) of their Sharpe ratios (V; 0 for one trial).
        public var variance: Double
        /// `expectedMaximumSharpe(trials:variance:)`.
        public var expectedMaximum: Double
        /// `probabilisticSharpe` against 0.
        public var probabilistic: Double
        /// `probabilisticSharpe` against `expectedMaximum`: the deflated Sharpe ratio.
        public var deflated: Double
    }

    /// The deflation of the trial whose per-period returns are `selected`, among trials whose
    /// per-period Sharpe ratios are `trialSharpes` (the selected one included; non-finite ones are
    /// not counted as trials).
    public static func deflation(selected: [Double], trialSharpes: [Double]) -> Deflation {
        let m = moments(selected)
        let finite = trialSharpes.filter(\.isFinite)
        let variance = variance(of: finite)
        let benchmark = expectedMaximumSharpe(trials: finite.count, variance: variance)
        func psr(_ against: Double) -> Double {
            probabilisticSharpe(
                sharpe: m.sharpe, benchmark: against, observations: selected.count, skewness: m.skewness,
                kurtosis: m.kurtosis)
        }
        return Deflation(
            sharpe: m.sharpe, skewness: m.skewness, kurtosis: m.kurtosis, observations: selected.count,
            trials: finite.count, variance: variance, expectedMaximum: benchmark, probabilistic: psr(0),
            deflated: finite.isEmpty ? .nan : psr(benchmark))
    }

    /// What combinatorially symmetric cross-validation found.
    public struct CSCVResult: Sendable, Equatable {
        /// The share of splits whose in-sample best ranks at or below the out-of-sample median
        /// (logit ≤ 0): the probability of backtest overfitting.
        public var probability: Double
        /// Per split, in the order of the combinations (lexicographic over the blocks), the logit
        /// `ln(ω / (1 − ω))` of the in-sample best's relative out-of-sample rank `ω = rank / (N + 1)`.
        public var logits: [Double]
    }

    /// The probability of backtest overfitting of `trials` (each a series of per-period returns, all
    /// of one length `T`): the rows are cut into `blocks` (even) contiguous blocks of ⌊T/S⌋ rows (the
    /// last `T mod S` rows are left out); for each way of choosing half of the blocks as the
    /// in-sample set, the trial with the best in-sample Sharpe ratio is ranked by its Sharpe ratio
    /// on the other half (rank 1 = worst, ties get their average rank). Nil when there are fewer
    /// than two trials, the lengths differ, `blocks` is odd or below 2, or a block would be shorter
    /// than two rows.
    public static func probabilityOfOverfitting(_ trials: [[Double]], blocks: Int = 16) -> CSCVResult? {
        guard trials.count >= 2, blocks >= 2, blocks % 2 == 0 else { return nil }
        let length = trials[0].count
        guard trials.allSatisfy({ $0.count == length }), length / blocks >= 2 else { return nil }
        let rows = length / blocks
        // Per block and trial: the sum and sum of squares of its returns, centered on the trial's
        // mean over the rows used (a Sharpe ratio's dispersion does not move with the centre, and
        // centering keeps the one-pass variance below from cancelling).
        var sums = [[Double]](repeating: [Double](repeating: 0, count: trials.count), count: blocks)
        var squares = sums
        var centres = [Double](repeating: 0, count: trials.count)
        for (n, series) in trials.enumerated() {
            centres[n] = series[0..<(rows * blocks)].reduce(0, +) / Double(rows * blocks)
            for b in 0..<blocks {
                for r in series[(b * rows)..<((b + 1) * rows)] {
                    let d = r - centres[n]
                    sums[b][n] += d
                    squares[b][n] += d * d
                }
            }
        }
        var logits: [Double] = []
        var overfit = 0
        var chosen = Array(0..<(blocks / 2))
        repeat {
            var inSample = [Bool](repeating: false, count: blocks)
            for b in chosen { inSample[b] = true }
            let train = (0..<trials.count).map {
                sharpe(sums, squares, centre: centres[$0], trial: $0, rows: rows, where: inSample, true)
            }
            let test = (0..<trials.count).map {
                sharpe(sums, squares, centre: centres[$0], trial: $0, rows: rows, where: inSample, false)
            }
            // The first best in-sample trial when several tie.
            var best = 0
            for n in train.indices where train[n] > train[best] { best = n }
            let below = test.filter { $0 < test[best] }.count
            let equal = test.filter { $0 == test[best] }.count
            let rank = Double(below) + Double(equal + 1) / 2
            let omega = rank / Double(trials.count + 1)
            let logit = Double.log(omega / (1 - omega))
            logits.append(logit)
            if logit <= 0 { overfit += 1 }
        } while nextCombination(&chosen, of: blocks)
        return CSCVResult(probability: Double(overfit) / Double(logits.count), logits: logits)
    }

    /// The Sharpe ratio of `trial` over the blocks whose `inSample` flag equals `side`, from its
    /// centered sums.
    private static func sharpe(
        _ sums: [[Double]], _ squares: [[Double]], centre: Double, trial: Int, rows: Int, where inSample: [Bool],
        _ side: Bool
    ) -> Double {
        var count = 0.0
        var sum = 0.0
        var square = 0.0
        for b in inSample.indices where inSample[b] == side {
            count += Double(rows)
            sum += sums[b][trial]
            square += squares[b][trial]
        }
        let centered = sum / count
        let variance = (square - count * centered * centered) / (count - 1)
        let mean = centre + centered
        return variance > 0 ? mean / variance.squareRoot() : (mean > 0 ? .infinity : mean < 0 ? -.infinity : 0)
    }

    /// Advances `chosen` (ascending indices in `0..<total`) to the next combination in
    /// lexicographic order; false after the last.
    private static func nextCombination(_ chosen: inout [Int], of total: Int) -> Bool {
        let k = chosen.count
        var i = k - 1
        while i >= 0 && chosen[i] == total - k + i { i -= 1 }
        guard i >= 0 else { return false }
        chosen[i] += 1
        for j in (i + 1)..<k { chosen[j] = chosen[j - 1] + 1 }
        return true
    }
}
