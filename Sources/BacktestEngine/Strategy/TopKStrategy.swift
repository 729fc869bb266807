// The top_k template resolved for the loop (semantics in TopKParameters.swift): a cross-sectional
// strategy that does nothing between rebalance bars (one flag read per bar) and, on a rebalance bar,
// ranks the bar's candidates in preallocated memory, chooses, sizes and emits target intents in
// ascending asset order. Hot path only in the flag test; a rebalance is O(assets log assets).

/// `TopKWeighting` resolved to plain values.
enum ResolvedWeighting {
    case equal, signal, inverseVolatility
}

/// Holds the k best-ranked assets (and shorts the short_k worst) at target weights.
struct TopKStrategy: Strategy {
    let signal: ResolvedColumn
    /// Per bar: whether it rebalances.
    let schedule: [Bool]
    let k: Int
    /// 0: long only.
    let shortK: Int
    /// The ranks within which a held long (`k + rankBuffer`) or short (`shortK + rankBuffer`) stays.
    let longRanksKept: Int
    let shortRanksKept: Int
    let weighting: ResolvedWeighting
    /// Per row: the asset's volatility on that bar (inverse-volatility weighting only, else empty).
    let volatility: [Double]
    let fraction: Double
    /// `infinity` without a cap.
    let maxWeight: Double
    let rounding: QuantityRounding
    let scratch: RankingScratch

    /// Resolves validated parameters against the catalog; computes the schedule and, for
    /// inverse-volatility weights, each row's volatility (from closes at or before the row).
    init(_ p: TopKParameters, catalog: ColumnCatalog, rounding: QuantityRounding) {
        let data = catalog.data
        signal = catalog.resolve(p.signal)
        schedule = p.rebalance.bars(timestamps: data.timestamps)
        let assets = data.assets.count
        k = p.k
        shortK = p.shortK ?? 0
        // Ranks beyond the assets change nothing; capping the buffer keeps the sums from overflowing.
        let buffer = min(p.rankBuffer, assets)
        longRanksKept = min(k, assets) + buffer
        shortRanksKept = min(shortK, assets) + buffer
        switch p.weighting {
        case .equal:
            weighting = .equal
            volatility = []
        case .signal:
            weighting = .signal
            volatility = []
        case .inverseVolatility(let lookback):
            weighting = .inverseVolatility
            let returns = RuleFunction.pctChange.derive(data.close, [], window: 1, data: data)
            volatility = RuleFunction.std.derive(returns, [], window: lookback, data: data)
        }
        fraction = p.fraction
        maxWeight = p.maxWeight ?? .infinity
        self.rounding = rounding
        scratch = RankingScratch(assetCount: assets)
    }

    @inline(__always)
    func decide(_ section: CrossSection, into intents: inout OrderIntents) {
        guard schedule.withUnsafeBufferPointer({ $0[section.bar] }) else { return }
        rebalance(section, into: &intents)
    }

    /// The decision of a rebalance bar. Out of line: it runs on few bars.
    @inline(never)
    private func rebalance(_ section: CrossSection, into intents: inout OrderIntents) {
        let n = gatherCandidates(section)
        scratch.sort(count: n)
        chooseLongs(count: n, positions: section.positions)
        if shortK > 0 { chooseShorts(count: n, positions: section.positions) }
        size(side: 1, places: k, count: n, section)
        if shortK > 0 { size(side: -1, places: shortK, count: n, section) }
        let targets = scratch.targets
        let positions = section.positions
        for asset in 0..<scratch.assetCount {
            let target = targets[asset]
            targets[asset] = 0
            if section.anyWorking && section.working[asset] != 0 {
                intents.append(OrderIntent(asset: asset, .cancel, quantity: 0))
            }
            if target != positions[asset] { intents.append(OrderIntent(asset: asset, .target, quantity: target)) }
        }
    }

    /// Writes the bar's candidates (a finite signal, and for inverse-volatility weights a finite
    /// volatility above 0) to the scratch memory, in row order; returns how many.
    private func gatherCandidates(_ section: CrossSection) -> Int {
        let c = scratch.candidates
        var n = 0
        for row in section.rows {
            let value = signal.value(row: row, bar: section.bar)
            guard value.isFinite else { continue }
            var inverse = 0.0
            if weighting == .inverseVolatility {
                let sigma = volatility.withUnsafeBufferPointer { $0[row] }
                guard sigma.isFinite && sigma > 0 else { continue }
                inverse = 1 / sigma
            }
            c[n] = RankedCandidate(
                signal: value, row: row, inverseVolatility: inverse, asset: section.asset[row], side: 0)
            n += 1
        }
        return n
    }

    /// Marks the longs among the `n` ranked candidates: held longs ranked within `k + rankBuffer`
    /// (best first, at most k), then the best of the rest up to k.
    private func chooseLongs(count n: Int, positions: UnsafeBufferPointer<Double>) {
        let c = scratch.candidates
        let kept = min(n, longRanksKept)
        var chosen = 0
        var i = 0
        while i < kept && chosen < k {
            if positions[Int(c[i].asset)] > 0 {
                c[i].side = 1
                chosen += 1
            }
            i += 1
        }
        i = 0
        while i < n && chosen < k {
            if c[i].side == 0 {
                c[i].side = 1
                chosen += 1
            }
            i += 1
        }
    }

    /// Marks the shorts among the candidates not chosen long, ranked by ascending signal: held
    /// shorts within `shortK + rankBuffer` of that ranking (at most shortK), then the best of the rest.
    private func chooseShorts(count n: Int, positions: UnsafeBufferPointer<Double>) {
        let c = scratch.candidates
        let kept = shortRanksKept
        var rank = 0
        var chosen = 0
        scratch.forEachAscending(count: n) { i in
            guard c[i].side == 0 else { return true }
            rank += 1
            guard rank <= kept && chosen < shortK else { return false }
            if positions[Int(c[i].asset)] < 0 {
                c[i].side = -1
                chosen += 1
            }
            return true
        }
        scratch.forEachAscending(count: n) { i in
            guard chosen < shortK else { return false }
            if c[i].side == 0 {
                c[i].side = -1
                chosen += 1
            }
            return true
        }
    }

    /// Writes the targets of the candidates chosen on `side` (`places` = k or shortK). Sums run over
    /// the chosen in rank order (signal descending).
    private func size(side: Int8, places: Int, count n: Int, _ section: CrossSection) {
        let c = scratch.candidates
        let targets = scratch.targets
        let book = fraction * section.equity
        let cap = maxWeight * section.equity
        let sign = Double(side)
        var total = 0.0
        switch weighting {
        case .equal: break
        case .signal:
            for i in 0..<n where c[i].side == side { total += max(sign * c[i].signal, 0) }
        case .inverseVolatility:
            for i in 0..<n where c[i].side == side { total += c[i].inverseVolatility }
        }
        for i in 0..<n where c[i].side == side {
            var value: Double
            switch weighting {
            case .equal:
                value = book / Double(places)
            case .signal:
                let x = sign * c[i].signal
                value = x > 0 ? book * x / total : 0
            case .inverseVolatility:
                value = book * c[i].inverseVolatility / total
            }
            if value > cap { value = cap }
            let shares = rounding.down(value / section.close[c[i].row])
            targets[Int(c[i].asset)] = side > 0 ? shares : -shares
        }
    }
}
