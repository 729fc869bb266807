// The closed vocabulary of orders: how an order executes against a bar, and how long it works.

/// How an order executes against a bar.
public enum OrderType: String, Sendable, CaseIterable {
    /// At the bar's market price (its open for `next_open`, its close for `same_close`).
    case market
    /// At the limit or better: a buy fills when the low reaches the limit, at the open when the open
    /// is already at or below it, else at the limit (mirrored for a sell with the high).
    case limit
    /// Becomes a market order once the price reaches the stop: a sell stop triggers when the low
    /// reaches it and fills at the stop, or at the open when the open is already through it
    /// (mirrored for a buy stop with the high).
    case stop
    /// Becomes a limit order at the limit price once the stop triggers.
    case stopLimit = "stop_limit"
    /// A stop whose level follows the price at a fixed distance (an amount or a percent).
    case trailingStop = "trailing_stop"
    /// At the close of the bar it becomes active on.
    case marketOnClose = "market_on_close"
}

/// How long an order works before it expires unfilled.
public enum TimeInForce: Sendable, Equatable {
    /// Until filled or cancelled.
    case goodTillCancelled
    /// Works until the last bar of the UTC day of the first bar it is active on (for intraday data:
    /// the session's last bar; for daily bars, one bar).
    case day
    /// Fills on the first bar it is active on, or expires.
    case immediateOrCancel
    /// Works on at most `n` bars of its asset (n >= 1), counted from the first bar it is active on.
    case bars(Int)

    /// The spec's spelling: `gtc`, `day`, `ioc`, `bars`.
    public var code: String {
        switch self {
        case .goodTillCancelled: "gtc"
        case .day: "day"
        case .immediateOrCancel: "ioc"
        case .bars: "bars"
        }
    }
}

/// Why an order exists, which decides when it executes within a bar and what its fill means for the
/// trade it closes.
enum OrderRole: UInt8 {
    /// The strategy's own order (entry, exit, or an explicit order).
    case strategy
    /// A position rule's stop-loss.
    case stopLoss
    /// A position rule's take-profit.
    case takeProfit
    /// A position rule's trailing stop.
    case trailingStop
    /// A position rule's holding-period limit.
    case maxBars
    /// A margin call's closing order.
    case liquidation
    /// The close of a position whose asset's data ended.
    case delisting

    /// Resting position rules (stops and targets) execute before the strategy's orders of the same
    /// bar; a holding-period exit is a market order placed on a close, executed with the sells.
    @inline(__always)
    var isRule: Bool { self == .stopLoss || self == .takeProfit || self == .trailingStop }

    /// Whether a participation limit caps its fills: the strategy's orders and holding-period exits;
    /// not protective stops and targets, liquidations or delistings.
    @inline(__always)
    var isCapped: Bool { self == .strategy || self == .maxBars }

    /// The purpose an order of this role is recorded with.
    var purpose: OrderPurpose {
        switch self {
        case .strategy: .strategy
        case .stopLoss: .stopLoss
        case .takeProfit: .takeProfit
        case .trailingStop: .trailingStop
        case .maxBars: .maxBars
        case .liquidation: .liquidation
        case .delisting: .delisting
        }
    }

    /// The exit reason of a trade closed by an order of this role.
    var exitReason: ExitReason {
        switch self {
        case .strategy: .signal
        case .stopLoss: .stopLoss
        case .takeProfit: .takeProfit
        case .trailingStop: .trailingStop
        case .maxBars: .maxBars
        case .liquidation: .liquidation
        case .delisting: .delisted
        }
    }
}
