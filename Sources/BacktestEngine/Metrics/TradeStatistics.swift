// The statistics of a run's closed trades (win rate, profit factor, expectancy, payoff, extremes,
// holding, excursions, streaks), written into `Metrics`; definitions on the `Metrics` fields.

/// Computes the trade statistics of `Metrics` in one pass over the trades.
struct TradeStatistics {
    let trades: [Trade]

    init(_ trades: [Trade]) {
        self.trades = trades
    }

    /// Fills the trade statistics of `m`.
    func write(into m: inout Metrics) {
        var wins = 0
        var losses = 0
        var grossProfit = 0.0
        var grossLoss = 0.0
        var largestWin = -Double.infinity
        var largestLoss = Double.infinity
        var sums = (pnl: 0.0, returns: 0.0, bars: 0.0, mfe: 0.0, mae: 0.0)
        var streak = (wins: 0, losses: 0)
        for trade in trades {
            sums.pnl += trade.pnl
            sums.returns += trade.returnFraction
            sums.bars += Double(trade.barsHeld)
            sums.mfe += trade.mfe
            sums.mae += trade.mae
            if trade.direction == .long { m.longTrades += 1 } else { m.shortTrades += 1 }
            if trade.pnl > 0 {
                wins += 1
                grossProfit += trade.pnl
                largestWin = max(largestWin, trade.pnl)
                streak = (streak.wins + 1, 0)
            } else if trade.pnl < 0 {
                losses += 1
                grossLoss += trade.pnl
                largestLoss = min(largestLoss, trade.pnl)
                streak = (0, streak.losses + 1)
            } else {
                streak = (0, 0)
            }
            m.maxConsecutiveWins = max(m.maxConsecutiveWins, streak.wins)
            m.maxConsecutiveLosses = max(m.maxConsecutiveLosses, streak.losses)
        }
        let count = Double(trades.count)
        let none = trades.isEmpty
        m.winRate = none ? .nan : Double(wins) / count
        m.profitFactor = losses == 0 ? nil : grossProfit / -grossLoss
        m.averageWin = wins == 0 ? .nan : grossProfit / Double(wins)
        m.averageLoss = losses == 0 ? .nan : grossLoss / Double(losses)
        m.payoffRatio = wins == 0 || losses == 0 ? .nan : m.averageWin / -m.averageLoss
        m.largestWin = wins == 0 ? .nan : largestWin
        m.largestLoss = losses == 0 ? .nan : largestLoss
        m.expectancy = none ? .nan : sums.pnl / count
        m.averageTradeReturn = none ? .nan : sums.returns / count
        m.averageBarsHeld = none ? .nan : sums.bars / count
        m.averageMFE = none ? .nan : sums.mfe / count
        m.averageMAE = none ? .nan : sums.mae / count
    }
}
