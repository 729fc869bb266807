// Reads the top_k template's params. Names, shapes, required members and which members go
// together are checked here; ranges (k >= 1, fraction > 0, shorts needing a margin account, …) by
// the engine (`Backtest.problems`), whose problems come back with these same paths.
import BacktestEngine

extension BacktestSpec {
    static let topKMembers = [
        "signal", "k", "rebalance_every", "rebalance", "weighting", "vol_lookback", "fraction", "short_k",
        "rank_buffer", "max_weight",
    ]

    /// `{"signal": "ml_pred", "k": 10, "rebalance_every": 20}` and its options.
    static func decodeTopK(_ value: JSONValue?, at path: String, reader: inout SpecReader) -> TopKParameters? {
        guard
            let params = reader.require(
                reader.object(value, at: path, allowed: topKMembers), path,
                "an object with signal, k and rebalance_every or rebalance, e.g. {\"signal\": \"ml_pred\", \"k\": 10, \"rebalance_every\": 20}"
            )
        else { return nil }
        let signal = reader.require(
            reader.string(params, "signal", at: path), "\(path).signal",
            "the column to rank the assets by (largest first), e.g. \"ml_pred\"")
        let k = reader.require(
            reader.integer(params, "k", at: path), "\(path).k", "how many assets to hold long, a whole number >= 1")
        let schedule = decodeSchedule(params, at: path, reader: &reader)
        let weighting = decodeWeighting(params, at: path, reader: &reader)
        let fraction = reader.number(params, "fraction", at: path) ?? Defaults.topKFraction
        let shortK = reader.integer(params, "short_k", at: path)
        let rankBuffer = reader.integer(params, "rank_buffer", at: path) ?? 0
        let maxWeight = reader.number(params, "max_weight", at: path)
        guard let signal, let k, let schedule else { return nil }
        return TopKParameters(
            signal: signal, k: k, rebalance: schedule, weighting: weighting, fraction: fraction, shortK: shortK,
            rankBuffer: rankBuffer, maxWeight: maxWeight)
    }

    /// `rebalance_every` (bars) or `rebalance` (a calendar period): exactly one of them.
    private static func decodeSchedule(
        _ params: JSONObject, at path: String, reader: inout SpecReader
    ) -> RebalanceSchedule? {
        let given = { (key: String) in params[key] != nil && params[key] != .null }
        let every = reader.integer(params, "rebalance_every", at: path)
        let period = reader.choice(params, "rebalance", at: path, as: CalendarPeriod.self)
        switch (given("rebalance_every"), given("rebalance")) {
        case (true, true):
            reader.fail(
                "\(path).rebalance",
                "give rebalance_every (a number of bars) or rebalance (a calendar period), not both")
            return nil
        case (false, false):
            reader.fail(
                "\(path).rebalance_every",
                "required: rebalance_every (a number of bars, e.g. 20) or rebalance (\"day\", \"week\" or \"month\")")
            return nil
        default:
            return every.map(RebalanceSchedule.everyBars) ?? period.map(RebalanceSchedule.calendar)
        }
    }

    /// `weighting` (equal by default) and, for `inverse_vol` only, `vol_lookback`.
    private static func decodeWeighting(
        _ params: JSONObject, at path: String, reader: inout SpecReader
    ) -> TopKWeighting {
        let name = reader.choice(params, "weighting", at: path, as: TopKWeightingName.self) ?? .equal
        let lookback = reader.integer(params, "vol_lookback", at: path)
        switch name {
        case .equal, .signal:
            if lookback != nil {
                reader.fail(
                    "\(path).vol_lookback",
                    "vol_lookback is read by \"weighting\": \"inverse_vol\" only; remove it or set that weighting")
            }
            return name == .equal ? .equal : .signal
        case .inverseVol:
            return .inverseVolatility(lookback: lookback ?? Defaults.volLookback)
        }
    }
}
