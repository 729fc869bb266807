// Reads a `POST /v1/backtests` body into a `BacktestSpec`, gathering every problem with its JSON path.
import BacktestEngine

extension BacktestSpec {
    static let topLevelFields = [
        "dataset", "context", "signals", "signal_delay_bars", "name", "strategy", "execution", "account", "risk",
        "limits",
        "analytics", "window",
    ]

    /// Validates the shape and values of a request body (not yet whether the datasets exist).
    static func decode(_ body: JSONValue) -> Result<BacktestSpec, Problem> {
        var reader = SpecReader()
        let root = reader.object(body, at: "", allowed: topLevelFields)
        let dataset = reader.require(
            reader.string(root, "dataset", at: ""), "dataset",
            "the id of a bars dataset (\"ds_…\"), from POST /v1/datasets")
        let (context, contextLag) = decodeContext(root?["context"], reader: &reader)
        let signals = decodeSignals(root, reader: &reader)
        let signalDelay = reader.integer(root, "signal_delay_bars", at: "") ?? 0
        let name = reader.string(root, "name", at: "")
        let strategy = decodeStrategy(root?["strategy"], at: "strategy", reader: &reader)
        let execution = decodeExecution(root?["execution"], reader: &reader)
        let (initialCash, account) = decodeAccount(root?["account"], reader: &reader)
        let risk = decodeRisk(root?["risk"], reader: &reader)
        let limits = decodeLimits(root?["limits"], reader: &reader)
        let analytics = decodeAnalytics(root?["analytics"], reader: &reader)
        let window = BarWindow.decode(root?["window"], reader: &reader)
        guard reader.problems.isEmpty, let dataset, let strategy else {
            return .failure(.invalidSpec(reader.problems))
        }
        let configuration = BacktestConfiguration(
            initialCash: initialCash, fill: execution.fill, marketPrice: execution.marketPrice,
            commission: execution.commission,
            slippage: execution.slippage, participation: execution.participation, strategy: strategy, risk: risk,
            account: account, limits: limits, signalDelayBars: signalDelay, contextAvailableAfter: contextLag,
            analytics: analytics)
        return .success(
            BacktestSpec(
                dataset: dataset, context: context, signals: signals, name: name, configuration: configuration,
                window: window))
    }

    /// A `{template, params}` object at `path` (`strategy`, or a regime's `strategy`).
    private static func decodeStrategy(_ value: JSONValue?, at path: String, reader: inout SpecReader) -> StrategySpec?
    {
        guard
            let object = reader.require(
                reader.object(value, at: path, allowed: ["template", "params"]),
                path, "an object {\"template\": \"threshold\", \"params\": {…}}")
        else { return nil }
        guard
            let template = reader.require(
                reader.choice(object, "template", at: path, as: StrategyTemplate.self),
                "\(path).template", "one of \(Suggestions.list(StrategyTemplate.allCases.map(\.rawValue)))")
        else { return nil }
        switch template {
        case .threshold:
            return decodeThreshold(object["params"], at: "\(path).params", reader: &reader).map(StrategySpec.threshold)
        case .rules:
            return decodeRules(object["params"], at: "\(path).params", reader: &reader).map(StrategySpec.rules)
        case .targetWeights:
            return decodeTargetWeights(object["params"], at: "\(path).params", reader: &reader).map(
                StrategySpec.targetWeights)
        case .regime:
            return decodeRegime(object["params"], at: "\(path).params", reader: &reader).map(StrategySpec.regime)
        case .topK:
            return decodeTopK(object["params"], at: "\(path).params", reader: &reader).map(StrategySpec.topK)
        }
    }

