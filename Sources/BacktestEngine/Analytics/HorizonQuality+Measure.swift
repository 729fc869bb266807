// Measures one signal against one horizon's forward returns: the per-timestamp and pooled
// information coefficients and the quantile table (definitions on `HorizonQuality`).
//
// Hand-tuned because a year of minute bars of 100 assets is ten million rows per signal and
// horizon: the signal's rows are sorted once per signal (`SignalOrder`, by `RadixOrder`) and every
// horizon takes its pairs from that order in one pass (their signal ranks and quantiles need no
// sort of their own); each horizon sorts only its forward returns; the per-timestamp loop reuses
// its buffers.

extension HorizonQuality {
    /// Measures the signal of `order` against `forward` (per row) on `data`'s timestamps.
    init(order: SignalOrder, forward: [Double], data: MarketData, horizon: Int, quantiles: Int) {
        let signal = order.values
        var ics: [Double] = []
        var rankICs: [Double] = []
        var xs: [Double] = []
        var ys: [Double] = []
        for t in data.timestamps.indices {
            xs.removeAll(keepingCapacity: true)
            ys.removeAll(keepingCapacity: true)
            for row in data.rowStart[t]..<data.rowStart[t + 1] where signal[row].isFinite && forward[row].isFinite {
                xs.append(signal[row])
                ys.append(forward[row])
            }
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
        let pooled = Pooled(order: order, forward: forward, quantiles: quantiles)
        self.init(
            horizon: horizon, observations: pooled.count, periods: ics.count, ic: pearson.mean, icStd: pearson.std,
            icIR: pearson.ir, icT: pearson.t, rankIC: spearman.mean, rankICStd: spearman.std, rankICIR: spearman.ir,
            rankICT: spearman.t, pooledIC: pooled.correlation, pooledRankIC: pooled.rankCorrelation,
            quantiles: pooled.quantiles)
    }
}

/// The statistics over all pairs of one horizon at once.
private struct Pooled {
    var count = 0
    var correlation = Double.nan
    var rankCorrelation = Double.nan
    var quantiles: [QuantileQuality] = []

    init(order: SignalOrder, forward: [Double], quantiles q: Int) {
        // The pairs in signal order: the shared order without the rows lacking a forward return,
        // gathered once into sequential arrays.
        var pairSignal: [Double] = []
        var pairForward: [Double] = []
        pairSignal.reserveCapacity(order.rows.count)
        pairForward.reserveCapacity(order.rows.count)
        for (k, row) in order.rows.enumerated() {
            let f = forward[Int(row)]
            guard f.isFinite else { continue }
            pairSignal.append(order.sorted[k])
            pairForward.append(f)
        }
        let n = pairSignal.count
        count = n
        // Signal ranks (ties by their mean rank) and quantiles, from tie blocks of the sorted pairs.
        var signalRank = [Double](repeating: 0, count: n)
        var sums = [(count: Int, signal: Double, forward: Double, hits: Int, min: Double, max: Double)](
            repeating: (0, 0, 0, 0, .nan, .nan), count: q)
        var start = 0
        while start < n {
            let value = pairSignal[start]
            var end = start + 1
            while end < n && pairSignal[end] == value { end += 1 }
            let rank = Double(start + end + 1) / 2
            let bucket = min(q - 1, q * start / n)
            for k in start..<end {
                signalRank[k] = rank
                let f = pairForward[k]
                sums[bucket].count += 1
                sums[bucket].signal += value
                sums[bucket].forward += f
                if f > 0 { sums[bucket].hits += 1 }
            }
            if sums[bucket].min.isNaN { sums[bucket].min = value }
            sums[bucket].max = value
            start = end
        }
        quantiles = sums.enumerated().map { k, s in
            let c = Double(s.count)
            return QuantileQuality(
                quantile: k + 1, count: s.count, minSignal: s.min, maxSignal: s.max,
                meanSignal: s.count == 0 ? .nan : s.signal / c, meanForwardReturn: s.count == 0 ? .nan : s.forward / c,
                hitRate: s.count == 0 ? .nan : Double(s.hits) / c)
        }
        // Forward ranks: one sort of this horizon's forward returns.
        let byForward = RadixOrder.ascending(pairForward)
        var forwardRank = [Double](repeating: 0, count: n)
        start = 0
        while start < n {
            let value = pairForward[Int(byForward[start])]
            var end = start + 1
            while end < n && pairForward[Int(byForward[end])] == value { end += 1 }
            let rank = Double(start + end + 1) / 2
            for k in start..<end { forwardRank[Int(byForward[k])] = rank }
            start = end
        }
        correlation = SampleStatistics.correlation(pairSignal, pairForward)
        rankCorrelation = SampleStatistics.correlation(signalRank, forwardRank)
    }
}
