// Assets whose data ends before the run's: found once before the loop, closed out at their last bar.

/// An asset whose last bar comes before the run's last timestamp.
struct Delisting {
    /// The asset's last bar index.
    let bar: Int
    /// Asset index.
    let asset: Int

    /// Every asset of `data` whose last bar is before the data's last, by last bar then asset.
    static func all(in data: MarketData) -> [Delisting] {
        let barCount = data.timestamps.count
        guard barCount > 1 else { return [] }
        // Backwards from the last bar until every asset has been seen: one bar for dense data.
        var last = [Int](repeating: -1, count: data.assets.count)
        var unseen = data.assets.count
        var t = barCount - 1
        while t >= 0 && unseen > 0 {
            for row in data.rowStart[t]..<data.rowStart[t + 1] where last[Int(data.asset[row])] < 0 {
                last[Int(data.asset[row])] = t
                unseen -= 1
            }
            t -= 1
        }
        return last.enumerated()
            .filter { $0.element >= 0 && $0.element < barCount - 1 }
            .map { Delisting(bar: $0.element, asset: $0.offset) }
            .sorted { ($0.bar, $0.asset) < ($1.bar, $1.asset) }
    }
}

extension Simulation {
    /// Handles the assets whose data ends at bar `t`: their working orders are cancelled
    /// (`delisted`) and an open position is closed at the last close, a market-on-close order with
    /// purpose `delisting` that pays commission but no slippage (a closing fill, never rejected),
    /// recorded as a `delisting` event.
    mutating func delist(bar t: Int, timestamp: Int64, _ slots: SlotBuffers) {
        while nextDelisting < delistings.count && delistings[nextDelisting].bar == t {
            let asset = delistings[nextDelisting].asset
            nextDelisting += 1
            cancelAll(of: asset, reason: .delisted)
            let position = broker.position(of: asset)
            guard position != 0 else { continue }
            let side: Side = position > 0 ? .sell : .buy
            let price = slots.lastClose[asset]
            let index = ledger.create(
                asset: asset, side: side, quantity: abs(position), terms: OrderTerms(type: .marketOnClose),
                purpose: .delisting, at: timestamp)
            let request = ExecutionRequest(asset: asset, side: side, quantity: abs(position), price: price)
            guard case .filled(let commission) = broker.execute(request) else {
                preconditionFailure("a closing fill is never rejected")
            }
            slots.setHeld(asset, false)
            ledger.fill(
                Execution(
                    order: index, quantity: abs(position), price: price, commission: commission, slippage: 0, bar: t,
                    timestamp: timestamp, positionBefore: position, role: .delisting,
                    high: max(slots.excursionHigh[asset], price), low: min(slots.excursionLow[asset], price)))
            ledger.record(
                AccountEvent(
                    timestamp: timestamp, kind: .delisting, value: Double(position), threshold: 0,
                    asset: Int32(truncatingIfNeeded: asset), orders: 1))
        }
    }

    /// Cancels every working order of `asset` for `reason`.
    mutating func cancelAll(of asset: Int, reason: OrderReason) {
        var index = book.first(of: asset)
        while index >= 0 {
            let order = book[index]
            book.remove(index, previous: -1)
            ledger.end(order.ledgerIndex, .cancelled, reason: reason)
            index = book.first(of: asset)
        }
    }
}
