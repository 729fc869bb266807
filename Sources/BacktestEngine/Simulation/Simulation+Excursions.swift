// The price range each open position has seen, for its trade's maximum favorable and adverse
// excursions. Hand-tuned: it runs once per bar over the held positions only (not every row), and
// finds a position's row at `rowStart[t] + asset` when the bar is dense (every asset has a row),
// which is the common layout, else by binary search over the bar's rows (sorted by asset).

extension Simulation {
    /// Widens each held position's range with bar `t`'s high and low, for positions whose range
    /// counts from `t` on (a position opened at a bar's close counts from the next bar).
    @inline(__always)
    func noteExcursions(bar t: Int, rows: Range<Int>, _ bars: BarColumns, _ slots: SlotBuffers) {
        let dense = rows.count == assetCount
        slots.forEachHeld { a in
            guard slots.excursionFrom[a] <= t else { return }
            let row = dense ? rows.lowerBound + a : Self.row(of: a, in: rows, bars.asset)
            guard row >= 0 else { return } // no bar of this asset at t
            slots.excursionHigh[a] = max(slots.excursionHigh[a], bars.high[row])
            slots.excursionLow[a] = min(slots.excursionLow[a], bars.low[row])
        }
    }

    /// Starts the range of a position just opened (or flipped) at `price` on bar `t`.
    @inline(__always)
    func startExcursion(asset: Int, price: Double, bar t: Int, _ slots: SlotBuffers) {
        slots.excursionHigh[asset] = price
        slots.excursionLow[asset] = price
        slots.excursionFrom[asset] = fillTiming == .sameClose ? t + 1 : t
    }

    /// The row of `asset` among `rows` (ascending assets), or -1.
    private static func row(of asset: Int, in rows: Range<Int>, _ assets: UnsafeBufferPointer<Int32>) -> Int {
        var low = rows.lowerBound
        var high = rows.upperBound
        while low < high {
            let mid = (low + high) / 2
            if Int(assets[mid]) < asset { low = mid + 1 } else { high = mid }
        }
        return low < rows.upperBound && Int(assets[low]) == asset ? low : -1
    }
}
