// Reads the execution section of a `POST /v1/backtests` body: fill timing, commission, slippage and
// the participation limit. Shapes and names are checked here; ranges by the engine
// (`Backtest.problems`), whose fields map to these paths.
import BacktestEngine

extension BacktestSpec {
    /// The execution section, decoded.
    struct ExecutionTerms {
        var fill: FillTiming
        var marketPrice: MarketPrice
        var commission: CommissionModel
        var slippage: SlippageModel
        var participation: Participation?
    }

    static func decodeExecution(_ value: JSONValue?, reader: inout SpecReader) -> ExecutionTerms {
        let object = reader.object(
            value, at: "execution", allowed: ["fill", "price", "commission", "slippage", "participation"])
        let fill = reader.choice(object, "fill", at: "execution", as: FillTiming.self) ?? Defaults.fill
        var marketPrice = MarketPrice.timing
        switch object?["price"] {
        case nil, .null?: break
        case .string("open")?: marketPrice = .open
        case .string("close")?: marketPrice = .close
        case .object?:
            if let p = reader.object(object?["price"], at: "execution.price", allowed: ["column"]) {
                marketPrice =
                    reader.require(
                        reader.string(p, "column", at: "execution.price"), "execution.price.column",
                        "a per-row column of the bars, e.g. \"vwap\""
                    ).map(MarketPrice.column) ?? .timing
            }
        case let other?:
            reader.fail(
                "execution.price",
                "expected \"open\", \"close\" or {\"column\": \"vwap\"}, found \(other.typeName)")
        }
        // The timing's own price is spelt the same whichever way it was asked for.
        if (marketPrice == .open && fill == .nextOpen) || (marketPrice == .close && fill == .sameClose) {
            marketPrice = .timing
        }
        let commission =
            object?["commission"].flatMap { decodeCommission($0, at: "execution.commission", reader: &reader) }
            ?? Defaults.commission
        let slippage = object?["slippage"].flatMap { decodeSlippage($0, reader: &reader) } ?? .none
        var participation: Participation?
        if let p = reader.object(object?["participation"], at: "execution.participation", allowed: ["max_fraction"]) {
            participation = reader.require(
                reader.number(p, "max_fraction", at: "execution.participation"), "execution.participation.max_fraction",
                "the share of each bar's volume one order may fill, in (0, 1], e.g. 0.1"
            ).map(Participation.init(maxFraction:))
        }
        return ExecutionTerms(
            fill: fill, marketPrice: marketPrice, commission: commission, slippage: slippage,
            participation: participation)
    }

    /// The members each commission model takes.
    private static func commissionMembers(_ model: CommissionModelName) -> [String] {
        switch model {
        case .percent: ["rate"]
        case .perShare: ["rate", "minimum", "maximum"]
        case .perOrder: ["amount"]
        case .tiered: ["tiers"]
        case .sum: ["models"]
        }
    }

