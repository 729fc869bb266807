// The run's records: orders, fills, closed trades, and the per-asset round trips still open.
// Round trips follow signed positions: a fill that crosses zero closes one trade and opens the next
// on the other side with the rest of its quantity (and the matching share of its commission).

/// A position's entry side, accumulated until the position is flat again (or flips).
struct OpenRoundTrip {
    /// +1 long, -1 short, 0 when no trade is open.
    var direction = 0
    var entryQuantity = 0.0
    var entryValue = 0.0
    var entryFills = 0
    var firstEntryPrice = 0.0
    var entryCommission = 0.0
    var entryBar = 0
    var entryTime: Int64 = 0
    var exitQuantity = 0.0
    var exitValue = 0.0
    var exitFills = 0
    var firstExitPrice = 0.0
    var exitCommission = 0.0

    /// Quantity-weighted average; exactly the fill price when there was one fill.
    static func average(value: Double, quantity: Double, fills: Int, first: Double) -> Double {
        fills == 1 ? first : value / quantity
    }

    /// Adds an entry fill.
    @inline(__always)
    mutating func enter(quantity: Double, price: Double, commission: Double, bar: Int, timestamp: Int64) {
        if entryQuantity == 0 {
            entryBar = bar
            entryTime = timestamp
            firstEntryPrice = price
        }
        entryQuantity += quantity
        entryValue += quantity * price
        entryFills += 1
        entryCommission += commission
    }

    /// Adds an exit fill.
    @inline(__always)
    mutating func exit(quantity: Double, price: Double, commission: Double) {
        if exitQuantity == 0 { firstExitPrice = price }
        exitQuantity += quantity
        exitValue += quantity * price
        exitFills += 1
        exitCommission += commission
    }
}

/// What one execution was, as the ledger records it.
struct Execution {
    /// Ledger index of the order.
    let order: Int
    /// Shares executed, > 0.
    let quantity: Double
    let price: Double
    let commission: Double
    /// What slippage cost, in cash.
    let slippage: Double
    let bar: Int
    let timestamp: Int64
    /// The asset's signed position before the execution.
    let positionBefore: Double
    /// Why the order existed (a rule's fill closes its trade with the rule's exit reason).
    let role: OrderRole
    /// The highest and lowest price the open position has seen, this fill included (for the
    /// excursions of the trade it closes).
    let high: Double
    let low: Double
}

/// Orders, fills and trades in the order they happened, plus running totals for the metrics.
struct Ledger {
    private(set) var orders: [Order] = []
    private(set) var fills: [Fill] = []
    private(set) var trades: [Trade] = []
    private(set) var rejections = 0
    private(set) var fillValue = 0.0
    private(set) var totalCommission = 0.0
    private(set) var totalSlippage = 0.0
    /// Borrow fees charged on short positions.
    var borrowFees = 0.0
    /// Account events (margin calls, limits, delistings) in the order they happened.
    private(set) var events: [AccountEvent] = []
    private var roundTrips: [OpenRoundTrip]

    init(assetCount: Int) {
        roundTrips = [OpenRoundTrip](repeating: OpenRoundTrip(), count: assetCount)
    }

    /// Bar index of the first entry fill of `asset`'s open trade (meaningless when flat).
    @inline(__always)
    func entryBar(of asset: Int) -> Int { roundTrips[asset].entryBar }

    /// Quantity-weighted average entry price of `asset`'s open trade (meaningless when flat).
    func entryPrice(of asset: Int) -> Double {
        let r = roundTrips[asset]
        return OpenRoundTrip.average(
            value: r.entryValue, quantity: r.entryQuantity, fills: r.entryFills, first: r.firstEntryPrice)
    }

    /// Records a new order as not yet filled (it reads `expired` with `end_of_data` until something
    /// else happens to it). Returns its index in `orders`; its id is index + 1.
    mutating func create(
        asset: Int, side: Side, quantity: Double, terms: OrderTerms, purpose: OrderPurpose = .strategy,
        parent: Int? = nil, at timestamp: Int64
    ) -> Int {
        let index = orders.count
        orders.append(
            Order(
                id: index + 1, createdAt: timestamp, asset: Int32(truncatingIfNeeded: asset), side: side,
                type: terms.type, quantity: quantity, limitPrice: terms.limit.isNaN ? nil : terms.limit,
                stopPrice: terms.stop.isNaN ? nil : terms.stop, timeInForce: terms.timeInForce,
                purpose: purpose, parentID: parent.map { $0 + 1 }, status: .expired, reason: .endOfData))
        return index
    }

