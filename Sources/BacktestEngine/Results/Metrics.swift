// Summary statistics of a run; each field documents its exact definition and when it is undefined.

/// Summary statistics of a run.
///
/// Conventions: `r[k]` are the session returns (`SessionReturns`: equity at each session's last bar,
/// `r[0]` against the initial cash; sessions by `Sessions`), `n` their count, `P` the settings'
/// `periodsPerYear` (252 by default), `x[k] = r[k] - rf_s` the excess returns over the per-session
/// risk-free rate `rf_s = (1 + riskFreeRate)^(1/P) - 1`. Standard deviations are sample ones
/// (ddof = 1). A statistic that is undefined for the run (too few sessions, a zero denominator, no
/// trades of the kind it averages) is NaN; the API writes it as `null`.
///
/// Short runs: a run of fewer than `P` sessions is shorter than a year, and its return is not
/// annualized (GIPS forbids annualizing returns of periods under a year): `cagr`, `cagrSessions`
/// and `calmar` are NaN, and `totalReturn` is the run's return. Volatilities and ratios are
/// per-session statistics scaled by `sqrt(P)` and are reported from two sessions on.
public struct Metrics: Sendable {
    // Returns.
    /// Equity at the last bar.
    public var finalEquity: Double
    /// `finalEquity / initialCash - 1`.
    public var totalReturn: Double
    /// Calendar CAGR: `(finalEquity / initialCash)^(1 / years) - 1`,
    /// `years = (lastTs - firstTs) / (365.25 × 86,400)`; -1 when the final equity is not positive;
    /// NaN for a short run (fewer than `P` sessions) or `years <= 0`.
    public var cagr: Double
    /// Session CAGR, the convention of quantstats and empyrical: `(finalEquity / initialCash)^(P / n)
    /// - 1` (years = `n / P`); -1 when the final equity is not positive; NaN for a short run.
    public var cagrSessions = Double.nan
    /// Number of sessions, `n`.
    public var sessions = 0
    /// `mean(r)`; NaN without sessions.
    public var meanSessionReturn = Double.nan
    /// `max(r)`; NaN without sessions.
    public var bestSession = Double.nan
    /// `min(r)`; NaN without sessions.
    public var worstSession = Double.nan
    /// Sessions with `r > 0` over sessions with `r != 0` (quantstats' `win_rate`); NaN when every
    /// return is 0.
    public var sessionWinRate = Double.nan

    // Risk.
    /// `std(r) × sqrt(P)`; NaN with fewer than two sessions.
    public var annualVolatility: Double
    /// `mean(x) / std(x) × sqrt(P)`; NaN with fewer than two sessions or no variance.
    public var sharpe: Double
    /// `mean(x) / sqrt(Σ min(x, 0)² / n) × sqrt(P)`; NaN when no excess return is negative.
    public var sortino: Double
    /// Annualized downside deviation `sqrt(Σ min(x, 0)² / n) × sqrt(P)` (empyrical's
    /// `downside_risk` with the required return `rf_s`); NaN without sessions.
    public var downsideDeviation = Double.nan
    /// Skewness of `r` (pandas' adjusted Fisher-Pearson `skew`); NaN below three sessions or
    /// without variance.
    public var skew = Double.nan
    /// Excess kurtosis of `r` (pandas' unbiased `kurt`, 0 for a normal distribution); NaN below
    /// four sessions or without variance.
    public var kurtosis = Double.nan
    /// Historical 95 % value at risk: the 5th percentile of `r` (numpy's linear interpolation;
    /// empyrical's `value_at_risk`), negative for a loss; NaN without sessions.
    public var valueAtRisk = Double.nan
    /// Expected shortfall (CVaR 95 %): the mean of the `⌊(n - 1) × 0.05⌋ + 1` lowest `r`
    /// (empyrical's `conditional_value_at_risk`); NaN without sessions.
    public var expectedShortfall = Double.nan
    /// `|95th percentile of r| / |5th percentile of r|` (empyrical's `tail_ratio`); NaN when the
    /// 5th percentile is 0.
    public var tailRatio = Double.nan
    /// Omega ratio at threshold 0 on the excess returns: `Σ max(x, 0) / Σ max(-x, 0)` (empyrical's
    /// `omega_ratio` with the risk-free `rf_s`); NaN when no excess return is negative.
    public var omega = Double.nan