    private static func decodeCommission(
        _ value: JSONValue, at path: String, reader: inout SpecReader
    )
        -> CommissionModel?
    {
        let all = ["model", "rate", "minimum", "maximum", "amount", "tiers", "models"]
        guard let c = reader.object(value, at: path, allowed: all) else { return nil }
        let model = reader.choice(c, "model", at: path, as: CommissionModelName.self) ?? .percent
        let takes = commissionMembers(model)
        for key in all.dropFirst() where !takes.contains(key) && c[key] != nil && c[key] != .null {
            reader.fail(
                "\(path).\(key)",
                "commission model \"\(model.rawValue)\" takes \(Suggestions.list(takes)), not \"\(key)\"")
        }
        switch model {
        case .percent:
            return .percent(rate: reader.number(c, "rate", at: path) ?? 0)
        case .perShare:
            return .perShare(
                rate: reader.number(c, "rate", at: path) ?? 0, minimum: reader.number(c, "minimum", at: path) ?? 0,
                maximum: reader.number(c, "maximum", at: path))
        case .perOrder:
            return reader.require(
                reader.number(c, "amount", at: path), "\(path).amount", "cash charged per fill, e.g. 1.0"
            ).map(CommissionModel.perOrder)
        case .tiered:
            var tiers: [CommissionTier] = []
            let items = reader.require(
                reader.array(c, "tiers", at: path), "\(path).tiers",
                "bands [{\"up_to\": 10000, \"rate\": 0.002}, {\"up_to\": null, \"rate\": 0.001}]")
            for (k, item) in (items ?? []).enumerated() {
                let at = "\(path).tiers[\(k)]"
                guard let band = reader.object(item, at: at, allowed: ["up_to", "rate"]) else { continue }
                let rate = reader.require(
                    reader.number(band, "rate", at: at), "\(at).rate", "the fraction of value charged in this band")
                if let rate { tiers.append(CommissionTier(upTo: reader.number(band, "up_to", at: at), rate: rate)) }
            }
            return .tiered(tiers)
        case .sum:
            var parts: [CommissionModel] = []
            let items = reader.require(
                reader.array(c, "models", at: path), "\(path).models",
                "the models to add up, e.g. [{\"model\": \"per_share\", \"rate\": 0.005}, {\"model\": \"percent\", \"rate\": 0.0001}]"
            )
            for (k, item) in (items ?? []).enumerated() {
                if let part = decodeCommission(item, at: "\(path).models[\(k)]", reader: &reader) { parts.append(part) }
            }
            return .sum(parts)
        }
    }

    /// The one number each slippage model takes (none for `none`; `half_spread` takes `spread` or `column`).
    private static func slippageMember(_ model: SlippageModelName) -> String? {
        switch model {
        case .none: nil
        case .fixedBps: "bps"
        case .perShare: "amount"
        case .halfSpread: "spread"
        case .volumeShare: "impact"
        case .sqrtImpact: "coefficient"
        }
    }

    private static func decodeSlippage(_ value: JSONValue, reader: inout SpecReader) -> SlippageModel? {
        let path = "execution.slippage"
        let all = ["model", "bps", "amount", "spread", "column", "impact", "coefficient"]
        guard let o = reader.object(value, at: path, allowed: all) else { return nil }
        guard
            let model = reader.require(
                reader.choice(o, "model", at: path, as: SlippageModelName.self), "\(path).model",
                "one of \(Suggestions.list(SlippageModelName.allCases.map(\.rawValue)))")
        else { return nil }
        let member = slippageMember(model)
        let takes = model == .halfSpread ? ["spread", "column"] : member.map { [$0] } ?? []
        for key in all.dropFirst() where !takes.contains(key) && o[key] != nil && o[key] != .null {
            reader.fail(
                "\(path).\(key)",
                takes.isEmpty
                    ? "slippage model \"none\" takes no parameters"
                    : "slippage model \"\(model.rawValue)\" takes \(Suggestions.list(takes)), not \"\(key)\"")
        }
        if model == .halfSpread, let column = reader.string(o, "column", at: path) {
            if o["spread"] != nil && o["spread"] != .null {
                reader.fail("\(path).spread", "give either a constant spread or a column, not both")
            }
            return .halfSpread(.column(column))
        }
        guard let member else { return SlippageModel.none }
        let defaults: [SlippageModelName: Double] = [.volumeShare: 0.1]
        let what = model == .halfSpread ? "a spread in price units, or \"column\" naming one" : "a number >= 0"
        guard
            let x = defaults[model] == nil
                ? reader.require(reader.number(o, member, at: path), "\(path).\(member)", what)
                : reader.number(o, member, at: path) ?? defaults[model]
        else { return nil }
        switch model {
        case .none: return SlippageModel.none
        case .fixedBps: return .fixedBps(x)
        case .perShare: return .perShare(x)
        case .halfSpread: return .halfSpread(.constant(x))
        case .volumeShare: return .volumeShare(impact: x)
        case .sqrtImpact: return .sqrtImpact(coefficient: x)
        }
    }
}
