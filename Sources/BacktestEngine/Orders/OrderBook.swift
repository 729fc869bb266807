// The account's resting orders: a pool of working orders with, per asset, a list in creation order.
// Hand-tuned for the bar loop: every row of every bar asks "has this asset an order?", so the list
// heads sit in a raw buffer allocated once (no copy-on-write or bounds checks per row), and the pool
// reuses freed slots, so placing orders allocates nothing after warm-up.

/// Resting orders of one account, by asset.
final class OrderBook {
    /// Working orders by book index; freed slots are reused.
    private(set) var pool: [WorkingOrder] = []
    private var freeSlots: [Int32] = []
    /// First and last book index per asset; -1 when the asset has none.
    private let heads: UnsafeMutableBufferPointer<Int32>
    private let tails: UnsafeMutableBufferPointer<Int32>
    /// Orders in the book.
    private(set) var count = 0
    /// Position-rule orders in the book (they execute in a phase of their own).
    private(set) var ruleCount = 0

    init(assetCount: Int) {
        heads = .allocate(capacity: max(assetCount, 1))
        heads.initialize(repeating: -1)
        tails = .allocate(capacity: max(assetCount, 1))
        tails.initialize(repeating: -1)
    }

    deinit {
        heads.deallocate()
        tails.deallocate()
    }

    /// The first order of `asset`, or -1.
    @inline(__always)
    func first(of asset: Int) -> Int32 { heads[asset] }

    /// Whether `asset` has any order.
    @inline(__always)
    func hasOrders(_ asset: Int) -> Bool { heads[asset] >= 0 }

    /// The order at book index `i`.
    @inline(__always)
    subscript(i: Int32) -> WorkingOrder {
        get { pool[Int(i)] }
        set { pool[Int(i)] = newValue }
    }

    /// Adds `order` at the end of its asset's list; returns its book index.
    @discardableResult
    func add(_ order: WorkingOrder) -> Int32 {
        var order = order
        order.next = -1
        let index: Int32
        if let slot = freeSlots.popLast() {
            index = slot
            pool[Int(slot)] = order
        } else {
            index = Int32(pool.count)
            pool.append(order)
        }
        let a = order.asset
        if tails[a] >= 0 {
            pool[Int(tails[a])].next = index
        } else {
            heads[a] = index
        }
        tails[a] = index
        count += 1
        if order.role.isRule { ruleCount += 1 }
        return index
    }

    /// Removes order `index` of `asset`; `previous` is the order before it in the asset's list (-1
    /// when it is the first). Its slot is reused by a later `add`.
    func remove(_ index: Int32, previous: Int32) {
        let order = pool[Int(index)]
        let a = order.asset
        if previous >= 0 {
            pool[Int(previous)].next = order.next
        } else {
            heads[a] = order.next
        }
        if tails[a] == index { tails[a] = previous }
        if order.oco >= 0 { pool[Int(order.oco)].oco = -1 }
        pool[Int(index)].oco = -1
        freeSlots.append(index)
        count -= 1
        if order.role.isRule { ruleCount -= 1 }
    }

    /// The order before `index` in its asset's list, or -1 (a walk: lists are short).
    func previous(of index: Int32) -> Int32 {
        var previous: Int32 = -1
        var i = heads[pool[Int(index)].asset]
        while i >= 0 && i != index {
            previous = i
            i = pool[Int(i)].next
        }
        return previous
    }

    /// Book indices of `asset`'s orders, in creation order (for cancellation; not for the hot loop).
    func indices(of asset: Int) -> [Int32] {
        var result: [Int32] = []
        var i = heads[asset]
        while i >= 0 {
            result.append(i)
            i = pool[Int(i)].next
        }
        return result
    }
}
