// Each asset's rows of a dataset in time order, and the forward returns over an asset's own bars.

/// Each asset's rows in time order.
struct AssetSequence {
    /// `rows[a]`: the rows of asset `a`, ascending.
    let rows: [[Int]]

    init(_ data: MarketData) {
        var rows = [[Int]](repeating: [], count: data.assets.count)
        for row in 0..<data.rowCount { rows[Int(data.asset[row])].append(row) }
        self.rows = rows
    }

    /// `close[k + h] / close[k] - 1` at every row over its asset's bars; NaN for the last `h`.
    func forwardReturns(of close: [Double], horizon h: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: close.count)
        for assetRows in rows where assetRows.count > h {
            for k in 0..<(assetRows.count - h) {
                out[assetRows[k]] = close[assetRows[k + h]] / close[assetRows[k]] - 1
            }
        }
        return out
    }
}
