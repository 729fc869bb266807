// What a strategy is to the simulation: one decision per timestamp over the cross-section (every
// row of bar `t`), said as order intents. Per-asset templates implement `AssetStrategy` and run
// through `PerAssetStrategy`, a thin adapter.

/// What a strategy sees on bar `bar`'s close: the rows of that bar and the account after its fills.
///
/// Only values at or before the bar are reachable: strategies read their own resolved columns at
/// `row` (per-row columns) or `bar` (context columns joined as-of).
struct CrossSection {
    /// Bar index `t` (index into the distinct timestamps).
    let bar: Int
    /// The bar's rows, in ascending asset order.
    let rows: Range<Int>
    /// Per row: the asset index.
    let asset: UnsafeBufferPointer<Int32>
    /// Per row: the close.
    let close: UnsafeBufferPointer<Double>
    /// Per asset: the signed position after this bar's fills (shares; negative = short).
    let positions: UnsafeBufferPointer<Double>
    /// Per asset: the bar index of the open position's first entry fill, and its average entry
    /// price (meaningless while flat).
    let entryBar: UnsafePointer<Int>
    let entryPrice: UnsafePointer<Double>
    /// Per asset: the bar whose fills last closed a position (`HoldingMemory.neverExited` before).
    let exitBar: UnsafePointer<Int>
    /// Per asset: the strategy's working buy orders minus its working sell orders (an entry resting
    /// as a limit, or the unfilled rest of an order a participation limit split).
    let working: UnsafePointer<Int32>
    /// Whether any asset has a working strategy order (when not, `working` is all zeros).
    let anyWorking: Bool
    /// Equity marked at this bar's closes, before its decisions.
    let equity: Double
}

/// One thing a strategy wants for one asset; the simulation turns it into an order or a rejection.
/// Small (32 bytes): a decision writes one per order, so how it executes is an index into the
/// strategy's `orderTerms`, not the terms themselves; only the levels decided on this close ride along.
struct OrderIntent {
    /// What is wanted.
    enum Action: UInt8 {
        /// Buy `quantity` shares (a quantity below 1 is recorded as `quantity_rounds_to_zero`).
        case buy
        /// Sell `quantity` shares: reduces a long, or opens or adds to a short.
        case sell
        /// Trade whatever takes the position to `quantity` shares (signed).
        case target
        /// Cancel the asset's working strategy orders (`quantity` unused).
        case cancel
    }

    /// Asset index.
    let asset: Int32
    /// What is wanted.
    let action: Action
    /// Why the engine places it (a template's intents are `.strategy`).
    let role: OrderRole
    /// Index into the strategy's `orderTerms` (0: a market order, good till cancelled).
    var terms: UInt8
    /// Shares (for `target`, the signed position wanted).
    let quantity: Double
    /// The order's limit and stop levels, when its terms need them (NaN otherwise).
    var limit: Double = .nan
    var stop: Double = .nan

    init(asset: Int, _ action: Action, quantity: Double, terms: UInt8 = 0, role: OrderRole = .strategy) {
        self.asset = Int32(truncatingIfNeeded: asset)
        self.action = action
        self.role = role
        self.terms = terms
        self.quantity = quantity
    }
}

/// How an intent's order executes, resolved to prices before it is placed.
struct OrderTerms {
    /// The order type.
    var type: OrderType = .market
    /// Limit price (limit, stop-limit); NaN when none.
    var limit: Double = .nan
    /// Stop level (stop, stop-limit, trailing stop's first level); NaN when none.
    var stop: Double = .nan
    /// Trailing distance (trailing stops).
    var trail: Trail = .none
    /// How long it works.
    var timeInForce: TimeInForce = .goodTillCancelled

    /// A market order, good till cancelled.
    static let market = OrderTerms()
}

/// The intents of one decision, in the order they are to be placed. Reused from bar to bar, so
/// deciding allocates nothing once it has grown to the largest cross-section.
struct OrderIntents {
    private(set) var items: [OrderIntent] = []

    /// Adds an intent.
    @inline(__always)
    mutating func append(_ intent: OrderIntent) { items.append(intent) }

    /// Empties the list, keeping its storage.
    @inline(__always)
    mutating func clear() { items.removeAll(keepingCapacity: true) }

    /// Number of intents so far.
    var count: Int { items.count }

    /// Adds `offset` to the terms index of every intent from `start` on (a strategy that runs
    /// another one maps that one's terms into its own list).
    mutating func offsetTerms(from start: Int, by offset: UInt8) {
        guard offset != 0 else { return }
        for i in start..<items.count { items[i].terms &+= offset }
    }
}

/// A strategy template, resolved before the loop to plain values and arrays.
///
/// The simulation is generic over it, so each template is monomorphized: no existential,
/// dictionary or string is touched per bar.
protocol Strategy {
    /// The ways this strategy places orders, indexed by `OrderIntent.terms`; the first is used for
    /// intents that name none.
    var orderTerms: [OrderTerms] { get }
    /// Decides on one bar's close over every row of the bar.
    func decide(_ section: CrossSection, into intents: inout OrderIntents)
}

extension Strategy {
    /// Market orders only.
    var orderTerms: [OrderTerms] { [.market] }
}
