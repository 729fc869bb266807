// What each column of an upload means, resolved once from the header before any row is parsed, so the
// row loop works with small integer slots instead of names.

/// Which kind of table an upload holds.
enum IngestKind: Sendable {
    /// Long-format bars: `timestamp`, `asset`, prices, volume, signals.
    case bars
    /// A context series: `timestamp` plus numeric columns.
    case context
    /// Signals in long format: `timestamp`, `asset`, `name`, `value`, optional `available_at`.
    case signals
}

/// How a numeric cell is checked.
enum NumberRule: Sendable {
    /// Finite and within `priceRange` (open, high, low, close).
    case price
    /// Finite and not negative.
    case volume
    /// Finite, or missing (empty cell, `NaN`, `nan`) which becomes NaN.
    case signal
}

extension NumberRule {
    /// The prices ingest accepts, 0.000001 to 1,000,000,000,000 inclusive: below or above, the
    /// quantities a sizing rule buys overflow exact integers and the accounting loses its precision
    /// (a price of 1e-320 or 1e308 used to run to a non-finite equity).
    static let priceRange: ClosedRange<Double> = 1e-6...1e12
}

/// What one header column feeds.
enum ColumnRole: Sendable, Equatable {
    case timestamp
    case asset
    /// The signal's name (signals uploads), interned like the asset.
    case label
    /// When the value became known (signals uploads); an empty cell means at its timestamp.
    case availableAt
    /// A numeric column stored in numeric slot `slot`.
    case number(slot: Int, rule: NumberRule)
}

/// The resolved header: roles per column and where each named price lives.
struct IngestLayout: Sendable {
    let kind: IngestKind
    /// Header names, trimmed, in upload order.
    let names: [String]
    /// Role of each column, parallel to `names`.
    let roles: [ColumnRole]
    /// Number of numeric slots (one per numeric column).
    let slotCount: Int
    /// Slots of the named bar columns, when present (bars only).
    let open: Int?, high: Int?, low: Int?, close: Int?, volume: Int?
    /// Slots and names of the free numeric columns (signals, or every context column), upload order.
    let valueSlots: [Int]
    let valueNames: [String]

    /// Builds the layout from trimmed, checked header names (see `CSVHeader`).
    init(kind: IngestKind, names: [String]) {
        self.kind = kind
        self.names = names
        var roles: [ColumnRole] = []
        var slots: [String: Int] = [:]
        var valueSlots: [Int] = []
        var valueNames: [String] = []
        var slotCount = 0
        for name in names {
            switch (kind, name) {
            case (_, "timestamp"): roles.append(.timestamp)
            case (.bars, "asset"), (.signals, "asset"): roles.append(.asset)
            case (.signals, "name"): roles.append(.label)
            case (.signals, "available_at"): roles.append(.availableAt)
            case (.bars, "open"), (.bars, "high"), (.bars, "low"), (.bars, "close"), (.bars, "volume"):
                roles.append(.number(slot: slotCount, rule: name == "volume" ? .volume : .price))
                slots[name] = slotCount
                slotCount += 1
            default:
                roles.append(.number(slot: slotCount, rule: .signal))
                valueSlots.append(slotCount)
                valueNames.append(name)
                slotCount += 1
            }
        }
        self.roles = roles
        self.slotCount = slotCount
        self.open = slots["open"]
        self.high = slots["high"]
        self.low = slots["low"]
        self.close = slots["close"]
        self.volume = slots["volume"]
        self.valueSlots = valueSlots
        self.valueNames = valueNames
    }

    /// Whether rows carry an asset.
    var hasAssets: Bool { kind != .context }
    /// Whether the upload has an `available_at` column.
    var hasAvailableAt: Bool { roles.contains(.availableAt) }

    /// Slot read as the bar's high (the close when there is no `high` column).
    var effectiveHigh: Int? { high ?? close }
    /// Slot read as the bar's low (the close when there is no `low` column).
    var effectiveLow: Int? { low ?? close }
}
