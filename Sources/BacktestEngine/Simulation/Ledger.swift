// The run's records: orders, fills, closed trades, and the per-asset round trips still open.

/// A long position's entry side, accumulated until the position is flat again.
struct OpenRoundTrip {
    var entryQuantity = 0
    var entryValue = 0.0
    var entryFills = 0
    var firstEntryPrice = 0.0
    var entryCommission = 0.0
    var entryBar = 0
    var entryTime: Int64 = 0
    var exitQuantity = 0
    var exitValue = 0.0
    var exitFills = 0
    var firstExitPrice = 0.0
    var exitCommission = 0.0

    /// Quantity-weighted average; exactly the fill price when there was one fill.
    static func average(value: Double, quantity: Int, fills: Int, first: Double) -> Double {
        fills == 1 ? first : value / Double(quantity)
    }
}

/// Orders, fills and trades in the order they happened, plus running totals for the metrics.
struct Ledger {
    private(set) var orders: [Order] = []
    private(set) var fills: [Fill] = []
    private(set) var trades: [Trade] = []
    private(set) var rejections = 0
    private(set) var fillValue = 0.0
    private(set) var totalCommission = 0.0
    private var roundTrips: [OpenRoundTrip]

    init(assetCount: Int) {
        roundTrips = [OpenRoundTrip](repeating: OpenRoundTrip(), count: assetCount)
    }

    /// Records a new order as not yet filled (it reads `expired` until a fill or rejection).
    /// Returns its index in `orders`; its id is index + 1.
    mutating func create(asset: Int, side: Side, quantity: Int, at timestamp: Int64) -> Int {
        let index = orders.count
        orders.append(
            Order(
                id: index + 1, createdAt: timestamp, asset: Int32(truncatingIfNeeded: asset), side: side,
                quantity: quantity, status: .expired))
        return index
    }

    /// Marks order `index` rejected.
    mutating func reject(_ index: Int, reason: RejectionReason) {
        let o = orders[index]
        orders[index] = Order(
            id: o.id, createdAt: o.createdAt, asset: o.asset, side: o.side, quantity: o.quantity,
            status: .rejected, rejection: reason)
        rejections += 1
    }

    /// Marks order `index` filled at bar `bar` and updates the asset's round trip;
    /// `positionAfter` is the asset's position after the fill.
    mutating func fill(
        _ index: Int, price: Double, commission: Double, bar: Int, timestamp: Int64, positionAfter: Int
    ) {
        let o = orders[index]
        orders[index] = Order(
            id: o.id, createdAt: o.createdAt, asset: o.asset, side: o.side, quantity: o.quantity,
            status: .filled, filledAt: timestamp, fillPrice: price, commission: commission)
        fills.append(
            Fill(
                timestamp: timestamp, asset: o.asset, side: o.side, quantity: o.quantity, price: price,
                commission: commission, orderID: o.id))
        let value = Double(o.quantity) * price
        fillValue += value
        totalCommission += commission
        let asset = Int(o.asset)
        switch o.side {
        case .buy:
            if roundTrips[asset].entryQuantity == 0 {
                roundTrips[asset].entryBar = bar
                roundTrips[asset].entryTime = timestamp
                roundTrips[asset].firstEntryPrice = price
            }
            roundTrips[asset].entryQuantity += o.quantity
            roundTrips[asset].entryValue += value
            roundTrips[asset].entryFills += 1
            roundTrips[asset].entryCommission += commission
        case .sell:
            if roundTrips[asset].exitQuantity == 0 { roundTrips[asset].firstExitPrice = price }
            roundTrips[asset].exitQuantity += o.quantity
            roundTrips[asset].exitValue += value
            roundTrips[asset].exitFills += 1
            roundTrips[asset].exitCommission += commission
            if positionAfter == 0 {
                closeRoundTrip(asset: asset, bar: bar, timestamp: timestamp)
            }
        }
    }

    private mutating func closeRoundTrip(asset: Int, bar: Int, timestamp: Int64) {
        let r = roundTrips[asset]
        let entryPrice = OpenRoundTrip.average(
            value: r.entryValue, quantity: r.entryQuantity, fills: r.entryFills, first: r.firstEntryPrice)
        let exitPrice = OpenRoundTrip.average(
            value: r.exitValue, quantity: r.exitQuantity, fills: r.exitFills, first: r.firstExitPrice)
        let commission = r.entryCommission + r.exitCommission
        let quantity = r.entryQuantity
        let pnl = (exitPrice - entryPrice) * Double(quantity) - commission
        trades.append(
            Trade(
                asset: Int32(truncatingIfNeeded: asset), quantity: quantity, entryTime: r.entryTime,
                entryPrice: entryPrice, exitTime: timestamp, exitPrice: exitPrice, commission: commission,
                pnl: pnl, returnFraction: pnl / (entryPrice * Double(quantity)), barsHeld: bar - r.entryBar,
                exitReason: .signal))
        roundTrips[asset] = OpenRoundTrip()
    }
}
