// Turns a finished run's records into `Metrics` (once per result, not in the loop):
// drawdown, CAGR, trade statistics.

import RealModule

/// Computes the summary statistics of a finished run.
struct MetricsCalculator {
    let initialCash: Double
    let marks: EquityMarks
    let ledger: Ledger
    let openPositions: Int

    func metrics() -> Metrics {
        let points = marks.points
        let finalEquity = points.last?.equity ?? initialCash
        let returns = DailyReturns(equity: points, initialCash: initialCash)
        let cagr = Self.cagr(finalEquity: finalEquity, initialCash: initialCash, points: points)
        let (maxDrawdown, duration) = Self.drawdown(points)
        let trades = TradeStatistics(ledger.trades)
        let bars = Double(max(points.count, 1))
        let meanEquity = marks.equitySum / bars
        return Metrics(
            finalEquity: finalEquity,
            totalReturn: finalEquity / initialCash - 1,
            cagr: cagr,
            annualVolatility: returns.annualVolatility,
            sharpe: returns.sharpe,
            sortino: returns.sortino,
            maxDrawdown: maxDrawdown,
            maxDrawdownDurationBars: duration,
            calmar: maxDrawdown == 0 ? 0 : cagr / maxDrawdown,
            fills: ledger.fills.count,
            orders: ledger.orders.count,
            trades: ledger.trades.count,
            rejections: ledger.rejections,
            openPositions: openPositions,
            winRate: trades.winRate,
            profitFactor: trades.profitFactor,
            averageWin: trades.averageWin,
            averageLoss: trades.averageLoss,
            exposure: points.isEmpty ? 0 : marks.exposureSum / bars,
            turnover: meanEquity == 0 ? 0 : ledger.fillValue / meanEquity,
            totalCommission: ledger.totalCommission, totalSlippage: ledger.totalSlippage,
            totalBorrowFees: ledger.borrowFees,
            costDrag: (ledger.totalCommission + ledger.totalSlippage + ledger.borrowFees) / initialCash)
    }

    /// `(final / initial)^(1 / years) - 1`, `years = (lastTs - firstTs) / (365.25 * 86400)`; 0 if years <= 0.
    static func cagr(finalEquity: Double, initialCash: Double, points: [EquityPoint]) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        let years = Double(last.timestamp - first.timestamp) / (365.25 * 86_400)
        guard years > 0 else { return 0 }
        let growth = finalEquity / initialCash
        guard growth > 0 else { return -1 }
        return Double.pow(growth, 1 / years) - 1
    }

    /// Maximum per-bar drawdown and the longest run of consecutive bars with drawdown > 0.
    static func drawdown(_ points: [EquityPoint]) -> (max: Double, durationBars: Int) {
        var maximum = 0.0
        var longest = 0
        var run = 0
        for point in points {
            maximum = max(maximum, point.drawdown)
            if point.drawdown > 0 {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        return (maximum, longest)
    }
}

/// Statistics over closed trades. A trade wins when `pnl > 0` and loses when `pnl < 0`.
struct TradeStatistics {
    let winRate: Double
    let profitFactor: Double?
    let averageWin: Double
    let averageLoss: Double

    init(_ trades: [Trade]) {
        var wins = 0
        var losses = 0
        var grossProfit = 0.0
        var grossLoss = 0.0
        for trade in trades {
            if trade.pnl > 0 {
                wins += 1
                grossProfit += trade.pnl
            } else if trade.pnl < 0 {
                losses += 1
                grossLoss += trade.pnl
            }
        }
        winRate = trades.isEmpty ? 0 : Double(wins) / Double(trades.count)
        profitFactor = losses == 0 ? nil : grossProfit / -grossLoss
        averageWin = wins == 0 ? 0 : grossProfit / Double(wins)
        averageLoss = losses == 0 ? 0 : grossLoss / Double(losses)
    }
}
