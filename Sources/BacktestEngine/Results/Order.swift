// Orders and fills as the run records them: sides, statuses, purposes and reason codes.

/// Direction of an order or fill.
public enum Side: String, Sendable {
    /// Opens or adds to a long position, or reduces a short one.
    case buy
    /// Reduces a long position, or opens or adds to a short one.
    case sell

    /// +1 for a buy, -1 for a sell.
    @inlinable
    public var sign: Int { self == .buy ? 1 : -1 }
}

/// Final state of an order at the end of a run.
public enum OrderStatus: String, Sendable {
    /// Executed in full.
    case filled
    /// Refused; `Order.reason` says why. Nothing was resized.
    case rejected
    /// Withdrawn before it executed: its other half of a one-cancels-other pair filled, the position
    /// it protected was closed, or the strategy replaced it. `Order.reason` says which.
    case cancelled
    /// Never executed: its time in force ran out, its asset had no later bar, or the data ended.
    case expired
}

/// Why an order was placed.
public enum OrderPurpose: String, Sendable {
    /// The strategy's order: an entry, an exit, or an explicit order.
    case strategy
    /// A position rule's stop-loss, placed when the entry filled.
    case stopLoss = "stop_loss"
    /// A position rule's take-profit, placed when the entry filled.
    case takeProfit = "take_profit"
    /// A position rule's trailing stop, placed when the entry filled.
    case trailingStop = "trailing_stop"
    /// A position rule's holding-period exit.
    case maxBars = "max_bars"
    /// A margin call's liquidation of the position.
    case liquidation
    /// The close of a position whose asset's data ended before the run's.
    case delisting
}

/// Why an order did not fill; stable codes.
public enum OrderReason: String, Sendable, CaseIterable {
    /// Rejected: a buy whose `value + commission` exceeded the cash at fill time (equality is
    /// affordable).
    case insufficientCash = "insufficient_cash"
    /// Rejected: sizing gave fewer than one share; recorded at decision time, never working.
    case quantityRoundsToZero = "quantity_rounds_to_zero"
    /// Rejected: a sell larger than the position in an account that does not short.
    case shortNotAllowed = "short_not_allowed"
    /// Rejected: after the fill the gross exposure would exceed the account's leverage cap.
    case maxLeverage = "max_leverage"
    /// Rejected: after the fill the equity would not cover the initial margin of the gross exposure.
    case insufficientMargin = "insufficient_margin"
    /// Rejected: the quantity is not a whole multiple of the account's lot size.
    case oddLot = "odd_lot"
    /// Rejected: after the fill the gross exposure would exceed `limits.max_gross_exposure`.
    case maxGrossExposure = "max_gross_exposure"
    /// Rejected: after the fill the net exposure would exceed `limits.max_net_exposure`.
    case maxNetExposure = "max_net_exposure"
    /// Rejected: the fill would open a position while `limits.max_positions` are open.
    case maxPositions = "max_positions"
    /// Rejected: after the fill the position would weigh more than `limits.max_position_weight`.
    case maxPositionWeight = "max_position_weight"
    /// Rejected or cancelled: it adds exposure while a drawdown or daily-loss limit halts entries.
    case tradingHalted = "trading_halted"
    /// Rejected: the column its limit or stop level comes from had no value on the decision bar, or the
    /// market-price column had none on the fill bar.
    case missingLevel = "missing_level"
    /// Cancelled: the other order of its one-cancels-other pair executed.
    case ocoFilled = "oco_filled"
    /// Cancelled: the position it was attached to was closed by another order.
    case positionClosed = "position_closed"
    /// Cancelled: the strategy decided to close the position on a close; its market order replaces
    /// the position rules.
    case exitDecided = "exit_decided"
    /// Cancelled: the strategy withdrew it (its side's exit signal while the entry rested).
    case withdrawn
    /// Expired: the time in force ran out before the order could execute.
    case timeInForce = "time_in_force"
    /// Expired: the run ended before the order could execute.
    case endOfData = "end_of_data"
    /// Expired: its asset had no bar at a timestamp the order was working on, and the order's time
    /// in force does not wait for one (market and market-on-close orders expire after one missing bar).
    case noBar = "no_bar"
    /// Cancelled: its asset's data ended, and the position was closed at its last close.
    case delisted
}

/// One executed order (or one slice of it, when a participation limit splits it over bars).
public struct Fill: Sendable, Equatable {
    /// The fill bar's timestamp (UTC seconds).
    public let timestamp: Int64
    /// Asset index into `BacktestResult.assets`.
    public let asset: Int32
    /// Buy or sell.
    public let side: Side
    /// Shares, > 0 (whole unless the account is fractional).
    public let quantity: Double
    /// Execution price.
    public let price: Double
    /// Commission paid on this fill.
    public let commission: Double
    /// What slippage cost this fill: `|price − unslipped price| × quantity` (0 without slippage).
    public let slippage: Double
    /// The `Order.id` this fill executed.
    public let orderID: Int

    /// Creates a fill record.
    public init(
        timestamp: Int64, asset: Int32, side: Side, quantity: Double, price: Double, commission: Double,
        slippage: Double = 0, orderID: Int
    ) {
        self.timestamp = timestamp
        self.asset = asset
        self.side = side
        self.quantity = quantity
        self.price = price
        self.commission = commission
        self.slippage = slippage
        self.orderID = orderID
    }
}

