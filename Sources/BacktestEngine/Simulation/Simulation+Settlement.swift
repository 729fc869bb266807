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
        // Locals: read through `bars` and `slots` the pointers are reloaded after every store.
        let (heads, assets, closes) = (book.heads, bars.asset, bars.close)
        let (lastClose, marketPrice, rowOf, ordered) = (slots.lastClose, slots.marketPrice, slots.rowOf, slots.ordered)
        for row in rows {
            let asset = Int(assets[row])
            if markingCloses { lastClose[asset] = closes[row] }
            marketPrice[asset] = prices[row]
            if heads[asset] >= 0 {
                rowOf[asset] = row
                ordered[count] = asset
                count += 1
            }
        }
        if count < book.assetsWithOrders { expireWithoutBar(bar: t, seen: count, slots) }
        guard count > 0 else { return }
        if book.ruleCount > 0 {
            for i in 0..<count { work(.rules, asset: slots.ordered[i], bar: t, timestamp: timestamp, bars, slots) }
        }
        for i in 0..<count { work(.sells, asset: slots.ordered[i], bar: t, timestamp: timestamp, bars, slots) }
        for i in 0..<count { work(.buys, asset: slots.ordered[i], bar: t, timestamp: timestamp, bars, slots) }
    }

    /// Expires the active market orders of the assets that have orders but no bar at `t` (`no_bar`):
    /// a market order executes at its first active bar or not at all, never at a later, stale one.
    /// Resting orders (limits, stops) wait; a count of bars counts only the asset's own bars.
    /// `slots.ordered[0..<seen]` are the assets with orders that have a bar, ascending.
    private mutating func expireWithoutBar(bar t: Int, seen: Int, _ slots: SlotBuffers) {
        var k = 0
        for asset in 0..<assetCount where book.hasOrders(asset) {
            if k < seen && slots.ordered[k] == asset {
                k += 1
                continue
            }
            var previous: Int32 = -1
            var index = book.first(of: asset)
            while index >= 0 {
                let order = book[index]
                let next = order.next
                if order.activeFrom <= t && (order.type == .market || order.type == .marketOnClose) {
                    book.remove(index, previous: previous)
                    ledger.end(order.ledgerIndex, .expired, reason: .noBar)
                } else {
                    previous = index
                }
                index = next
            }
        }
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
        let row = slots.rowOf[asset]
        if order.lastBar < t {
            // A day order whose session ended while its asset had no bar.
            book.remove(index, previous: previous)
            ledger.end(order.ledgerIndex, .expired, reason: .timeInForce)
            return .removed
        }
        var price: Double
        if order.type == .market {
            price = slots.marketPrice[asset]
            if price.isNaN {
                // A market-price column without a value on this bar.
                book.remove(index, previous: previous)
                ledger.reject(order.ledgerIndex, reason: .missingLevel)
                return .removed
            }
        } else {
            let outcome = Matcher.match(
                MatchInput(order: order, bar: bars.quote(row), marketPrice: slots.marketPrice[asset]))
            price = outcome.price
            if !outcome.executes { return wait(outcome.order, at: index, previous: previous, bar: t) }
        }
        var quantity = order.quantity
        if participation > 0 && order.role.isCapped {
            let cap = rounding.down(bars.volume[row] * participation)
            if cap == 0 { return wait(order, at: index, previous: previous, bar: t) }
            quantity = min(quantity, cap)
        }
        let reference = price
        if !slippage.isNone && order.type != .limit && order.type != .stopLimit {
            price = slippage.price(
                price, side: order.side, quantity: quantity, volume: bars.volume[row], row: row, bar: t)
        }
        if quantity < order.quantity {
            // A slice: the order stays in its place and the rest keeps working, unless the account
            // refuses the slice, which ends it (what filled before stands).
            guard
                execute(
                    order, quantity: quantity, price: reference, slipped: price, bar: t, timestamp: timestamp, bars,
                    slots)
            else {
                book.remove(index, previous: previous)
                return .removed
            }
            var rest = order
            rest.quantity -= quantity
            // A stop that triggered works on as a market order.
            if order.type == .stop || order.type == .trailingStop { rest.type = .market }
            if order.type == .stopLimit { rest.type = .limit }
            return wait(rest, at: index, previous: previous, bar: t)
        }
        book.remove(index, previous: previous)
        execute(order, quantity: quantity, price: reference, slipped: price, bar: t, timestamp: timestamp, bars, slots)
        if order.role.isRule {
            cancelRules(of: asset, reason: .ocoFilled)
            return .rulesClosed
        }
        return .removed
    }

    /// Keeps an order that did not execute on this bar (`kept` may carry a moved level), or expires it
    /// when this was the last bar its time in force allowed.
    @inline(__always)
    private mutating func wait(_ kept: WorkingOrder, at index: Int32, previous: Int32, bar t: Int) -> Attempt {
        var kept = kept
        kept.next = book[index].next // fills may have appended to the asset's list since it was read
        if kept.barsLeft != .max { kept.barsLeft -= 1 }
        if kept.barsLeft <= 0 || kept.lastBar <= t {
            book.remove(index, previous: previous)
            ledger.end(kept.ledgerIndex, .expired, reason: .timeInForce)
            return .removed
        }
        book[index] = kept
        return .kept
    }

    /// Executes `quantity` shares of `order` at `slipped` (`price` before slippage) and records the
    /// outcome; returns whether it filled. An execution that opens a position places its rules; one
    /// that adds to it resizes them.
    @inline(__always)
    @discardableResult
    private mutating func execute(
        _ order: WorkingOrder, quantity: Double, price reference: Double, slipped price: Double, bar t: Int,
        timestamp: Int64, _ bars: BarColumns, _ slots: SlotBuffers
    ) -> Bool {
        let asset = order.asset
        let before = broker.position(of: asset)
        let request = ExecutionRequest(asset: asset, side: order.side, quantity: quantity, price: price)
        switch broker.execute(request) {
        case .filled(let commission):
            let after = broker.position(of: asset)
            slots.setHeld(asset, after != 0)
            ledger.fill(
                Execution(
                    order: order.ledgerIndex, quantity: quantity, price: price, commission: commission,
                    slippage: abs(price - reference) * quantity, bar: t, timestamp: timestamp,
                    positionBefore: before, role: order.role, high: max(slots.excursionHigh[asset], price),
                    low: min(slots.excursionLow[asset], price)))
            if after != 0 && (before == 0 || (before > 0) != (after > 0)) {
                startExcursion(asset: asset, price: price, bar: t, slots)
            }
            if abs(after) > abs(before) || (before > 0) != (after > 0) {
                holdings.entryBar[asset] = ledger.entryBar(of: asset)
                holdings.entryPrice[asset] = ledger.entryPrice(of: asset)
            }
            if after == 0 { holdings.exitBar[asset] = t }
            if rules.placesOrders && after != 0 {
                if before == 0 || (before > 0) != (after > 0) {
                    placeRules(
                        asset: asset, entry: order.ledgerIndex, price: price, position: after,
                        close: bars.close[slots.rowOf[asset]], bar: t, timestamp: timestamp)
                } else if abs(after) > abs(before) {
                    resizeRules(of: asset, to: abs(after))
                }
            }
            return true
        case .rejected(let reason):
            ledger.reject(order.ledgerIndex, reason: reason)
            return false
        }
    }
}
