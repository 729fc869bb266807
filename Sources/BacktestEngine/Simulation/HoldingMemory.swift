// Each asset's holding period in raw memory the strategy reads through pointers: the open position's
// first entry fill bar and average entry price (rules that use `bars_held` or `unrealized_pnl_pct`,
// the threshold template's minimum holding), and the bar of its last exit (the threshold template's
// cooldown). The simulation writes them at the fills that open, add to or close a position.

/// Per asset: the bar index of the open position's first entry fill and its average entry price
/// (meaningless while flat), and the bar whose fills last closed a position (`Int.min / 2` before
/// the first, so that `bar - exitBar` never overflows).
final class HoldingMemory {
    let entryBar: UnsafeMutablePointer<Int>
    let entryPrice: UnsafeMutablePointer<Double>
    let exitBar: UnsafeMutablePointer<Int>

    /// `exitBar` of an asset that has never closed a position.
    static let neverExited = Int.min / 2

    init(assetCount: Int) {
        let n = max(assetCount, 1)
        entryBar = .allocate(capacity: n)
        entryBar.initialize(repeating: 0, count: n)
        entryPrice = .allocate(capacity: n)
        entryPrice.initialize(repeating: .nan, count: n)
        exitBar = .allocate(capacity: n)
        exitBar.initialize(repeating: Self.neverExited, count: n)
    }

    deinit {
        entryBar.deallocate()
        entryPrice.deallocate()
        exitBar.deallocate()
    }
}
