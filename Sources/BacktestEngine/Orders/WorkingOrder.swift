// An order while it works: what the book holds between its creation and its end (filled, cancelled,
// expired, rejected). The run's record of it is `Order` in the ledger; this is the live state.

/// How far a trailing stop follows the price.
enum Trail: Equatable {
    /// Not a trailing order.
    case none
    /// A fixed distance in price units.
    case amount(Double)
    /// A fraction of the reference price, in (0, 1).
    case percent(Double)

    /// The stop level `distance` away from `price`, below it for a sell stop, above for a buy stop.
    /// A percent trail is `price ∓ price × f`, spelt as backtrader spells it so levels agree bit for bit.
    @inline(__always)
    func level(from price: Double, side: Side) -> Double {
        let distance: Double
        switch self {
        case .none: return .nan
        case .amount(let x): distance = x
        case .percent(let f): distance = price * f
        }
        return side == .sell ? price - distance : price + distance
    }
}

/// A live order in the book.
struct WorkingOrder {
    /// Index of its record in the ledger's `orders`.
    var ledgerIndex: Int
    /// Asset index.
    var asset: Int
    /// Buy or sell.
    var side: Side
    /// Strategy order or position rule.
    var role: OrderRole
    /// How it executes.
    var type: OrderType
    /// Shares still to fill, >= 1.
    var quantity: Int
    /// Limit price (limit, stop-limit); NaN when none.
    var limit: Double = .nan
    /// Stop level (stop, stop-limit, trailing stop: the current level); NaN when none.
    var stop: Double = .nan
    /// Trailing distance (trailing stops only).
    var trail: Trail = .none
    /// First bar index at which it may execute.
    var activeFrom: Int
    /// Bars of its asset it may still work on (counted down at each visited bar); `Int.max` = no limit.
    var barsLeft: Int = .max
    /// Whether a stop-limit's stop has triggered (it then works as a limit).
    var triggered = false
    /// Next order of the same asset in the book, in creation order; -1 at the end.
    var next: Int32 = -1
}