/// One order of the run, with its terms and its outcome.
///
/// Stored compactly (a run records one per decision, hundreds of thousands in a long backtest):
/// absent prices and times are NaN or a sentinel inside, optionals outside.
public struct Order: Sendable, Equatable {
    /// 1, 2, 3... in creation order (deterministic).
    public let id: Int
    /// Timestamp of the bar it was created on (the decision bar, or the entry's fill bar for a rule).
    public let createdAt: Int64
    /// Asset index into `BacktestResult.assets`.
    public let asset: Int32
    /// Buy or sell.
    public let side: Side
    /// How it executes.
    public let type: OrderType
    /// Why it was placed.
    public let purpose: OrderPurpose
    /// Outcome.
    public internal(set) var status: OrderStatus
    /// Why it did not fill, when rejected, cancelled or expired.
    public internal(set) var reason: OrderReason?
    private let timeInForceBars: Int32
    private let parent: Int32
    /// Requested shares (0 for a `quantity_rounds_to_zero` rejection); a position rule's follows the
    /// position it protects when later slices of the entry fill.
    public internal(set) var quantity: Double
    /// Shares filled so far (over one or more fills).
    public private(set) var filledQuantity: Double
    private let limit: Double
    private let stop: Double
    private var filledTime: Int64
    /// The first fill's price, and the value of every fill.
    private var price: Double
    private var value: Double
    private var paid: Double

    /// Limit price (limit and stop-limit orders).
    public var limitPrice: Double? { limit.isNaN ? nil : limit }
    /// Stop level when placed (stop, stop-limit and trailing stop orders).
    public var stopPrice: Double? { stop.isNaN ? nil : stop }
    /// How long it works.
    public var timeInForce: TimeInForce { TimeInForce(compact: timeInForceBars) }
    /// The entry order whose fill placed it (position rules).
    public var parentID: Int? { parent == 0 ? nil : Int(parent) }
    /// Timestamp of the last fill, when any.
    public var filledAt: Int64? { filledTime == .min ? nil : filledTime }
    /// Quantity-weighted average fill price (exactly the price of a single fill), when any.
    public var fillPrice: Double? {
        filledTime == .min ? nil : value == filledQuantity * price ? price : value / filledQuantity
    }
    /// Commission paid over every fill, when any.
    public var commission: Double? { filledTime == .min ? nil : paid }

    /// Records a fill of `quantity` shares in one access; returns what the fill record repeats. The
    /// order reads `filled` once every share is; until then it keeps its working status.
    @inline(__always)
    mutating func markFilled(
        at timestamp: Int64, quantity: Double, price: Double, commission: Double
    ) -> (Int32, Side, Int) {
        if filledTime == .min {
            self.price = price
            value = quantity * price
            paid = commission
        } else {
            value += quantity * price
            paid += commission
        }
        filledQuantity += quantity
        filledTime = timestamp
        if filledQuantity >= self.quantity {
            status = .filled
            reason = nil
        }
        return (asset, side, id)
    }

    /// Creates an order record.
    public init(
        id: Int, createdAt: Int64, asset: Int32, side: Side, type: OrderType = .market, quantity: Double,
        limitPrice: Double? = nil, stopPrice: Double? = nil, timeInForce: TimeInForce = .goodTillCancelled,
        purpose: OrderPurpose = .strategy, parentID: Int? = nil, status: OrderStatus,
        filledAt: Int64? = nil, fillPrice: Double? = nil, commission: Double? = nil, reason: OrderReason? = nil,
        filledQuantity: Double? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.asset = asset
        self.side = side
        self.type = type
        self.purpose = purpose
        self.status = status
        self.reason = reason
        self.timeInForceBars = timeInForce.compact
        self.parent = Int32(truncatingIfNeeded: parentID ?? 0)
        self.quantity = quantity
        self.filledQuantity = filledQuantity ?? (filledAt == nil ? 0 : quantity)
        self.limit = limitPrice ?? .nan
        self.stop = stopPrice ?? .nan
        self.filledTime = filledAt ?? .min
        self.price = fillPrice ?? .nan
        self.value = self.filledQuantity * (fillPrice ?? .nan)
        self.paid = commission ?? .nan
    }

    /// Two records are equal when every term and outcome is (NaN-free: absent values compare as nil).
    public static func == (a: Order, b: Order) -> Bool {
        a.id == b.id && a.createdAt == b.createdAt && a.asset == b.asset && a.side == b.side && a.type == b.type
            && a.purpose == b.purpose && a.status == b.status && a.reason == b.reason && a.timeInForce == b.timeInForce
            && a.parentID == b.parentID && a.quantity == b.quantity && a.limitPrice == b.limitPrice
            && a.stopPrice == b.stopPrice && a.filledAt == b.filledAt && a.fillPrice == b.fillPrice
            && a.commission == b.commission && a.filledQuantity == b.filledQuantity
    }
}

extension TimeInForce {
    /// `bars(n)` as n >= 1; the others as 0 and -2.
    var compact: Int32 {
        switch self {
        case .goodTillCancelled: 0
        case .day: -1
        case .immediateOrCancel: -2
        case .bars(let n): Int32(clamping: n)
        }
    }

    init(compact: Int32) {
        switch compact {
        case 0: self = .goodTillCancelled
        case -1: self = .day
        case -2: self = .immediateOrCancel
        default: self = .bars(Int(compact))
        }
    }
}
