// Per-asset working state of the event loop (latest close, market price and row at the bar being
// settled, nonzero-position flag), and the raw view of it the loop writes through. Hand-tuned:
// `Simulation.step` moves this state out of `self` for the duration of a step, so that the per-row
// writes go through plain pointers, free of the uniqueness (copy-on-write) and bounds checks an
// `Array` in `self` would pay on every write.

/// The loop's per-asset state, owned as arrays between steps.
struct AssetSlots {
    /// Close of each asset's latest bar (0 before its first bar); positions are marked at it.
    private var lastClose: [Double]
    /// Market price of each asset at the bar being settled (scratch, see `Simulation.settle`).
    private var marketPrice: [Double]
    /// Data row of each asset at the bar being settled (scratch).
    private var rowOf: [Int]
    /// Bit `a % 64` of word `a / 64` is set iff asset `a` has a nonzero position.
    private var held: [UInt64]
    /// Scratch: the assets with orders found while settling one bar, ascending.
    private var ordered: [Int]
    /// Per open position: the highest and lowest price it has seen (its fills and the closes it was
    /// held through), and the first bar whose range counts.
    private var excursionHigh: [Double]
    private var excursionLow: [Double]
    private var excursionFrom: [Int]

    /// State for `assetCount` assets: no closes, nothing held.
    init(assetCount: Int) {
        lastClose = [Double](repeating: 0, count: assetCount)
        marketPrice = [Double](repeating: 0, count: assetCount)
        rowOf = [Int](repeating: 0, count: assetCount)
        held = [UInt64](repeating: 0, count: (assetCount + 63) / 64)
        ordered = [Int](repeating: 0, count: assetCount)
        excursionHigh = [Double](repeating: 0, count: assetCount)
        excursionLow = [Double](repeating: 0, count: assetCount)
        excursionFrom = [Int](repeating: 0, count: assetCount)
    }

    /// Runs `body` with raw views of the arrays (valid only during the call).
    mutating func withBuffers<R>(_ body: (SlotBuffers) -> R) -> R {
        lastClose.withUnsafeMutableBufferPointer { lastClose in
            marketPrice.withUnsafeMutableBufferPointer { marketPrice in
                rowOf.withUnsafeMutableBufferPointer { rowOf in
                    held.withUnsafeMutableBufferPointer { held in
                        ordered.withUnsafeMutableBufferPointer { ordered in
                            excursionHigh.withUnsafeMutableBufferPointer { high in
                                excursionLow.withUnsafeMutableBufferPointer { low in
                                    excursionFrom.withUnsafeMutableBufferPointer { from in
                                        body(
                                            SlotBuffers(
                                                lastClose: lastClose, marketPrice: marketPrice, rowOf: rowOf,
                                                held: held, ordered: ordered, excursionHigh: high, excursionLow: low,
                                                excursionFrom: from))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Raw views of `AssetSlots` for the duration of one step. Indices are asset indices (validated
/// data: every row's asset is `< assetCount`); release builds do not bounds-check them.
struct SlotBuffers {
    let lastClose: UnsafeMutableBufferPointer<Double>
    let marketPrice: UnsafeMutableBufferPointer<Double>
    let rowOf: UnsafeMutableBufferPointer<Int>
    let held: UnsafeMutableBufferPointer<UInt64>
    let ordered: UnsafeMutableBufferPointer<Int>
    let excursionHigh: UnsafeMutableBufferPointer<Double>
    let excursionLow: UnsafeMutableBufferPointer<Double>
    let excursionFrom: UnsafeMutableBufferPointer<Int>

    /// Records whether `asset` has a position.
    @inline(__always)
    func setHeld(_ asset: Int, _ isHeld: Bool) {
        let bit: UInt64 = 1 << UInt64(asset & 63)
        if isHeld {
            held[asset >> 6] |= bit
        } else {
            held[asset >> 6] &= ~bit
        }
    }

    /// Calls `body` with each asset with a nonzero position, in ascending order.
    @inline(__always)
    func forEachHeld(_ body: (Int) -> Void) {
        for word in held.indices {
            var bits = held[word]
            while bits != 0 {
                body(word << 6 | bits.trailingZeroBitCount)
                bits &= bits &- 1
            }
        }
    }
}
