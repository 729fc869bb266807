// Executing the book against a bar. Only assets with a bar at `t` are visited (an order waits for
// its asset's next bar). Within a bar: position-rule orders first, then sells, then buys, each group
// in ascending asset order, so every buy sees the cash left by what executed before it.
// Hand-tuned: one pass over the bar's rows records each row's market price and row index and notes
// the assets with orders; the three phases then walk only those. Storing every row's market price,
// not only the ones with an order, keeps the price column streaming through the hardware
// prefetcher; reading only the sparse ones misses the cache on nearly every fill.

/// Which orders a settlement phase executes.
enum SettlementPhase {
    /// Position-rule orders (stops and targets attached to a position).
    case rules
    /// The strategy's sell orders.
    case sells
    /// The strategy's buy orders.
    case buys

    @inline(__always)
    func includes(_ order: WorkingOrder) -> Bool {
        switch self {
        case .rules: order.role.isRule
        case .sells: !order.role.isRule && order.side == .sell
        case .buys: !order.role.isRule && order.side == .buy
        }
    }
}

extension Simulation {
    /// Executes the working orders of the assets that have a bar at `t`, market orders at
    /// `prices[row]`. With `markingCloses`, also records each row's close as its asset's latest close.
    @inline(__always)
    mutating func settle(
        bar t: Int, timestamp: Int64, rows: Range<Int>, prices: UnsafeBufferPointer<Double>, markingCloses: Bool,
        _ bars: BarColumns, _ slots: SlotBuffers
    ) {
        var count = 0
        let heads = book.heads
        for row in rows {
            let asset = Int(bars.asset[row])
            if markingCloses { slots.lastClose[asset] = bars.close[row] }
            slots.marketPrice[asset] = prices[row]
            if heads[asset] >= 0 {
                slots.rowOf[asset] = row
                slots.ordered[count] = asset
                count += 1
            }
        }
        guard count > 0 else { return }
        if book.ruleCount > 0 {
            for i in 0..<count { work(.rules, asset: slots.ordered[i], bar: t, timestamp: timestamp, bars, slots) }
        }
        for i in 0..<count { work(.sells, asset: slots.ordered[i], bar: t, timestamp: timestamp, bars, slots) }
        for i in 0..<count { work(.buys, asset: slots.ordered[i], bar: t, timestamp: timestamp, bars, slots) }
    }

    /// Matches the active orders of `asset` that belong to `phase`, in creation order.
    @inline(__always)
    private mutating func work(
        _ phase: SettlementPhase, asset: Int, bar t: Int, timestamp: Int64, _ bars: BarColumns, _ slots: SlotBuffers
    ) {
        var previous: Int32 = -1
        var index = book.first(of: asset)
        while index >= 0 {
            let order = book[index]
            let next = order.next
            if phase.includes(order) && order.activeFrom <= t {
                switch attempt(order, at: index, previous: previous, bar: t, timestamp: timestamp, bars, slots) {
                case .kept: previous = index
                case .removed: break
                case .rulesClosed: return // its siblings left the book with it
                }
            } else {
                previous = index
            }
            index = next
        }
    }

    /// What trying an order did to the asset's list.
    private enum Attempt {
        /// The order stays (not triggered, or its level moved).
        case kept
        /// The order left the book (executed, rejected or expired).
        case removed
        /// A position rule executed: it and the other rules of the position left the book.
        case rulesClosed
    }

    /// Tries one order against the bar.
    @inline(__always)
    private mutating func attempt(
        _ order: WorkingOrder, at index: Int32, previous: Int32, bar t: Int, timestamp: Int64, _ bars: BarColumns,
        _ slots: SlotBuffers
    ) -> Attempt {
        let asset = order.asset
        let price: Double
        if order.type == .market {
            price = slots.marketPrice[asset]
        } else {
            let outcome = Matcher.match(
                MatchInput(order: order, bar: bars.quote(slots.rowOf[asset]), marketPrice: slots.marketPrice[asset]))
            price = outcome.price
            if !outcome.executes {
                var kept = outcome.order
                if order.barsLeft != .max { kept.barsLeft = order.barsLeft - 1 }
                if kept.barsLeft <= 0 {
                    book.remove(index, previous: previous)
                    ledger.end(order.ledgerIndex, .expired, reason: .timeInForce)
                    return .removed
                }
                book[index] = kept
                return .kept
            }
        }
        book.remove(index, previous: previous)
        execute(order, price: price, bar: t, timestamp: timestamp, bars, slots)
        if order.role.isRule {
            cancelRules(of: asset, reason: .ocoFilled)
            return .rulesClosed
        }
        return .removed
    }

    /// Executes `order` (already out of the book) at `price` and records the outcome; an execution
    /// that opens a position places its rules.
    @inline(__always)
    private mutating func execute(
        _ order: WorkingOrder, price: Double, bar t: Int, timestamp: Int64, _ bars: BarColumns, _ slots: SlotBuffers
    ) {
        let asset = order.asset
        let before = broker.position(of: asset)
        let request = ExecutionRequest(asset: asset, side: order.side, quantity: order.quantity, price: price)
        switch broker.execute(request) {
        case .filled(let commission):
            let after = broker.position(of: asset)
            slots.setHeld(asset, after != 0)
            ledger.fill(
                Execution(
                    order: order.ledgerIndex, quantity: order.quantity, price: price, commission: commission, bar: t,
                    timestamp: timestamp, positionBefore: before, role: order.role))
            if rules.placesOrders && after != 0 && (before == 0 || (before > 0) != (after > 0)) {
                placeRules(
                    asset: asset, entry: order.ledgerIndex, price: price, position: after,
                    close: bars.close[slots.rowOf[asset]], bar: t, timestamp: timestamp)
            }
        case .rejected(let reason):
            ledger.reject(order.ledgerIndex, reason: reason)
        }
    }
}
