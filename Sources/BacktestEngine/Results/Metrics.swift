// Summary statistics of a run; each field documents its exact definition.

/// Summary statistics of a run.
///
/// Daily returns `r`: equity sampled at the last bar of each UTC calendar date
/// (`day = floor(timestamp / 86400)`), `r[0] = E[day0] / initialCash - 1`, `r[i] = E[i] / E[i-1] - 1`.
/// Annualization factor 252, risk-free rate 0.
public struct Metrics: Sendable, Equatable {
    /// Equity at the last bar.
    public let finalEquity: Double
    /// `finalEquity / initialCash - 1`.
    public let totalReturn: Double
    /// `(finalEquity / initialCash)^(1 / years) - 1`, `years = (lastTs - firstTs) / (365.25 * 86400)`;
    /// 0 if `years <= 0`.
    public let cagr: Double
    /// `std(r, ddof=1) * sqrt(252)`; 0 with fewer than two days.
    public let annualVolatility: Double
    /// `mean(r) / std(r, ddof=1) * sqrt(252)`; 0 with fewer than two days or zero variance.
    public let sharpe: Double
    /// `mean(r) / sqrt(mean(min(r, 0)^2)) * sqrt(252)` (downside deviation over all periods);
    /// 0 when there are no days or no negative return.
    public let sortino: Double
    /// Maximum over bars of `1 - equity / max(initialCash, max_{s<=t} equity[s])`.
    public let maxDrawdown: Double
    /// Longest run of consecutive bars with drawdown > 0.
    public let maxDrawdownDurationBars: Int
    /// `cagr / maxDrawdown`; 0 when `maxDrawdown == 0`.
    public let calmar: Double
    /// Number of fills.
    public let fills: Int
    /// Number of orders (filled, rejected and expired).
    public let orders: Int
    /// Number of closed trades.
    public let trades: Int
    /// Number of rejected orders (every reason).
    public let rejections: Int
    /// Positions still open at the end.
    public let openPositions: Int
    /// Trades with `pnl > 0` divided by trades; 0 when there are none.
    public let winRate: Double
    /// Gross profit / gross loss (sum of winning pnl / -sum of losing pnl); nil when no trade lost.
    public let profitFactor: Double?
    /// Mean pnl of winning trades (`pnl > 0`); 0 when none.
    public let averageWin: Double
    /// Mean pnl of losing trades (`pnl < 0`), so <= 0; 0 when none.
    public let averageLoss: Double
    /// Mean over bars of `Σ |position × lastClose| / equity`.
    public let exposure: Double
    /// `Σ fill quantity × price / mean(equity over bars)`.
    public let turnover: Double
    /// Sum of all fill commissions.
    public let totalCommission: Double
    /// Sum of what slippage cost every fill (`Fill.slippage`).
    public let totalSlippage: Double
    /// Borrow fees charged on short positions.
    public let totalBorrowFees: Double
    /// `totalCommission + totalSlippage + totalBorrowFees`.
    public var totalCosts: Double { totalCommission + totalSlippage + totalBorrowFees }
    /// `totalCosts / initialCash`: the return the costs took, in units of the starting capital (the
    /// total return without costs would have been about `totalReturn + costDrag`).
    public let costDrag: Double

    /// Creates metrics from precomputed values.
    public init(
        finalEquity: Double, totalReturn: Double, cagr: Double, annualVolatility: Double,
        sharpe: Double, sortino: Double, maxDrawdown: Double, maxDrawdownDurationBars: Int,
        calmar: Double, fills: Int, orders: Int, trades: Int, rejections: Int, openPositions: Int,
        winRate: Double, profitFactor: Double?, averageWin: Double, averageLoss: Double,
        exposure: Double, turnover: Double, totalCommission: Double, totalSlippage: Double = 0,
        totalBorrowFees: Double = 0, costDrag: Double = 0
    ) {
        self.finalEquity = finalEquity
        self.totalReturn = totalReturn
        self.cagr = cagr
        self.annualVolatility = annualVolatility
        self.sharpe = sharpe
        self.sortino = sortino
        self.maxDrawdown = maxDrawdown
        self.maxDrawdownDurationBars = maxDrawdownDurationBars
        self.calmar = calmar
        self.fills = fills
        self.orders = orders
        self.trades = trades
        self.rejections = rejections
        self.openPositions = openPositions
        self.winRate = winRate
        self.profitFactor = profitFactor
        self.averageWin = averageWin
        self.averageLoss = averageLoss
        self.exposure = exposure
        self.turnover = turnover
        self.totalCommission = totalCommission
        self.totalSlippage = totalSlippage
        self.totalBorrowFees = totalBorrowFees
        self.costDrag = costDrag
    }
}
