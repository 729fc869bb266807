// How a template places its entries and its exits: the order type, where its levels come from, and
// its time in force (`entry_order` and `exit_order` in the spec; market orders by default).

/// Where an order's limit or stop level comes from.
public enum LevelSource: Sendable, Equatable {
    /// Relative to the decision bar's close `c`: a buy's level is `c × (1 + bps / 10,000)`, a sell's
    /// `c × (1 − bps / 10,000)`. So a negative offset puts a buy limit below the close and a sell
    /// limit above it (a passive order); a positive one puts a buy stop above the close.
    case offsetBps(Double)
    /// A column of the bars (or the context), read on the decision bar: the level itself. A missing
    /// (NaN) value places no order (`missing_level`).
    case column(String)
}

/// How far a trailing stop follows the price.
public enum TrailDistance: Sendable, Equatable {
    /// In price units, > 0.
    case amount(Double)
    /// As a fraction of the price, in (0, 1).
    case percent(Double)
}

/// The order a template places for an entry or an exit.
///
/// `market` and `market_on_close` take no levels; `limit` a limit, `stop` a stop, `stop_limit` both;
/// `trailing_stop` a trail (its first level is the trail from the decision close). A resting entry is
/// withdrawn by its side's exit signal (`withdrawn`) and blocks further entries for its asset while it
/// works; a resting exit blocks a second exit.
public struct OrderSpec: Sendable, Equatable {
    /// The order type.
    public var type: OrderType
    /// The limit level (limit and stop-limit orders).
    public var limit: LevelSource?
    /// The stop level (stop and stop-limit orders).
    public var stop: LevelSource?
    /// The trailing distance (trailing stops).
    public var trail: TrailDistance?
    /// How long it works.
    public var timeInForce: TimeInForce

    /// An order as given; `Backtest.problems` checks that its levels fit its type.
    public init(
        type: OrderType = .market, limit: LevelSource? = nil, stop: LevelSource? = nil, trail: TrailDistance? = nil,
        timeInForce: TimeInForce = .goodTillCancelled
    ) {
        self.type = type
        self.limit = limit
        self.stop = stop
        self.trail = trail
        self.timeInForce = timeInForce
    }

    /// A market order, good till cancelled (the default).
    public static let market = OrderSpec()
}

/// A part of an `OrderSpec`, for validation problems.
public enum OrderSpecField: Sendable, Equatable {
    case type, limit, stop, trail, timeInForce
}
