// Placing orders: a strategy's intent becomes a ledger record and, unless it is rejected at once, a
// working order in the book that becomes active on the bar its fill timing names.

extension Simulation {
    /// The first bar an order decided on bar `t` may execute on.
    @inline(__always)
    func activationBar(decidedOn t: Int) -> Int {
        fillTiming == .nextOpen ? t + 1 : t
    }

    /// Turns one intent into an order (or a rejection) on bar `t`.
    @inline(__always)
    mutating func place(_ intent: OrderIntent, bar t: Int, timestamp: Int64) {
        let asset = intent.asset
        let side: Side
        let quantity: Int
        switch intent.kind {
        case .buy(let q):
            (side, quantity) = (.buy, q)
        case .sell(let q):
            (side, quantity) = (.sell, q)
        case .target(let q):
            let delta = q - broker.position(of: asset)
            if delta == 0 { return }
            (side, quantity) = delta > 0 ? (.buy, delta) : (.sell, -delta)
        }
        let terms = intent.terms
        let index = ledger.create(asset: asset, side: side, quantity: max(quantity, 0), terms: terms, at: timestamp)
        guard quantity >= 1 else {
            ledger.reject(index, reason: .quantityRoundsToZero)
            return
        }
        book.add(
            WorkingOrder(
                ledgerIndex: index, asset: asset, side: side, role: .strategy, type: terms.type, quantity: quantity,
                limit: terms.limit, stop: terms.stop, trail: terms.trail, activeFrom: activationBar(decidedOn: t),
                barsLeft: Self.barsAllowed(terms.timeInForce)))
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
