// Each open position's first entry fill bar and average entry price, in raw memory the strategy reads
// through pointers (rules that use `bars_held` or `unrealized_pnl_pct`); the simulation writes them
// at every fill that opens or adds to a position.

/// Per asset: the bar index of the open position's first entry fill and its average entry price
/// (meaningless while flat).
final class EntryMemory {
    let bar: UnsafeMutablePointer<Int>
    let price: UnsafeMutablePointer<Double>

    init(assetCount: Int) {
        bar = .allocate(capacity: max(assetCount, 1))
        bar.initialize(repeating: 0, count: max(assetCount, 1))
        price = .allocate(capacity: max(assetCount, 1))
        price.initialize(repeating: .nan, count: max(assetCount, 1))
    }

    deinit {
        bar.deallocate()
        price.deallocate()
    }
}
