// The target_weights template resolved: a cross-sectional strategy that turns each row's weight into
// a target position on rebalance bars (and, with a drift band, between them). Hot path: called once
// per bar; it reads the bar's rows only when a rebalance or a drift check is due.

/// See `TargetWeightsParameters` for the semantics.
struct TargetWeightsStrategy: Strategy {
    let weights: ResolvedColumn
    let rebalanceEvery: Int
    /// `infinity` without a drift band, so that no weight drifts past it.
    let drift: Double
    let rounding: QuantityRounding

    init(_ p: TargetWeightsParameters, catalog: ColumnCatalog, rounding: QuantityRounding) {
        weights = catalog.resolve(p.weights)
        rebalanceEvery = p.rebalanceEvery
        drift = p.drift ?? .infinity
        self.rounding = rounding
    }

    @inline(__always)
    func decide(_ section: CrossSection, into intents: inout OrderIntents) {
        let scheduled = section.bar % rebalanceEvery == 0
        guard scheduled || drift.isFinite else { return }
        let equity = section.equity
        guard equity > 0 else { return }
        for row in section.rows {
            let asset = Int(section.asset[row])
            // An order from an earlier rebalance still works (a split order filling): leave it.
            if section.anyWorking && section.working[asset] != 0 { continue }
            let weight = weights.value(row: row, bar: section.bar)
            let w = weight.isNaN ? 0 : weight
            let close = section.close[row]
            let position = section.positions[asset]
            if !scheduled {
                let current = position * close / equity
                guard abs(current - w) > drift else { continue }
            }
            let shares = w * equity / close
            let target = shares < 0 ? -rounding.down(-shares) : rounding.down(shares)
            if target != position {
                intents.append(OrderIntent(asset: asset, .target, quantity: target))
            }
        }
    }
}
