// The close-time portfolio limits: drawdown and daily loss, checked after each bar is marked.

extension Simulation {
    /// Checks the drawdown and daily-loss limits at bar `t`'s close, where the account is worth
    /// `equity`; a limit reached for the first time halts entries (and for the drawdown with
    /// `liquidate`, closes every position) and is recorded as an event.
    mutating func checkLimits(equity: Double, bar t: Int, timestamp: Int64, _ slots: SlotBuffers) {
        let day = timestamp >= 0 ? timestamp / 86_400 : (timestamp - 86_399) / 86_400
        if day != currentDay {
            if currentDay != .min, t > 0 { dayStartEquity = marks.points[t - 1].equity }
            currentDay = day
        }
        if let limit = limits.maxDrawdown, haltedUntil != .max {
            let drawdown = 1 - equity / marks.peak
            if drawdown >= limit {
                haltedUntil = .max
                var placed = 0
                if limits.onMaxDrawdown == .liquidate { placed = liquidateAll(bar: t, timestamp: timestamp, slots) }
                cancelEntries(bar: t)
                ledger.record(
                    AccountEvent(
                        timestamp: timestamp,
                        kind: limits.onMaxDrawdown == .liquidate ? .drawdownLiquidation : .drawdownHalt,
                        value: drawdown, threshold: limit, orders: placed))
            }
        }
        if let limit = limits.dailyLoss, haltedUntil < t {
            let loss = 1 - equity / dayStartEquity
            if loss >= limit {
                haltedUntil = sessionEnd(from: t)
                cancelEntries(bar: t)
                ledger.record(
                    AccountEvent(timestamp: timestamp, kind: .dailyLossHalt, value: loss, threshold: limit, orders: 0))
            }
        }
    }

    /// Places a closing market order for every position without an exit working; returns how many.
    private mutating func liquidateAll(bar t: Int, timestamp: Int64, _ slots: SlotBuffers) -> Int {
        var held: [Int] = []
        slots.forEachHeld { held.append($0) }
        var placed = 0
        for asset in held where !hasExitWorking(asset) {
            place(OrderIntent(asset: asset, .target, quantity: 0, role: .liquidation), bar: t, timestamp: timestamp)
            placed += 1
        }
        return placed
    }

    /// Cancels the working strategy orders that would add exposure (`trading_halted`).
    private mutating func cancelEntries(bar t: Int) {
        guard book.strategyOrders > 0 else { return }
        for asset in 0..<assetCount where book.working[asset] != 0 {
            let position = broker.position(of: asset)
            if position == 0 {
                cancelWorking(of: asset, side: nil, reason: .tradingHalted)
            } else {
                cancelWorking(of: asset, side: position > 0 ? .buy : .sell, reason: .tradingHalted)
            }
        }
    }
}
