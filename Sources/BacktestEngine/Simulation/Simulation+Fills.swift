// Order placement and execution for the event loop: pending orders are filled when their asset
// next has a bar, sells before buys, each group in ascending asset order.
// Hand-tuned: one pass over a bar's rows executes the sells and notes the pending buys (rather than
// one full pass per side). That pass copies every row's fill price into `fillPrice[asset]`, not only
// the prices of rows with an order: fills are sparse, so reading only their prices misses the cache
// on nearly every fill, while reading each row keeps the price column streaming through the
// hardware prefetcher. (Reading into a local is not enough: the compiler sinks that load into the
// rare branch that uses it; the store keeps it unconditional.)

extension Simulation {
    /// Makes `order` the pending order of `asset` (at most one per asset).
    @inline(__always)
    mutating func enqueue(asset: Int, _ order: PendingOrder, _ slots: SlotBuffers) {
        precondition(slots.pending[asset].orderIndex < 0, "at most one pending order per asset")
        slots.pending[asset] = order
        pendingCount += 1
    }

    /// Fills the pending orders of the assets that have a bar at `t` at `prices[row]`: sells first,
    /// then buys, each group in ascending asset order (rows are sorted by asset). Others stay
    /// pending. With `markingCloses`, also records each row's close as its asset's latest close.
    @inline(__always)
    mutating func settle(
        bar t: Int, timestamp: Int64, rows: Range<Int>, prices: UnsafeBufferPointer<Double>, markingCloses: Bool,
        _ bars: BarColumns, _ slots: SlotBuffers
    ) {
        var buys = 0
        for row in rows {
            let asset = Int(bars.asset[row])
            if markingCloses { slots.lastClose[asset] = bars.close[row] }
            slots.fillPrice[asset] = prices[row]
            let order = slots.pending[asset]
            if order.orderIndex < 0 { continue }
            if order.side == .sell {
                execute(order, asset: asset, bar: t, timestamp: timestamp, slots)
            } else {
                slots.buyAssets[buys] = asset
                buys += 1
            }
        }
        for i in 0..<buys {
            let asset = slots.buyAssets[i]
            execute(slots.pending[asset], asset: asset, bar: t, timestamp: timestamp, slots)
        }
    }

    /// Executes the pending `order` of `asset` at `fillPrice[asset]` and records the outcome.
    mutating func execute(_ order: PendingOrder, asset: Int, bar t: Int, timestamp: Int64, _ slots: SlotBuffers) {
        let price = slots.fillPrice[asset]
        slots.pending[asset] = PendingOrder()
        pendingCount -= 1
        let request = ExecutionRequest(asset: asset, side: order.side, quantity: order.quantity, price: price)
        switch broker.execute(request) {
        case .filled(let commission):
            let position = broker.position(of: asset)
            slots.setHeld(asset, position > 0)
            ledger.fill(
                order.orderIndex, price: price, commission: commission, bar: t, timestamp: timestamp,
                positionAfter: position)
        case .rejected(let reason):
            ledger.reject(order.orderIndex, reason: reason)
        }
    }
}
