// Measures one signal against one horizon's forward returns: the per-timestamp and pooled
// information coefficients and the quantile table (definitions on `HorizonQuality`).

extension HorizonQuality {
    /// Measures `signal` (per row) against `forward` (per row) on `data`'s timestamps.
    init(signal: [Double], forward: [Double], data: MarketData, horizon: Int, quantiles: Int) {
        var ics: [Double] = []
        var rankICs: [Double] = []
        var pairedSignal: [Double] = []
        var pairedForward: [Double] = []
        pairedSignal.reserveCapacity(signal.count)
        pairedForward.reserveCapacity(signal.count)
        var xs: [Double] = []
        var ys: [Double] = []
        for t in data.timestamps.indices {
            xs.removeAll(keepingCapacity: true)
            ys.removeAll(keepingCapacity: true)
            for row in data.rowStart[t]..<data.rowStart[t + 1] where signal[row].isFinite && forward[row].isFinite {
                xs.append(signal[row])
                ys.append(forward[row])
            }
            pairedSignal += xs
            pairedForward += ys
            guard xs.count >= 3 else { continue }
            let ic = SampleStatistics.correlation(xs, ys)
            guard ic.isFinite else { continue }
            ics.append(ic)
            rankICs.append(SampleStatistics.rankCorrelation(xs, ys))
        }
        func summary(_ values: [Double]) -> (mean: Double, std: Double, ir: Double, t: Double) {
            let mean = SampleStatistics.mean(values)
            let std = SampleStatistics.standardDeviation(values)
            let ir = std > 0 ? mean / std : .nan
            return (mean, std, ir, ir * Double(values.count).squareRoot())
        }
        let pearson = summary(ics)
        let spearman = summary(rankICs)
        self.init(
            horizon: horizon, observations: pairedSignal.count, periods: ics.count, ic: pearson.mean,
            icStd: pearson.std, icIR: pearson.ir, icT: pearson.t, rankIC: spearman.mean, rankICStd: spearman.std,
            rankICIR: spearman.ir, rankICT: spearman.t,
            pooledIC: SampleStatistics.correlation(pairedSignal, pairedForward),
            pooledRankIC: SampleStatistics.rankCorrelation(pairedSignal, pairedForward),
            quantiles: Self.quantiles(signal: pairedSignal, forward: pairedForward, count: quantiles))
    }

    /// The quantile table of paired values (see `QuantileQuality` for the assignment).
    static func quantiles(signal: [Double], forward: [Double], count q: Int) -> [QuantileQuality] {
        let n = signal.count
        let order = signal.indices.sorted { signal[$0] < signal[$1] || (signal[$0] == signal[$1] && $0 < $1) }
        var sums = [(count: Int, signal: Double, forward: Double, hits: Int, min: Double, max: Double)](
            repeating: (0, 0, 0, 0, .nan, .nan), count: q)
        var blockStart = 0
        for (position, i) in order.enumerated() {
            if position > 0 && signal[i] != signal[order[position - 1]] { blockStart = position }
            let bucket = min(q - 1, q * blockStart / n)
            sums[bucket].count += 1
            sums[bucket].signal += signal[i]
            sums[bucket].forward += forward[i]
            if forward[i] > 0 { sums[bucket].hits += 1 }
            if sums[bucket].count == 1 { sums[bucket].min = signal[i] }
            sums[bucket].max = signal[i]
        }
        return sums.enumerated().map { k, s in
            let c = Double(s.count)
            return QuantileQuality(
                quantile: k + 1, count: s.count, minSignal: s.min, maxSignal: s.max,
                meanSignal: s.count == 0 ? .nan : s.signal / c, meanForwardReturn: s.count == 0 ? .nan : s.forward / c,
                hitRate: s.count == 0 ? .nan : Double(s.hits) / c)
        }
    }
}
