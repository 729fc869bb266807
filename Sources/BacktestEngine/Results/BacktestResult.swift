// The complete outcome of a finished run.

/// Everything a finished run produced. Asset fields of the records index `assets`.
public struct BacktestResult: Sendable {
    /// Asset identifiers, ascending byte-wise (the data's `assets`).
    public let assets: [String]
    /// Executed orders in execution order: by bar, sells before buys, ascending asset.
    public let fills: [Fill]
    /// Every order created, by id (creation order), with its final status.
    public let orders: [Order]
    /// Closed round trips, in the order they closed.
    public let trades: [Trade]
    /// One point per bar (distinct timestamp).
    public let equity: [EquityPoint]
    /// Summary statistics.
    public let metrics: Metrics
    /// Positions still open at the end (valued at the last close, not liquidated).
    public let openPositions: Int
    /// Account events (margin calls, portfolio limits, delistings), in the order they happened.
    public let events: [AccountEvent]
    /// Each asset's signed position at the end (by asset index); empty for a result stored before
    /// it was recorded (`AssetAttribution` then sums the fills).
    public let positions: [Double]
    /// Each asset's last close (the price its open position is valued at), by asset index; empty
    /// for a result stored before it was recorded.
    public let lastCloses: [Double]

    /// Creates a result.
    public init(
        assets: [String], fills: [Fill], orders: [Order], trades: [Trade], equity: [EquityPoint],
        metrics: Metrics, openPositions: Int, events: [AccountEvent] = [], positions: [Double] = [],
        lastCloses: [Double] = []
    ) {
        self.assets = assets
        self.fills = fills
        self.orders = orders
        self.trades = trades
        self.equity = equity
        self.metrics = metrics
        self.openPositions = openPositions
        self.events = events
        self.positions = positions
        self.lastCloses = lastCloses
    }
}
