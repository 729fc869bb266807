// The account's own actions at a close: margin calls. They run after the strategy's decisions, so a
// position the strategy already decided to close is not closed twice.

extension Simulation {
    /// At bar `t`'s close: when `equity < maintenanceMargin × gross`, closes positions, the largest
    /// absolute value first (ties by ascending asset), until the rest would meet the requirement.
    /// A position with an exit already working counts as closing and gets no second order.
    mutating func callMargin(_ v: Valuation, bar t: Int, timestamp: Int64, _ slots: SlotBuffers) {
        let requirement = account.maintenanceMargin * v.grossExposure
        guard v.grossExposure > 0 && v.equity < requirement else { return }
        var held: [(asset: Int, value: Double)] = []
        slots.forEachHeld { a in held.append((a, abs(Double(broker.position(of: a)) * slots.lastClose[a]))) }
        held.sort { $0.value != $1.value ? $0.value > $1.value : $0.asset < $1.asset }
        var gross = v.grossExposure
        var placed = 0
        for (asset, value) in held where v.equity < account.maintenanceMargin * gross {
            gross -= value
            if hasExitWorking(asset) { continue }
            place(OrderIntent(asset: asset, .target, quantity: 0, role: .liquidation), bar: t, timestamp: timestamp)
            placed += 1
        }
        ledger.record(
            AccountEvent(
                timestamp: timestamp, kind: .marginCall, value: v.equity, threshold: requirement, orders: placed))
    }

    /// Whether a strategy-side order that reduces `asset`'s position is working.
    func hasExitWorking(_ asset: Int) -> Bool {
        let position = broker.position(of: asset)
        var index = book.first(of: asset)
        while index >= 0 {
            let order = book[index]
            if !order.role.isRule && (order.side == .sell) == (position > 0) { return true }
            index = order.next
        }
        return false
    }
}
