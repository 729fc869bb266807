// Per-bar equity points and the running sums the metrics need (peak, exposure, mean equity, bars
// invested).

/// The equity curve as it is marked, bar by bar, with running aggregates.
struct EquityMarks {
    let initialCash: Double
    private(set) var points: [EquityPoint] = []
    /// `max(initialCash, max equity so far)`.
    private(set) var peak: Double
    /// Σ over bars of gross exposure / equity.
    private(set) var exposureSum = 0.0
    /// Σ over bars of equity.
    private(set) var equitySum = 0.0
    /// Bars closed with a position held (gross exposure > 0).
    private(set) var investedBars = 0

    init(initialCash: Double, capacity: Int) {
        self.initialCash = initialCash
        self.peak = initialCash
        points.reserveCapacity(capacity)
    }

    /// Appends the point for one bar and returns its equity.
    @discardableResult
    @inline(__always)
    mutating func record(at timestamp: Int64, valuation: Valuation) -> Double {
        let equity = valuation.equity
        if equity > peak { peak = equity }
        let drawdown = 1 - equity / peak
        if equity != 0 { exposureSum += valuation.grossExposure / equity }
        if valuation.grossExposure > 0 { investedBars += 1 }
        equitySum += equity
        points.append(EquityPoint(timestamp: timestamp, equity: equity, cash: valuation.cash, drawdown: drawdown))
        return equity
    }
}
