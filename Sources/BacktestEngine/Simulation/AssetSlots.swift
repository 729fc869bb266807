// Per-asset working state of the event loop (latest close and fill price, pending order, held
// flag), and the raw view of it the loop writes through. Hand-tuned: `Simulation.step` moves this state out of `self`
// for the duration of a step, so that the per-row writes go through plain pointers, free of the
// uniqueness (copy-on-write) and bounds checks an `Array` in `self` would pay on every write.

/// An order waiting for its asset's next bar (`next_open`). `orderIndex < 0` means none.
struct PendingOrder {
    var orderIndex = -1
    var side = Side.buy
    var quantity = 0
}

/// The loop's per-asset state, owned as arrays between steps.
struct AssetSlots {
    /// Close of each asset's latest bar (0 before its first bar); positions are marked at it.
    private var lastClose: [Double]
    /// Fill price of each asset at the bar being settled (scratch, see `Simulation.settle`).
    private var fillPrice: [Double]
    /// The pending order of each asset, if any.
    private var pending: [PendingOrder]
    /// Bit `a % 64` of word `a / 64` is set iff asset `a` has a position (> 0).
    private var held: [UInt64]
    /// Scratch: assets of the pending buys found while settling one bar.
    private var buyAssets: [Int]

    /// State for `assetCount` assets: no closes, nothing pending, nothing held.
    init(assetCount: Int) {
        lastClose = [Double](repeating: 0, count: assetCount)
        fillPrice = [Double](repeating: 0, count: assetCount)
        pending = [PendingOrder](repeating: PendingOrder(), count: assetCount)
        held = [UInt64](repeating: 0, count: (assetCount + 63) / 64)
        buyAssets = [Int](repeating: 0, count: assetCount)
    }

    /// Runs `body` with raw views of the arrays (valid only during the call).
    mutating func withBuffers<R>(_ body: (SlotBuffers) -> R) -> R {
        lastClose.withUnsafeMutableBufferPointer { lastClose in
            fillPrice.withUnsafeMutableBufferPointer { fillPrice in
                pending.withUnsafeMutableBufferPointer { pending in
                    held.withUnsafeMutableBufferPointer { held in
                        buyAssets.withUnsafeMutableBufferPointer { buyAssets in
                            body(
                                SlotBuffers(
                                    lastClose: lastClose, fillPrice: fillPrice, pending: pending, held: held,
                                    buyAssets: buyAssets))
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
    let fillPrice: UnsafeMutableBufferPointer<Double>
    let pending: UnsafeMutableBufferPointer<PendingOrder>
    let held: UnsafeMutableBufferPointer<UInt64>
    let buyAssets: UnsafeMutableBufferPointer<Int>

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

    /// Calls `body` with each held asset, in ascending order.
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