    /// The regime template's params: each regime's own strategy is read like the top-level one, at
    /// its path (`strategy.params.regimes[0].strategy`).
    private static func decodeRegime(
        _ value: JSONValue?, at path: String, reader: inout SpecReader
    )
        -> RegimeParameters?
    {
        guard
            let params = reader.require(
                reader.object(value, at: path, allowed: ["regimes", "initial", "confirm_bars", "exit_on_switch"]), path,
                "an object with regimes, e.g. {\"regimes\": [{\"name\": \"calm\", \"when\": \"ctx.vix < 20\", \"strategy\": {…}}, …]}"
            )
        else { return nil }
        var regimes: [Regime] = []
        var complete = true
        let items =
            reader.require(
                reader.array(params, "regimes", at: path), "\(path).regimes",
                "two or more {name, when, strategy} objects") ?? []
        for (i, item) in items.prefix(RegimeParameters.maxRegimes + 1).enumerated() {
            let at = "\(path).regimes[\(i)]"
            guard let object = reader.object(item, at: at, allowed: ["name", "when", "strategy"]) else {
                if item == .null { reader.fail(at, "expected a {name, when, strategy} object, found null") }
                complete = false
                continue
            }
            let name = reader.string(object, "name", at: at) ?? "regime \(i)"
            let when = reader.require(
                reader.string(object, "when", at: at), "\(at).when",
                "a condition over context columns, e.g. \"ctx.vix < 20\"")
            // Reports a missing or broken strategy at its own paths.
            let strategy = decodeStrategy(object["strategy"], at: "\(at).strategy", reader: &reader)
            guard let when, let strategy else {
                complete = false
                continue
            }
            regimes.append(Regime(name: name, when: when, strategy: strategy))
        }
        let initial = reader.integer(params, "initial", at: path) ?? 0
        let confirm = reader.integer(params, "confirm_bars", at: path) ?? 1
        let exit = reader.boolean(params, "exit_on_switch", at: path) ?? false
        guard complete else { return nil }
        return RegimeParameters(regimes: regimes, initial: initial, confirmBars: confirm, exitOnSwitch: exit)
    }

    /// The target_weights template's params; their values are checked by the engine's validation.
    private static func decodeTargetWeights(
        _ value: JSONValue?, at path: String, reader: inout SpecReader
    )
        -> TargetWeightsParameters?
    {
        guard
            let params = reader.require(
                reader.object(value, at: path, allowed: ["weights", "rebalance_every", "drift"]), path,
                "an object with weights, e.g. {\"weights\": \"target_weight\", \"rebalance_every\": 20}")
        else { return nil }
        let weights = reader.require(
            reader.string(params, "weights", at: path), "\(path).weights",
            "the column of target weights (fractions of equity), e.g. \"target_weight\"")
        let every = reader.integer(params, "rebalance_every", at: path) ?? 1
        let drift = reader.number(params, "drift", at: path)
        guard let weights else { return nil }
        return TargetWeightsParameters(weights: weights, rebalanceEvery: every, drift: drift)
    }

    /// The rules template's params; the expressions themselves are parsed and checked against the
    /// data by the engine's validation (their errors come back with these same paths).
    private static func decodeRules(_ value: JSONValue?, at path: String, reader: inout SpecReader) -> RulesParameters?
    {
        let allowed = ["entry", "exit", "short", "cover", "sizing", "entry_order", "exit_order"]
        guard
            let params = reader.require(
                reader.object(value, at: path, allowed: allowed), path,
                "an object with entry (and usually exit), e.g. {\"entry\": \"ml_pred > 0.8\", \"exit\": \"ml_pred < 0.4\"}"
            )
        else { return nil }
        let entry = reader.require(
            reader.string(params, "entry", at: path), "\(path).entry",
            "the expression that enters long, e.g. \"ml_pred > 0.8 and confidence > 0.7\"")
        let exit = reader.string(params, "exit", at: path)
        let short = reader.string(params, "short", at: path)
        let cover = reader.string(params, "cover", at: path)
        let entryOrder = decodeOrder(params["entry_order"], at: "\(path).entry_order", reader: &reader)
        let exitOrder = decodeOrder(params["exit_order"], at: "\(path).exit_order", reader: &reader)
        let sizing =
            params["sizing"].flatMap { decodeSizing($0, at: "\(path).sizing", reader: &reader) } ?? Defaults.sizing
        guard let entry else { return nil }
        return RulesParameters(
            entry: entry, exit: exit, short: short, cover: cover, sizing: sizing, entryOrder: entryOrder,
            exitOrder: exitOrder)
    }