    // Drawdown.
    /// Maximum over bars of `1 - equity / max(initialCash, max_{s<=t} equity[s])`.
    public var maxDrawdown: Double
    /// Longest run of consecutive bars with drawdown > 0.
    public var maxDrawdownDurationBars: Int
    /// Mean depth of the drawdown periods (`DrawdownPeriod`); NaN when there was none.
    public var averageDrawdown = Double.nan
    /// Number of drawdown periods.
    public var drawdownPeriods = 0
    /// `cagrSessions / maxDrawdown` (the convention of empyrical's `calmar_ratio`); NaN for a short
    /// run or without a drawdown.
    public var calmar: Double
    /// `totalReturn / maxDrawdown`; NaN without a drawdown.
    public var recoveryFactor = Double.nan

    // Activity.
    /// Number of fills.
    public var fills: Int
    /// Number of orders (filled, rejected and expired).
    public var orders: Int
    /// Number of closed trades.
    public var trades: Int
    /// Number of rejected orders (every reason).
    public var rejections: Int
    /// Positions still open at the end.
    public var openPositions: Int
    /// Mean over bars of `Σ |position × lastClose| / equity`.
    public var exposure: Double
    /// Bars closed with a position held (gross exposure > 0) over bars.
    public var timeInMarket = Double.nan
    /// `Σ fill quantity × price / mean(equity over bars)`.
    public var turnover: Double

    // Trades (pnl net of commission; a trade wins when `pnl > 0` and loses when `pnl < 0`).
    /// Winning trades over trades; NaN without trades.
    public var winRate: Double
    /// Gross profit / gross loss (sum of winning pnl / -sum of losing pnl); nil when no trade lost.
    public var profitFactor: Double?
    /// Mean pnl per trade (`winRate × averageWin + lossRate × averageLoss`); NaN without trades.
    public var expectancy = Double.nan
    /// `averageWin / |averageLoss|`; NaN without a win or without a loss.
    public var payoffRatio = Double.nan
    /// Mean pnl of winning trades; NaN when none.
    public var averageWin: Double
    /// Mean pnl of losing trades, so < 0; NaN when none.
    public var averageLoss: Double
    /// The largest pnl of a winning trade; NaN without a win.
    public var largestWin = Double.nan
    /// The most negative pnl of a losing trade; NaN without a loss.
    public var largestLoss = Double.nan
    /// Mean of the trades' `returnFraction`; NaN without trades.
    public var averageTradeReturn = Double.nan
    /// Mean `barsHeld`; NaN without trades.
    public var averageBarsHeld = Double.nan
    /// Mean maximum favorable excursion (`Trade.mfe`, a fraction of the entry price); NaN without
    /// trades.
    public var averageMFE = Double.nan
    /// Mean maximum adverse excursion (`Trade.mae`, <= 0 when the position ever went against the
    /// entry); NaN without trades.
    public var averageMAE = Double.nan
    /// Longest streak of winning trades, in closing order (a losing or break-even trade ends it).
    public var maxConsecutiveWins = 0
    /// Longest streak of losing trades, in closing order (a winning or break-even trade ends it).
    public var maxConsecutiveLosses = 0
    /// Closed long trades.
    public var longTrades = 0
    /// Closed short trades.
    public var shortTrades = 0

    // Costs.
    /// Sum of all fill commissions.
    public var totalCommission: Double
    /// Sum of what slippage cost every fill (`Fill.slippage`).
    public var totalSlippage: Double
    /// Borrow fees charged on short positions.
    public var totalBorrowFees: Double
    /// `totalCommission + totalSlippage + totalBorrowFees`.
    public var totalCosts: Double { totalCommission + totalSlippage + totalBorrowFees }
    /// `totalCosts / initialCash`: the return the costs took, in units of the starting capital (the
    /// total return without costs would have been about `totalReturn + costDrag`).
    public var costDrag: Double

    /// The comparison with the settings' benchmark; nil without one.
    public var benchmark: BenchmarkMetrics?

    /// Creates metrics from precomputed values; the statistics not named here keep their
    /// undefined defaults (NaN, 0 counts, no benchmark) until set.
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
