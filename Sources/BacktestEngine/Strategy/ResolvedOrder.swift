// An `OrderSpec` resolved for the loop: the terms the book needs and, per decision, the levels read
// from the decision close or a column.

/// A level resolved to a fraction of the close or a column array.
enum ResolvedLevel {
    case offset(Double)
    case column(ResolvedColumn)

    init(_ source: LevelSource, catalog: ColumnCatalog) {
        switch source {
        case .offsetBps(let bps): self = .offset(bps / 10_000)
        case .column(let name): self = .column(catalog.resolve(name))
        }
    }

    /// The level of an order on `side` decided at `close` on data row `row` of bar `bar`.
    @inline(__always)
    func value(side: Side, close: Double, row: Int, bar: Int) -> Double {
        switch self {
        case .offset(let f): side == .buy ? close * (1.0 + f) : close * (1.0 - f)
        case .column(let column): column.value(row: row, bar: bar)
        }
    }
}

/// How one of a template's order kinds is placed.
struct ResolvedOrder {
    /// Type, trail and time in force (levels come per decision).
    let terms: OrderTerms
    let limit: ResolvedLevel?
    let stop: ResolvedLevel?

    init(_ spec: OrderSpec, catalog: ColumnCatalog) {
        var terms = OrderTerms(type: spec.type)
        terms.timeInForce = spec.timeInForce
        switch spec.trail {
        case .amount(let d): terms.trail = Trail(distance: d, isPercent: false)
        case .percent(let f): terms.trail = .percent(f)
        case nil: break
        }
        self.terms = terms
        limit = spec.limit.map { ResolvedLevel($0, catalog: catalog) }
        stop = spec.stop.map { ResolvedLevel($0, catalog: catalog) }
    }

    /// Whether it is a market order (no levels to compute).
    var isMarket: Bool { terms.type == .market && limit == nil && stop == nil }

    /// The limit and stop levels (NaN when none) of an order on `side` decided at `close` on row `row`.
    @inline(__always)
    func levels(side: Side, close: Double, row: Int, bar: Int) -> (limit: Double, stop: Double) {
        let limit = self.limit?.value(side: side, close: close, row: row, bar: bar) ?? .nan
        var stop = self.stop?.value(side: side, close: close, row: row, bar: bar) ?? .nan
        if terms.type == .trailingStop { stop = terms.trail.level(from: close, side: side) }
        return (limit, stop)
    }
}
