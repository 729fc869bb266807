// Plain statistics of samples of doubles (moments, percentiles, correlations, ranks), each with the
// convention of the pandas / numpy / empyrical function it matches, so the metrics built on them
// can be checked against those peers. Hand-written: the engine depends on no statistics package.

/// Statistics of a sample; each is NaN when the sample is too small or degenerate for it.
enum SampleStatistics {
    /// Arithmetic mean; NaN for an empty sample.
    static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
    }

    /// Sample standard deviation (ddof = 1, pandas' `std()`); NaN with fewer than two values.
    static func standardDeviation(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        let m = mean(x)
        let squares = x.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (squares / Double(x.count - 1)).squareRoot()
    }

    /// `sqrt(Σ min(x, 0)² / n)`: the root mean square of the negative values over all `n` values
    /// (empyrical's `downside_risk` before annualization); NaN for an empty sample.
    static func downsideDeviation(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        return (x.reduce(0) { $0 + min($1, 0) * min($1, 0) } / Double(x.count)).squareRoot()
    }

    /// Centered sums `Σ (x - mean)^2`, `^3`, `^4`.
    private static func centralSums(_ x: [Double]) -> (m2: Double, m3: Double, m4: Double) {
        let m = mean(x)
        var sums = (m2: 0.0, m3: 0.0, m4: 0.0)
        for v in x {
            let d = v - m
            let d2 = d * d
            sums.m2 += d2
            sums.m3 += d2 * d
            sums.m4 += d2 * d2
        }
        return sums
    }

    /// Adjusted Fisher-Pearson skewness, pandas' `skew()`:
    /// `n sqrt(n - 1) / (n - 2) · m3 / m2^1.5` over centered sums; NaN with fewer than three
    /// values or no variance.
    static func skewness(_ x: [Double]) -> Double {
        guard x.count >= 3 else { return .nan }
        let n = Double(x.count)
        let s = centralSums(x)
        guard s.m2 > 0 else { return .nan }
        return n * (n - 1).squareRoot() / (n - 2) * (s.m3 / (s.m2 * s.m2.squareRoot()))
    }

    /// Excess kurtosis with the unbiased estimator, pandas' `kurt()`:
    /// `n (n + 1) (n - 1) m4 / ((n - 2)(n - 3) m2²) - 3 (n - 1)² / ((n - 2)(n - 3))`; NaN with fewer
    /// than four values or no variance.
    static func excessKurtosis(_ x: [Double]) -> Double {
        guard x.count >= 4 else { return .nan }
        let n = Double(x.count)
        let s = centralSums(x)
        guard s.m2 > 0 else { return .nan }
        let numerator = n * (n + 1) * (n - 1) * s.m4
        let denominator = (n - 2) * (n - 3) * s.m2 * s.m2
        return numerator / denominator - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3))
    }

    /// The `q`-quantile (`q` in [0, 1]) with linear interpolation between closest ranks, numpy's
    /// default `percentile(x, 100 q)`: `h = (n - 1) q`, `x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋])`
    /// over the sorted values; NaN for an empty sample.
    static func quantile(sorted x: [Double], _ q: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let h = Double(x.count - 1) * q
        let low = Int(h.rounded(.down))
        guard low + 1 < x.count else { return x[x.count - 1] }
        return x[low] + (h - Double(low)) * (x[low + 1] - x[low])
    }

    /// Mean of the `⌊(n - 1) · cutoff⌋ + 1` smallest values, empyrical's
    /// `conditional_value_at_risk`; NaN for an empty sample.
    static func tailMean(sorted x: [Double], cutoff: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let k = Int((Double(x.count - 1) * cutoff).rounded(.down))
        return mean(Array(x[...k]))
    }

    /// Pearson correlation of paired samples; NaN with fewer than two pairs or when either has no
    /// variance.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count >= 2 else { return .nan }
        let mx = mean(x)
        let my = mean(y)
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx
            let dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Ranks 1...n, ties given the mean of the ranks they span (scipy's `rankdata`, "average").
    static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: x.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && x[order[end]] == x[order[start]] { end += 1 }
            let rank = Double(start + end + 1) / 2 // mean of start + 1 ... end
            for k in start..<end { ranks[order[k]] = rank }
            start = end
        }
        return ranks
    }

    /// Spearman rank correlation: Pearson correlation of the average ranks (scipy's `spearmanr`).
    static func rankCorrelation(_ x: [Double], _ y: [Double]) -> Double {
        correlation(ranks(x), ranks(y))
    }
}
