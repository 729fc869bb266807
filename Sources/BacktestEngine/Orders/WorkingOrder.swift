// An order while it works: what the book holds between its creation and its end (filled, cancelled,
// expired, rejected). The run's record of it is `Order` in the ledger; this is the live state, laid
// out in one 64-byte cache line (wide fields first, then the 32-bit and 8-bit ones), since every
// order placed passes through the book.

/// How far a trailing stop follows the price.
struct Trail: Equatable {
    /// Distance in price units, or as a fraction of the price when `isPercent`; 0 when not trailing.
    let distance: Double
    /// Whether `distance` is a fraction of the reference price, in (0, 1).
    let isPercent: Bool

    /// Not a trailing order.
    static let none = Trail(distance: 0, isPercent: false)

    /// A fraction of the reference price, in (0, 1).
    static func percent(_ f: Double) -> Trail { Trail(distance: f, isPercent: true) }

    /// The stop level `distance` away from `price`, below it for a sell stop, above for a buy stop.
    /// A percent trail is `price ∓ price × f`, spelt as backtrader spells it so levels agree bit for bit.
    @inline(__always)
    func level(from price: Double, side: Side) -> Double {
        let d = isPercent ? price * distance : distance
        return side == .sell ? price - d : price + d
    }
}

/// A live order in the book.
struct WorkingOrder {
    private var ledgerSlot: Int32
    /// Last bar index it may work on (day orders); `Int32.max` when unbounded.
    private var lastBarIndex: Int32 = .max
    /// Shares still to fill, >= 1.
    var quantity: Double
    /// Limit price (limit, stop-limit); NaN when none.
    var limit: Double
    /// Stop level (stop, stop-limit, trailing stop: the current level); NaN when none.
    var stop: Double
    /// Trailing distance (trailing stops only).
    var trail: Trail
    private var assetIndex: Int32
    private var firstBar: Int32
    private var barsToWork: Int32
    /// Next order of the same asset in the book, in creation order; -1 at the end.
    var next: Int32 = -1
    /// Buy or sell.
    var side: Side
    /// Strategy order or position rule.
    var role: OrderRole
    /// How it executes.
    var type: OrderType
    /// Whether a stop-limit's stop has triggered (it then works as a limit).
    var triggered = false

    init(
        ledgerIndex: Int, asset: Int, side: Side, role: OrderRole, type: OrderType, quantity: Double,
        limit: Double = .nan, stop: Double = .nan, trail: Trail = .none, activeFrom: Int, barsLeft: Int = .max
    ) {
        ledgerSlot = Int32(truncatingIfNeeded: ledgerIndex)
        self.quantity = quantity
        self.limit = limit
        self.stop = stop
        self.trail = trail
        assetIndex = Int32(truncatingIfNeeded: asset)
        firstBar = Int32(clamping: activeFrom)
        barsToWork = Int32(clamping: barsLeft)
        self.side = side
        self.role = role
        self.type = type
    }

    /// Index of its record in the ledger's `orders`.
    @inline(__always)
    var ledgerIndex: Int { Int(ledgerSlot) }

    /// Last bar index it may work on (day orders); `Int.max`-like (`Int32.max`) when unbounded.
    @inline(__always)
    var lastBar: Int {
        get { Int(lastBarIndex) }
        set { lastBarIndex = Int32(clamping: newValue) }
    }

    /// Asset index.
    @inline(__always)
    var asset: Int { Int(assetIndex) }

    /// First bar index at which it may execute.
    @inline(__always)
    var activeFrom: Int { Int(firstBar) }

    /// Bars of its asset it may still work on (counted down at each visited bar); `Int32.max` means no
    /// limit.
    @inline(__always)
    var barsLeft: Int32 {
        get { barsToWork }
        set { barsToWork = newValue }
    }
}
