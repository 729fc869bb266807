// Placing orders: a strategy's intent becomes a ledger record and, unless it is rejected at once, a
// working order in the book that becomes active on the bar its fill timing names.

extension Simulation {
    /// The first bar an order decided on bar `t` may execute on.
    @inline(__always)
    func activationBar(decidedOn t: Int) -> Int {
        fillTiming == .nextOpen ? t + 1 : t
    }

    /// Turns one intent into an order (or a rejection) on bar `t`. Kept out of line: it runs for the
    /// few rows that decide something, after the decision loop (inlined or not measured the same).
    @inline(never)
    mutating func place(_ intent: OrderIntent, bar t: Int, timestamp: Int64) {
        let asset = Int(intent.asset)
        let side: Side
        let quantity: Double
        switch intent.action {
        case .buy:
            (side, quantity) = (.buy, intent.quantity)
        case .sell:
            (side, quantity) = (.sell, intent.quantity)
        case .target:
            let delta = intent.quantity - broker.position(of: asset)
            if delta == 0 { return }
            (side, quantity) = delta > 0 ? (.buy, delta) : (.sell, -delta)
        case .cancel:
            cancelWorking(of: asset, side: nil, reason: .withdrawn)
            return
        }
        let position = broker.position(of: asset)
        if position != 0 && (position > 0) != (side == .buy) {
            // An exit decided on this close: its order replaces the position's rules and what rests
            // of the entry.
            if book.ruleCount > 0 { cancelRules(of: asset, reason: .exitDecided) }
            if book.working[asset] != 0 {
                cancelWorking(of: asset, side: position > 0 ? .buy : .sell, reason: .exitDecided)
            }
            if !exitDecidedAt.isEmpty { exitDecidedAt[asset] = t }
        }
        var terms = orderTerms[Int(intent.terms)]
        if !intent.limit.isNaN { terms.limit = intent.limit }
        if !intent.stop.isNaN { terms.stop = intent.stop }
        let index = ledger.create(
            asset: asset, side: side, quantity: max(quantity, 0), terms: terms, purpose: intent.role.purpose,
            at: timestamp)
        guard quantity > 0 else {
            ledger.reject(index, reason: .quantityRoundsToZero)
            return
        }
        if haltedUntil >= t && intent.role == .strategy && (position == 0 || (position > 0) == (side == .buy)) {
            ledger.reject(index, reason: .tradingHalted)
            return
        }
        if !rounding.accepts(quantity) {
            ledger.reject(index, reason: .oddLot)
            return
        }
        if terms.type != .market && terms.type != .marketOnClose && !Self.hasLevels(terms) {
            ledger.reject(index, reason: .missingLevel)
            return
        }
        let activeFrom = activationBar(decidedOn: t)
        var order = WorkingOrder(
            ledgerIndex: index, asset: asset, side: side, role: intent.role, type: terms.type, quantity: quantity,
            limit: terms.limit, stop: terms.stop, trail: terms.trail, activeFrom: activeFrom,
            barsLeft: Self.barsAllowed(terms.timeInForce))
        if terms.timeInForce == .day { order.lastBar = sessionEnd(from: activeFrom) }
        book.add(order)
    }

    /// Whether `terms` has the finite levels its type needs.
    static func hasLevels(_ terms: OrderTerms) -> Bool {
        switch terms.type {
        case .market, .marketOnClose: true
        case .limit: terms.limit.isFinite
        case .stop, .trailingStop: terms.stop.isFinite
        case .stopLimit: terms.limit.isFinite && terms.stop.isFinite
        }
    }

