// Orders and fills as the run records them: sides, statuses, rejection reasons.

/// Direction of an order or fill.
public enum Side: String, Sendable {
    /// Opens or adds to a long position.
    case buy
    /// Reduces or closes a long position.
    case sell
}

/// Final state of an order at the end of a run.
public enum OrderStatus: String, Sendable {
    /// Executed in full.
    case filled
    /// Refused; `Order.rejection` says why. Nothing was resized.
    case rejected
    /// Never filled: created on the last bar, or its asset had no later bar.
    case expired
}

/// Why an order was rejected; stable codes.
public enum RejectionReason: String, Sendable, CaseIterable {
    /// A buy whose `value + commission` exceeded the cash at fill time (equality is affordable).
    case insufficientCash = "insufficient_cash"
    /// Sizing gave fewer than one share; recorded at decision time, never pending.
    case quantityRoundsToZero = "quantity_rounds_to_zero"
    /// A sell larger than the position (long only).
    case shortNotAllowed = "short_not_allowed"
}

/// One executed order.
public struct Fill: Sendable, Equatable {
    /// The fill bar's timestamp (UTC seconds).
    public let timestamp: Int64
    /// Asset index into `BacktestResult.assets`.
    public let asset: Int32
    /// Buy or sell.
    public let side: Side
    /// Shares, > 0.
    public let quantity: Int
    /// Execution price: the bar's open (`next_open`) or close (`same_close`).
    public let price: Double
    /// Commission paid on this fill.
    public let commission: Double
    /// The `Order.id` this fill executed.
    public let orderID: Int

    /// Creates a fill record.
    public init(
        timestamp: Int64, asset: Int32, side: Side, quantity: Int, price: Double, commission: Double, orderID: Int
    ) {
        self.timestamp = timestamp
        self.asset = asset
        self.side = side
        self.quantity = quantity
        self.price = price
        self.commission = commission
        self.orderID = orderID
    }
}

/// One order the strategy created, with its outcome.
public struct Order: Sendable, Equatable {
    /// 1, 2, 3... in creation order (deterministic).
    public let id: Int
    /// Timestamp of the decision bar.
    public let createdAt: Int64
    /// Asset index into `BacktestResult.assets`.
    public let asset: Int32
    /// Buy or sell.
    public let side: Side
    /// Requested shares (0 for a `quantity_rounds_to_zero` rejection).
    public let quantity: Int
    /// Outcome.
    public let status: OrderStatus
    /// Fill bar timestamp, when filled.
    public let filledAt: Int64?
    /// Fill price, when filled.
    public let fillPrice: Double?
    /// Commission paid, when filled.
    public let commission: Double?
    /// Why it was rejected, when rejected.
    public let rejection: RejectionReason?

    /// Creates an order record.
    public init(
        id: Int, createdAt: Int64, asset: Int32, side: Side, quantity: Int, status: OrderStatus,
        filledAt: Int64? = nil, fillPrice: Double? = nil, commission: Double? = nil,
        rejection: RejectionReason? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.asset = asset
        self.side = side
        self.quantity = quantity
        self.status = status
        self.filledAt = filledAt
        self.fillPrice = fillPrice
        self.commission = commission
        self.rejection = rejection
    }
}
