// Account-level events: what the engine did on its own to protect the account (margin calls,
// portfolio limits), one record each, listed with the run's results.

/// What happened.
public enum AccountEventKind: String, Sendable, CaseIterable {
    /// Equity fell below the maintenance margin of the gross exposure; positions were liquidated.
    case marginCall = "margin_call"
    /// The drawdown reached `limits.max_drawdown`; new entries are refused from here on.
    case drawdownHalt = "drawdown_halt"
    /// The drawdown reached `limits.max_drawdown`; every position was closed and entries stop.
    case drawdownLiquidation = "drawdown_liquidation"
    /// The day's loss reached `limits.daily_loss`; entries are refused until the next day.
    case dailyLossHalt = "daily_loss_halt"
    /// An asset's data ended with a position open; it was closed at the last close.
    case delisting
}

/// One account event, at the close of the bar it was decided on.
public struct AccountEvent: Sendable, Equatable {
    /// The bar's timestamp (UTC seconds).
    public let timestamp: Int64
    /// What happened.
    public let kind: AccountEventKind
    /// The measured quantity that tripped it (equity for a margin call, the drawdown or the day's
    /// loss as fractions for the limits, the position for a delisting).
    public let value: Double
    /// The threshold it was compared with (the maintenance requirement, the configured limit, 0).
    public let threshold: Double
    /// The asset it concerns, when one (a delisting); -1 for the whole account.
    public let asset: Int32
    /// Orders the event placed (liquidations).
    public let orders: Int

    /// Creates an event record.
    public init(
        timestamp: Int64, kind: AccountEventKind, value: Double, threshold: Double, asset: Int32 = -1, orders: Int
    ) {
        self.timestamp = timestamp
        self.kind = kind
        self.value = value
        self.threshold = threshold
        self.asset = asset
        self.orders = orders
    }
}