    /// Records an account event.
    mutating func record(_ event: AccountEvent) {
        events.append(event)
    }

    /// Sets the quantity of order `index` (a position rule resized to its position).
    mutating func resize(_ index: Int, to quantity: Double) {
        orders[index].quantity = quantity
    }

    /// Marks order `index` rejected.
    mutating func reject(_ index: Int, reason: OrderReason) {
        orders[index].status = .rejected
        orders[index].reason = reason
        rejections += 1
    }

    /// Marks order `index` cancelled or expired for `reason`.
    mutating func end(_ index: Int, _ status: OrderStatus, reason: OrderReason) {
        orders[index].status = status
        orders[index].reason = reason
    }

    /// Records an execution of an order and updates the asset's round trip.
    mutating func fill(_ e: Execution) {
        let (asset, side, id) = orders[e.order].markFilled(
            at: e.timestamp, quantity: e.quantity, price: e.price, commission: e.commission)
        fills.append(
            Fill(
                timestamp: e.timestamp, asset: asset, side: side, quantity: e.quantity, price: e.price,
                commission: e.commission, slippage: e.slippage, orderID: id))
        fillValue += e.quantity * e.price
        totalCommission += e.commission
        totalSlippage += e.slippage
        track(e, asset: Int(asset), sign: side.sign)
    }

    /// Follows the signed position through one execution: adds to the open trade, reduces it, closes
    /// it, or closes it and opens the next on the other side. Works on a local copy of the asset's
    /// round trip, read and written once (per-field updates through the array cost a uniqueness
    /// check each, on every fill).
    @inline(__always)
    private mutating func track(_ e: Execution, asset: Int, sign: Int) {
        let before = e.positionBefore
        var r = roundTrips[asset]
        if before == 0 || (before > 0) == (sign > 0) {
            if before == 0 { r.direction = sign }
            r.enter(quantity: e.quantity, price: e.price, commission: e.commission, bar: e.bar, timestamp: e.timestamp)
            roundTrips[asset] = r
            return
        }
        let closing = min(e.quantity, abs(before))
        let opening = e.quantity - closing
        // The whole commission when nothing opens, so a plain exit adds exactly what it paid.
        let closingCommission = opening == 0 ? e.commission : e.commission * closing / e.quantity
        r.exit(quantity: closing, price: e.price, commission: closingCommission)
        guard closing == abs(before) else {
            roundTrips[asset] = r
            return
        }
        trades.append(Self.trade(of: r, closedBy: e, asset: asset))
        var next = OpenRoundTrip()
        if opening > 0 {
            next.direction = sign
            next.enter(
                quantity: opening, price: e.price, commission: e.commission - closingCommission, bar: e.bar,
                timestamp: e.timestamp)
        }
        roundTrips[asset] = next
    }

    /// The closed trade of round trip `r`.
    private static func trade(of r: OpenRoundTrip, closedBy e: Execution, asset: Int) -> Trade {
        let entryPrice = OpenRoundTrip.average(
            value: r.entryValue, quantity: r.entryQuantity, fills: r.entryFills, first: r.firstEntryPrice)
        let exitPrice = OpenRoundTrip.average(
            value: r.exitValue, quantity: r.exitQuantity, fills: r.exitFills, first: r.firstExitPrice)
        let commission = r.entryCommission + r.exitCommission
        let quantity = r.entryQuantity
        let long = r.direction > 0
        let gross = long ? exitPrice - entryPrice : entryPrice - exitPrice
        let pnl = gross * quantity - commission
        var trade = Trade(
            asset: Int32(truncatingIfNeeded: asset), direction: long ? .long : .short, quantity: quantity,
            entryTime: r.entryTime, entryPrice: entryPrice, exitTime: e.timestamp, exitPrice: exitPrice,
            commission: commission, pnl: pnl, returnFraction: pnl / (entryPrice * quantity),
            entryBar: r.entryBar, exitBar: e.bar, exitReason: e.role.exitReason)
        trade.mfe = long ? e.high / entryPrice - 1 : 1 - e.low / entryPrice
        trade.mae = long ? e.low / entryPrice - 1 : 1 - e.high / entryPrice
        return trade
    }
}
