// Closed round trips and per-bar equity points.

/// Why a position was closed.
public enum ExitReason: String, Sendable {
    /// The strategy's exit signal.
    case signal
    /// A position rule's stop-loss.
    case stopLoss = "stop_loss"
    /// A position rule's take-profit.
    case takeProfit = "take_profit"
    /// A position rule's trailing stop.
    case trailingStop = "trailing_stop"
    /// A position rule's holding-period limit.
    case maxBars = "max_bars"
    /// A margin call (or a portfolio limit) liquidated it.
    case liquidation
    /// Its asset's data ended; closed at the last close.
    case delisted
}

/// Long or short.
public enum TradeDirection: String, Sendable {
    /// Bought first, sold to close.
    case long
    /// Sold first, bought back to close.
    case short
}

/// A closed round trip, flat -> long -> flat or flat -> short -> flat (a flip closes one and opens the
/// next). Open positions at the end are not trades.
public struct Trade: Sendable, Equatable {
    /// Asset index into `BacktestResult.assets`.
    public let asset: Int32
    /// Long or short.
    public let direction: TradeDirection
    /// Shares bought and sold (positive either way).
    public let quantity: Double
    /// Timestamp of the first entry fill.
    public let entryTime: Int64
    /// Quantity-weighted average entry fill price.
    public let entryPrice: Double
    /// Timestamp of the fill that made the position flat.
    public let exitTime: Int64
    /// Quantity-weighted average exit fill price.
    public let exitPrice: Double
    /// Entry plus exit commissions.
    public let commission: Double
    /// `(exitPrice - entryPrice) * quantity - commission` for a long, `(entryPrice - exitPrice) * …` for a
    /// short.
    public let pnl: Double
    /// `pnl / (entryPrice * quantity)`.
    public let returnFraction: Double
    /// Bar index of the exit fill minus bar index of the entry fill.
    public let barsHeld: Int
    /// Why it was closed.
    public let exitReason: ExitReason
    /// Maximum favorable excursion: the best price the position saw (its fill prices and the closes
    /// it was held through, from the entry fill's bar; a position opened at a close counts from the
    /// next bar) as a fraction of the entry price: `max / entryPrice − 1` for a long,
    /// `1 − min / entryPrice` for a short.
    public internal(set) var mfe: Double
    /// Maximum adverse excursion, the worst of the same prices: `min / entryPrice − 1` for a long,
    /// `1 − max / entryPrice` for a short.
    public internal(set) var mae: Double

    /// Creates a trade record.
    public init(
        asset: Int32, direction: TradeDirection = .long, quantity: Double, entryTime: Int64, entryPrice: Double,
        exitTime: Int64,
        exitPrice: Double, commission: Double, pnl: Double, returnFraction: Double, barsHeld: Int,
        exitReason: ExitReason, mfe: Double = 0, mae: Double = 0
    ) {
        self.mfe = mfe
        self.mae = mae
        self.asset = asset
        self.direction = direction
        self.quantity = quantity
        self.entryTime = entryTime
        self.entryPrice = entryPrice
        self.exitTime = exitTime
        self.exitPrice = exitPrice
        self.commission = commission
        self.pnl = pnl
        self.returnFraction = returnFraction
        self.barsHeld = barsHeld
        self.exitReason = exitReason
    }

    /// A trade closed by the ledger at bar `exitBar`, opened at `entryBar`; the ledger sets its
    /// excursions.
    init(
        asset: Int32, direction: TradeDirection, quantity: Double, entryTime: Int64, entryPrice: Double,
        exitTime: Int64,
        exitPrice: Double, commission: Double, pnl: Double, returnFraction: Double, entryBar: Int, exitBar: Int,
        exitReason: ExitReason
    ) {
        self.init(
            asset: asset, direction: direction, quantity: quantity, entryTime: entryTime, entryPrice: entryPrice,
            exitTime: exitTime, exitPrice: exitPrice, commission: commission, pnl: pnl, returnFraction: returnFraction,
            barsHeld: exitBar - entryBar, exitReason: exitReason)
    }
}

/// The account marked at one bar's close.
public struct EquityPoint: Sendable, Equatable {
    /// Bar timestamp (UTC seconds).
    public let timestamp: Int64
    /// `cash + Σ position × lastClose`, assets in ascending order.
    public let equity: Double
    /// Cash after the bar's fills.
    public let cash: Double
    /// `1 - equity / max(initialCash, running max equity)`.
    public let drawdown: Double

    /// Creates an equity point.
    public init(timestamp: Int64, equity: Double, cash: Double, drawdown: Double) {
        self.timestamp = timestamp
        self.equity = equity
        self.cash = cash
        self.drawdown = drawdown
    }
}