    private static func decodeThreshold(
        _ value: JSONValue?, at path: String, reader: inout SpecReader
    )
        -> ThresholdParameters?
    {
        let allowed = [
            "signal", "entry_above", "exit_below", "short_below", "cover_above", "filters", "sizing", "entry_order",
            "exit_order", "exit_signal", "exit_filters", "cooldown_bars", "min_holding_bars",
        ]
        guard
            let params = reader.require(
                reader.object(value, at: path, allowed: allowed), path,
                "an object with signal, entry_above and exit_below")
        else { return nil }
        let signal = reader.require(
            reader.string(params, "signal", at: path), "\(path).signal",
            "the signal column to threshold, e.g. \"ml_pred\"")
        let entry = reader.require(
            reader.number(params, "entry_above", at: path), "\(path).entry_above",
            "enter long when the signal is strictly above this number")
        let exit = reader.require(
            reader.number(params, "exit_below", at: path), "\(path).exit_below",
            "exit when the signal is strictly below this number")
        let exitSignal = reader.string(params, "exit_signal", at: path)
        // Levels on one signal must not cross; an exit model's level is its own scale.
        if let entry, let exit, exitSignal == nil || exitSignal == signal {
            reader.check(
                exit <= entry, "\(path).exit_below",
                "exit_below (\(exit)) is above entry_above (\(entry)), so every entry would exit on the next bar; make exit_below <= entry_above"
            )
        }
        let entryOrder = decodeOrder(params["entry_order"], at: "\(path).entry_order", reader: &reader)
        let exitOrder = decodeOrder(params["exit_order"], at: "\(path).exit_order", reader: &reader)
        let shortBelow = reader.number(params, "short_below", at: path)
        let coverAbove = reader.number(params, "cover_above", at: path)
        var filters: [Filter] = []
        for (i, item) in (reader.array(params, "filters", at: path) ?? []).enumerated() {
            if let filter = decodeFilter(item, at: "\(path).filters[\(i)]", reader: &reader) { filters.append(filter) }
        }
        var exitFilters: [Filter] = []
        for (i, item) in (reader.array(params, "exit_filters", at: path) ?? []).enumerated() {
            if let filter = decodeFilter(item, at: "\(path).exit_filters[\(i)]", reader: &reader) {
                exitFilters.append(filter)
            }
        }
        let cooldown = reader.integer(params, "cooldown_bars", at: path) ?? 0
        let minHolding = reader.integer(params, "min_holding_bars", at: path) ?? 0
        let sizing =
            params["sizing"].flatMap { decodeSizing($0, at: "\(path).sizing", reader: &reader) } ?? Defaults.sizing
        guard let signal, let entry, let exit else { return nil }
        return ThresholdParameters(
            signal: signal, entryAbove: entry, exitBelow: exit, filters: filters, sizing: sizing,
            shortBelow: shortBelow, coverAbove: coverAbove, entryOrder: entryOrder, exitOrder: exitOrder,
            exitSignal: exitSignal, exitFilters: exitFilters, cooldownBars: cooldown, minHoldingBars: minHolding)
    }

