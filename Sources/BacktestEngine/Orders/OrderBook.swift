// The account's resting orders: a pool of working orders with, per asset, a list in creation order.
// Hand-tuned for the bar loop: every row of every bar asks "has this asset an order?" and every fill
// walks an asset's list, so the pool and the list heads live in raw memory (no copy-on-write,
// bounds or exclusivity checks per access), freed slots are chained for reuse through their `next`
// link, and the pool doubles when full, so placing orders allocates nothing after warm-up.

/// Owns the raw memory of one `OrderBook`; frees it when the book is gone.
final class OrderBookMemory {
    let orders: UnsafeMutablePointer<WorkingOrder>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        orders = .allocate(capacity: capacity)
    }

    /// Frees the memory; `initialized` slots (the book's high-water mark) are deinitialized first.
    var initialized = 0

    deinit {
        orders.deinitialize(count: initialized)
        orders.deallocate()
    }
}

/// Resting orders of one account, by asset.
///
/// A value with reference semantics over its memory: the simulation that holds it is its only owner
/// (it is never copied while in use), which is what lets every access go through plain pointers.
struct OrderBook {
    private var memory: OrderBookMemory
    private var orders: UnsafeMutablePointer<WorkingOrder>
    private let links: OrderBookLinks
    /// Slots ever used; slots below it are initialized.
    private var used = 0
    /// First free slot (chained through `next`), or -1.
    private var freeHead: Int32 = -1
    /// Orders in the book.
    private(set) var count = 0
    /// Position-rule orders in the book (they execute in a phase of their own).
    private(set) var ruleCount = 0
    /// Assets with at least one order.
    private(set) var assetsWithOrders = 0
    /// Strategy orders in the book (what `working` counts, over every asset).
    private(set) var strategyOrders = 0

    init(assetCount: Int) {
        memory = OrderBookMemory(capacity: 64)
        orders = memory.orders
        links = OrderBookLinks(assetCount: assetCount)
    }

    /// The first order of `asset`, or -1.
    @inline(__always)
    func first(of asset: Int) -> Int32 { links.heads[asset] }

    /// Whether `asset` has any order.
    @inline(__always)
    func hasOrders(_ asset: Int) -> Bool { links.heads[asset] >= 0 }

    /// The list heads by asset (-1: no order), for a loop over every row of a bar to read without
    /// going through the book each time. Valid while the book lives.
    @inline(__always)
    var heads: UnsafePointer<Int32> { UnsafePointer(links.heads) }

    /// Per asset: working strategy buys minus working strategy sells (position rules and the engine's
    /// own exits not counted), read by strategies on every row.
    @inline(__always)
    var working: UnsafePointer<Int32> { UnsafePointer(links.working) }

    /// The order at book index `i` (valid while it is in the book).
    @inline(__always)
    subscript(i: Int32) -> WorkingOrder {
        get { orders[Int(i)] }
        nonmutating set { orders[Int(i)] = newValue }
    }

    /// Adds `order` at the end of its asset's list; returns its book index.
    @discardableResult
    mutating func add(_ order: WorkingOrder) -> Int32 {
        var order = order
        order.next = -1
        let index: Int32
        if freeHead >= 0 {
            index = freeHead
            freeHead = orders[Int(index)].next
            orders[Int(index)] = order
        } else {
            if used == memory.capacity { grow() }
            index = Int32(used)
            (orders + used).initialize(to: order)
            used += 1
            memory.initialized = used
        }
        let a = order.asset
        if links.tails[a] >= 0 {
            orders[Int(links.tails[a])].next = index
        } else {
            links.heads[a] = index
            assetsWithOrders += 1
        }
        links.tails[a] = index
        count += 1
        if order.role.isRule { ruleCount += 1 }
        if order.role == .strategy {
            links.working[a] += Int32(order.side.sign)
            strategyOrders += 1
        }
        return index
    }

    /// Removes order `index` of its asset; `previous` is the order before it in the asset's list (-1
    /// when it is the first). Its slot is reused by a later `add`.
    mutating func remove(_ index: Int32, previous: Int32) {
        let i = Int(index)
        let a = orders[i].asset
        let next = orders[i].next
        if previous >= 0 {
            orders[Int(previous)].next = next
        } else {
            links.heads[a] = next
        }
        if links.tails[a] == index { links.tails[a] = previous }
        if links.heads[a] < 0 { assetsWithOrders -= 1 }
        if orders[i].role.isRule { ruleCount -= 1 }
        if orders[i].role == .strategy {
            links.working[a] -= Int32(orders[i].side.sign)
            strategyOrders -= 1
        }
        orders[i].next = freeHead
        freeHead = index
        count -= 1
    }

    private mutating func grow() {
        let bigger = OrderBookMemory(capacity: memory.capacity * 2)
        bigger.orders.moveInitialize(from: orders, count: used)
        bigger.initialized = used
        memory.initialized = 0
        memory = bigger
        orders = bigger.orders
    }
}

/// The per-asset list heads and tails of an `OrderBook`, allocated once for the run.
final class OrderBookLinks {
    let heads: UnsafeMutablePointer<Int32>
    let tails: UnsafeMutablePointer<Int32>
    /// Net working strategy orders per asset (see `OrderBook.working`).
    let working: UnsafeMutablePointer<Int32>

    init(assetCount: Int) {
        let n = max(assetCount, 1)
        heads = .allocate(capacity: n)
        heads.initialize(repeating: -1, count: n)
        tails = .allocate(capacity: n)
        tails.initialize(repeating: -1, count: n)
        working = .allocate(capacity: n)
        working.initialize(repeating: 0, count: n)
    }

    deinit {
        heads.deallocate()
        tails.deallocate()
        working.deallocate()
    }
}