    /// The last bar of the UTC day of bar `a` (the session a day order works in).
    func sessionEnd(from a: Int) -> Int {
        guard a < barCount else { return a }
        let next = (timestamps[a] / 86_400 + (timestamps[a] % 86_400 < 0 ? 0 : 1)) * 86_400
        var low = a
        var high = barCount
        while low < high {
            let mid = (low + high) / 2
            if timestamps[mid] < next { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }

    /// Places the position rules of a position just opened on bar `t` by the fill of order `entry` at
    /// `price`, first active on the next bar. `close` is bar `t`'s close, which a trailing stop's
    /// first level already follows.
    mutating func placeRules(
        asset: Int, entry: Int, price: Double, position: Double, close: Double, bar t: Int, timestamp: Int64
    ) {
        let long = position > 0
        let side: Side = long ? .sell : .buy
        if let f = rules.stopLoss {
            let level = long ? price * (1.0 - f) : price * (1.0 + f)
            var terms = OrderTerms(type: .stop)
            terms.stop = level
            addRule(
                .stopLoss, terms, asset: asset, side: side, quantity: abs(position), entry: entry, bar: t, timestamp)
        }
        if let f = rules.trailingStop {
            let trail = Trail.percent(f)
            let first = trail.level(from: price, side: side)
            let moved = trail.level(from: close, side: side)
            var terms = OrderTerms(type: .trailingStop)
            terms.stop = long ? max(first, moved) : min(first, moved)
            terms.trail = trail
            addRule(
                .trailingStop, terms, asset: asset, side: side, quantity: abs(position), entry: entry, bar: t, timestamp
            )
        }
        if let f = rules.takeProfit {
            var terms = OrderTerms(type: .limit)
            terms.limit = long ? price * (1.0 + f) : price * (1.0 - f)
            addRule(
                .takeProfit, terms, asset: asset, side: side, quantity: abs(position), entry: entry, bar: t, timestamp)
        }
    }

    private mutating func addRule(
        _ role: OrderRole, _ terms: OrderTerms, asset: Int, side: Side, quantity: Double, entry: Int, bar t: Int,
        _ timestamp: Int64
    ) {
        let index = ledger.create(
            asset: asset, side: side, quantity: quantity, terms: terms, purpose: role.purpose, parent: entry,
            at: timestamp)
        book.add(
            WorkingOrder(
                ledgerIndex: index, asset: asset, side: side, role: role, type: terms.type, quantity: quantity,
                limit: terms.limit, stop: terms.stop, trail: terms.trail, activeFrom: t + 1))
    }

    /// Sets the quantity of every position rule of `asset` to `quantity` (its position grew).
    mutating func resizeRules(of asset: Int, to quantity: Double) {
        var index = book.first(of: asset)
        while index >= 0 {
            var order = book[index]
            if order.role.isRule {
                order.quantity = quantity
                book[index] = order
                ledger.resize(order.ledgerIndex, to: quantity)
            }
            index = order.next
        }
    }

    /// Cancels the strategy's working orders of `asset` (on `side` only, when given) for `reason`.
    mutating func cancelWorking(of asset: Int, side: Side?, reason: OrderReason) {
        var previous: Int32 = -1
        var index = book.first(of: asset)
        while index >= 0 {
            let order = book[index]
            let next = order.next
            if order.role == .strategy && (side == nil || order.side == side) {
                book.remove(index, previous: previous)
                ledger.end(order.ledgerIndex, .cancelled, reason: reason)
            } else {
                previous = index
            }
            index = next
        }
    }

    /// Cancels the position rules of `asset` for `reason`.
    mutating func cancelRules(of asset: Int, reason: OrderReason) {
        var previous: Int32 = -1
        var index = book.first(of: asset)
        while index >= 0 {
            let order = book[index]
            let next = order.next
            if order.role.isRule {
                book.remove(index, previous: previous)
                ledger.end(order.ledgerIndex, .cancelled, reason: reason)
            } else {
                previous = index
            }
            index = next
        }
    }

    /// Bars of its asset an order may work on under `timeInForce` (`Int.max`: no count).
    static func barsAllowed(_ timeInForce: TimeInForce) -> Int {
        switch timeInForce {
        case .goodTillCancelled, .day: .max
        case .immediateOrCancel: 1
        case .bars(let n): n
        }
    }
}