    private static func decodeFilter(_ value: JSONValue, at path: String, reader: inout SpecReader) -> Filter? {
        guard let object = reader.object(value, at: path, allowed: ["column", "op", "value"]) else { return nil }
        let column = reader.require(
            reader.string(object, "column", at: path), "\(path).column", "the column to compare, e.g. \"confidence\"")
        let op = reader.require(
            reader.choice(object, "op", at: path, as: ComparisonOperator.self), "\(path).op",
            "one of \">\", \">=\", \"<\", \"<=\"")
        let number = reader.require(
            reader.number(object, "value", at: path), "\(path).value", "the number to compare with")
        guard let column, let op, let number else { return nil }
        return Filter(column: column, op: op, value: number)
    }

    private static func decodeSizing(_ value: JSONValue, at path: String, reader: inout SpecReader) -> Sizing? {
        let members = [
            "fraction", "value", "quantity", "column", "max_fraction", "target", "lookback", "bars_per_year",
        ]
        guard let object = reader.object(value, at: path, allowed: ["method"] + members) else { return nil }
        guard
            let method = reader.require(
                reader.choice(object, "method", at: path, as: SizingMethod.self), "\(path).method",
                "one of \(Suggestions.list(SizingMethod.allCases.map(\.rawValue)))")
        else { return nil }
        let expected: [String]
        switch method {
        case .equalInitial, .percentEquity: expected = ["fraction"]
        case .fixedValue: expected = ["value"]
        case .fixedQuantity: expected = ["quantity"]
        case .confidenceScaled: expected = ["column", "fraction", "max_fraction"]
        case .volatilityTarget: expected = ["target", "lookback", "bars_per_year", "max_fraction"]
        }
        for key in members where !expected.contains(key) && object[key] != nil {
            reader.fail(
                "\(path).\(key)",
                "sizing method \"\(method.rawValue)\" takes \(Suggestions.list(expected)), not \"\(key)\"")
        }
        switch method {
        case .equalInitial, .percentEquity:
            guard
                let f = reader.require(
                    reader.number(object, "fraction", at: path), "\(path).fraction", "a positive number, e.g. 0.95")
            else { return nil }
            reader.check(f > 0 && f <= 100, "\(path).fraction", "must be above 0 and at most 100, found \(f)")
            return method == .equalInitial ? .equalInitial(fraction: f) : .percentEquity(fraction: f)
        case .fixedValue:
            guard
                let v = reader.require(
                    reader.number(object, "value", at: path), "\(path).value", "a positive amount of cash per entry")
            else { return nil }
            reader.check(v > 0, "\(path).value", "must be above 0, found \(v)")
            return .fixedValue(v)
        case .fixedQuantity:
            guard
                let q = reader.require(
                    reader.number(object, "quantity", at: path), "\(path).quantity",
                    "a number of shares > 0 (whole unless the account is fractional)")
            else { return nil }
            return .fixedQuantity(q)
        case .confidenceScaled:
            let column = reader.require(
                reader.string(object, "column", at: path), "\(path).column",
                "the column the size grows with, e.g. \"confidence\"")
            let fraction = reader.require(
                reader.number(object, "fraction", at: path), "\(path).fraction",
                "the share of equity per unit of the column, e.g. 0.2 (a confidence of 0.5 then sizes 10 % of equity)")
            let cap = reader.number(object, "max_fraction", at: path) ?? Defaults.maxSizingFraction
            guard let column, let fraction else { return nil }
            return .confidenceScaled(column: column, fraction: fraction, maxFraction: cap)
        case .volatilityTarget:
            let target = reader.require(
                reader.number(object, "target", at: path), "\(path).target",
                "the annualized volatility each position aims at, e.g. 0.15")
            let lookback = reader.integer(object, "lookback", at: path) ?? Defaults.volatilityLookback
            let barsPerYear = reader.number(object, "bars_per_year", at: path) ?? Defaults.barsPerYear
            let cap = reader.number(object, "max_fraction", at: path) ?? Defaults.maxSizingFraction
            guard let target else { return nil }
            return .volatilityTarget(target: target, lookback: lookback, barsPerYear: barsPerYear, maxFraction: cap)
        }
    }
}
