// Per-asset attribution of a run's profit: what each asset's fills and its final position added to
// the equity, split into closed trades and the open remainder, with its costs and activity.

/// What one asset contributed to a run.
///
/// `pnl = Σ sell value - Σ buy value - Σ commission + position × lastClose` over the asset's fills
/// (slippage is inside the fill prices), so the assets' pnl summed, minus the account's borrow fees,
/// is `finalEquity - initialCash` (up to rounding).
public struct AssetAttribution: Sendable, Equatable {
    /// The asset's identifier.
    public let asset: String
    /// Net profit of the asset, closed and open, after commission.
    public let pnl: Double
    /// Σ pnl of the asset's closed trades.
    public let realizedPnL: Double
    /// `pnl - realizedPnL`: the open position marked at the last close, net of what it paid so far.
    public let openPnL: Double
    /// `pnl / initialCash`.
    public let contribution: Double
    /// Commission of the asset's fills.
    public let commission: Double
    /// What slippage cost the asset's fills.
    public let slippage: Double
    /// `Σ quantity × price` of the asset's fills.
    public let tradedValue: Double
    /// The asset's fills.
    public let fills: Int
    /// The asset's closed trades.
    public let trades: Int
    /// Closed trades with `pnl > 0`.
    public let winningTrades: Int
    /// Signed position at the end.
    public let position: Double
    /// The asset's last close; NaN when unknown (a result stored before it was recorded).
    public let lastClose: Double

    /// The attribution of every asset of `result` (ascending asset), those without fills included.
    public static func of(_ result: BacktestResult, initialCash: Double) -> [AssetAttribution] {
        let n = result.assets.count
        var cash = [Double](repeating: 0, count: n)
        var position = [Double](repeating: 0, count: n)
        var commission = cash
        var slippage = cash
        var traded = cash
        var fills = [Int](repeating: 0, count: n)
        for fill in result.fills {
            let a = Int(fill.asset)
            let value = fill.quantity * fill.price
            let sign = fill.side == .buy ? 1.0 : -1.0
            cash[a] -= sign * value + fill.commission
            position[a] += sign * fill.quantity
            commission[a] += fill.commission
            slippage[a] += fill.slippage
            traded[a] += value
            fills[a] += 1
        }
        var realized = [Double](repeating: 0, count: n)
        var trades = fills.map { _ in 0 }
        var wins = trades
        for trade in result.trades {
            let a = Int(trade.asset)
            realized[a] += trade.pnl
            trades[a] += 1
            if trade.pnl > 0 { wins[a] += 1 }
        }
        return (0..<n).map { a in
            let held = result.positions.count == n ? result.positions[a] : position[a]
            let close = result.lastCloses.count == n ? result.lastCloses[a] : .nan
            let pnl = cash[a] + (held == 0 ? 0 : held * close)
            return AssetAttribution(
                asset: result.assets[a], pnl: pnl, realizedPnL: realized[a], openPnL: pnl - realized[a],
                contribution: pnl / initialCash, commission: commission[a], slippage: slippage[a],
                tradedValue: traded[a], fills: fills[a], trades: trades[a], winningTrades: wins[a], position: held,
                lastClose: close)
        }
    }
}
