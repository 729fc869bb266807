// Reads a template's `entry_order` / `exit_order` object. Which levels a type needs, and their
// ranges, are checked by the engine (`Backtest.problems`); here only names and shapes.
import BacktestEngine

/// Time-in-force names as they appear in the API.
enum TimeInForceName: String, CaseIterable {
    case gtc, day, ioc, bars
}

extension BacktestSpec {
    static let orderMembers = [
        "type", "offset_bps", "column", "stop_offset_bps", "stop_column", "trail_percent", "trail_amount",
        "time_in_force", "bars",
    ]

    /// `{"type": "limit", "offset_bps": -10, "time_in_force": "bars", "bars": 3}` and its kin; market,
    /// good till cancelled, when absent.
    static func decodeOrder(_ value: JSONValue?, at path: String, reader: inout SpecReader) -> OrderSpec {
        guard let o = reader.object(value, at: path, allowed: orderMembers) else { return .market }
        let type = reader.choice(o, "type", at: path, as: OrderType.self) ?? .market
        func level(_ offset: String, _ column: String) -> LevelSource? {
            let bps = reader.number(o, offset, at: path)
            let name = reader.string(o, column, at: path)
            if bps != nil && name != nil {
                reader.fail("\(path).\(column)", "give the level as \(offset) or as \(column), not both")
            }
            return name.map(LevelSource.column) ?? bps.map(LevelSource.offsetBps)
        }
        let first = level("offset_bps", "column")
        let second = level("stop_offset_bps", "stop_column")
        var spec = OrderSpec(type: type)
        switch type {
        case .stop: spec.stop = first
        case .stopLimit: (spec.limit, spec.stop) = (first, second)
        default: spec.limit = first
        }
        if type != .stopLimit && second != nil {
            reader.fail(
                "\(path).\(o["stop_column"] != nil ? "stop_column" : "stop_offset_bps")",
                "only a stop_limit order has a second (stop) level; a stop order's level is offset_bps or column")
        }
        let percent = reader.number(o, "trail_percent", at: path)
        let amount = reader.number(o, "trail_amount", at: path)
        if percent != nil && amount != nil {
            reader.fail("\(path).trail_amount", "give the trail as trail_percent or as trail_amount, not both")
        }
        spec.trail = percent.map(TrailDistance.percent) ?? amount.map(TrailDistance.amount)
        let bars = reader.integer(o, "bars", at: path)
        switch reader.choice(o, "time_in_force", at: path, as: TimeInForceName.self) ?? (bars == nil ? .gtc : .bars) {
        case .gtc: spec.timeInForce = .goodTillCancelled
        case .day: spec.timeInForce = .day
        case .ioc: spec.timeInForce = .immediateOrCancel
        case .bars:
            spec.timeInForce = .bars(
                reader.require(bars, "\(path).bars", "the number of the asset's bars the order works, >= 1") ?? 1)
        }
        if bars != nil, case .bars = spec.timeInForce {
        } else if bars != nil {
            reader.fail("\(path).bars", "bars goes with \"time_in_force\": \"bars\"")
        }
        return spec
    }

    /// The order as the spec echoes it, every member written.
    static func orderJSON(_ spec: OrderSpec) -> JSONValue {
        func offset(_ l: LevelSource?) -> JSONValue {
            if case .offsetBps(let bps)? = l { return .number(bps) }
            return .null
        }
        func column(_ l: LevelSource?) -> JSONValue {
            if case .column(let name)? = l { return .string(name) }
            return .null
        }
        let (first, second) =
            spec.type == .stop ? (spec.stop, nil) : (spec.limit, spec.type == .stopLimit ? spec.stop : nil)
        var percent: JSONValue = .null
        var amount: JSONValue = .null
        switch spec.trail {
        case .percent(let f): percent = .number(f)
        case .amount(let d): amount = .number(d)
        case nil: break
        }
        var bars: JSONValue = .null
        if case .bars(let n) = spec.timeInForce { bars = .int(n) }
        return .object([
            "type": .string(spec.type.rawValue), "offset_bps": offset(first), "column": column(first),
            "stop_offset_bps": offset(second), "stop_column": column(second), "trail_percent": percent,
            "trail_amount": amount, "time_in_force": .string(spec.timeInForce.code), "bars": bars,
        ])
    }
}
