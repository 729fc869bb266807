// Checks a configuration against the data and gathers every problem with the field it is about.

/// Gathers every problem of a configuration against the data, in a stable order
/// (data, account, commission, strategy fields in declaration order).
struct ConfigurationValidator {
    let catalog: ColumnCatalog
    let data: MarketData

    /// A validator for configurations that join `configuration`'s point-in-time settings (the
    /// catalog resolves columns with them).
    init(data: MarketData, context: ContextSeries?, signals: [SignalSeries], configuration: BacktestConfiguration) {
        self.data = data
        self.catalog = ColumnCatalog(
            data: data, context: context, signals: signals,
            signalDelayBars: max(0, min(configuration.signalDelayBars, BacktestConfiguration.maxSignalDelayBars)),
            contextAvailableAfter: max(
                0, min(configuration.contextAvailableAfter, BacktestConfiguration.maxContextAvailableAfter)))
    }

    func problems(in configuration: BacktestConfiguration) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if data.timestamps.isEmpty || data.assets.isEmpty || data.rowCount == 0 {
            problems.append(
                ConfigurationError(
                    code: ConfigurationError.emptyData, field: .data,
                    message: "the dataset has no bars; upload data with at least one row"))
        }
        problems += pointInTimeProblems(configuration)
        problems += marketPriceProblems(configuration)
        if configuration.fill == .nextOpen && configuration.marketPrice == .timing && !data.fields.contains(.open) {
            problems.append(
                ConfigurationError(
                    code: ConfigurationError.missingColumn, field: .fillTiming,
                    message:
                        "next_open fills at each bar's open, but the dataset has no open column; upload open prices or use \"same_close\""
                ))
        }
        let cash = configuration.initialCash
        if !(cash.isFinite && cash > 0) {
            problems.append(.invalid(.initialCash, "initial_cash must be a finite number > 0, got \(cash)"))
        }
        problems += accountProblems(configuration.account)
        problems += commissionProblems(configuration.commission)
        problems += slippageProblems(configuration.slippage)
        if let p = configuration.participation, !(p.maxFraction > 0 && p.maxFraction <= 1) {
            problems.append(
                .invalid(
                    .participationFraction,
                    "max_fraction is the share of each bar's volume an order may fill, in (0, 1], got \(p.maxFraction)")
            )
        }
        if configuration.participation != nil && !data.fields.contains(.volume) {
            problems.append(
                ConfigurationError(
                    code: ConfigurationError.missingColumn, field: .participationFraction,
                    message:
                        "a participation limit caps fills by each bar's volume, but the dataset has no volume column"))
        }
        problems += riskProblems(configuration.risk)
        problems += limitProblems(configuration.limits)
        problems += analyticsProblems(configuration.analytics)
        problems += strategyProblems(configuration.strategy, configuration)
        return problems
    }

    /// The problems of a template's parameters, including what the account must allow.
    private func strategyProblems(
        _ strategy: StrategySpec, _ configuration: BacktestConfiguration
    )
        -> [ConfigurationError]
    {
        var problems: [ConfigurationError] = []
        var sizing: Sizing?
        switch strategy {
        case .threshold(let parameters):
            problems += thresholdProblems(parameters)
            sizing = parameters.sizing
            if parameters.shorts && configuration.account.type == .cash {
                problems.append(
                    .invalid(
                        .shortBelow,
                        "short_below sells short, which a cash account cannot; set \"account\": {\"type\": \"margin\"} or remove short_below and cover_above"
                    ))
            }
        case .rules(let parameters):
            problems += rulesProblems(parameters)
            sizing = parameters.sizing
            if parameters.shorts && configuration.account.type == .cash {
                problems.append(
                    .invalid(
                        .rule(.short),
                        "short sells short, which a cash account cannot; set \"account\": {\"type\": \"margin\"} or remove short and cover"
                    ))
            }
        case .targetWeights(let parameters):
            problems += targetWeightsProblems(parameters)
        case .regime(let parameters):
            problems += regimeProblems(parameters, configuration)
        case .topK(let parameters):
            problems += topKProblems(parameters, account: configuration.account)
        }
        if case .fixedQuantity(let q)? = sizing, !configuration.account.fractional, q != q.rounded() {
            problems.append(
                .invalid(
                    .sizingQuantity,
                    "sizing quantity \(q) is not a whole number of shares; set \"account\": {\"fractional\": true} to trade fractions"
                ))
        }
        return problems
    }

    private func regimeProblems(_ p: RegimeParameters, _ configuration: BacktestConfiguration) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if !(2...RegimeParameters.maxRegimes).contains(p.regimes.count) {
            problems.append(
                .invalid(
                    .regimes,
                    "a regime template switches between 2 to \(RegimeParameters.maxRegimes) regimes, got \(p.regimes.count)"
                ))
        }
        if !p.regimes.indices.contains(p.initial) && !p.regimes.isEmpty {
            problems.append(
                .invalid(
                    .regimeInitial,
                    "initial is the index of the regime current before any condition holds, 0 to \(p.regimes.count - 1), got \(p.initial)"
                ))
        }
        if !(1...10_000).contains(p.confirmBars) {
            problems.append(
                .invalid(
                    .regimeConfirmBars,
                    "confirm_bars is how many closes in a row a new regime's condition must hold, 1 to 10,000, got \(p.confirmBars)"
                ))
        }
        let timeline = catalog.timelineCatalog
        for (i, regime) in p.regimes.enumerated() {
            problems += regimeConditionProblems(regime.when, at: i, timeline: timeline)
            if case .regime = regime.strategy {
                problems.append(
                    .invalid(.regime(i, .regimes), "a regime's strategy may be any template but regime itself"))
                continue
            }
            for var problem in strategyProblems(regime.strategy, configuration) {
                problem.field = .regime(i, problem.field)
                problems.append(problem)
            }
        }
        return problems
    }

    /// A regime condition must parse, read only context columns, and compile over the timeline.
    private func regimeConditionProblems(_ text: String, at i: Int, timeline: ColumnCatalog) -> [ConfigurationError] {
        let field = ConfigurationField.regimeCondition(i)
        let expression: RuleExpression
        do {
            expression = try RuleParser.parse(text)
        } catch {
            return [
                ConfigurationError(
                    code: ConfigurationError.invalidExpression, field: field,
                    message: "at character \(error.position): \(error.message)")
            ]
        }
        if let (name, position) = Self.firstNameOutsideContext(expression) {
            let contextNames = (catalog.context?.names ?? []).map { ColumnCatalog.contextPrefix + $0 }
            return [
                ConfigurationError(
                    code: ConfigurationError.invalidExpression, field: field,
                    message:
                        "at character \(position): a regime condition is market-wide and reads only context columns written ctx.NAME; \"\(Suggestions.echo(name))\" is not one. Context columns: \(Suggestions.list(contextNames))."
                )
            ]
        }
        do {
            _ = try RuleProgram(expression, catalog: timeline, deriving: false)
        } catch .unknownName(let name, let position) {
            return [timeline.unknownRuleName(name, position: position, field: field)]
        } catch {
            return [
                ConfigurationError(
                    code: ConfigurationError.invalidExpression, field: field,
                    message: "at character \(error.position): \(error.message)")
            ]
        }
        return []
    }

    /// The first name in `e` that is not `ctx.NAME`, with its position.
    private static func firstNameOutsideContext(_ e: RuleExpression) -> (String, Int)? {
        switch e {
        case .number: return nil
        case .name(let name, let position):
            return name.hasPrefix(ColumnCatalog.contextPrefix) ? nil : (name, position)
        case .negate(let x), .not(let x): return firstNameOutsideContext(x)
        case .binary(_, let lhs, let rhs): return firstNameOutsideContext(lhs) ?? firstNameOutsideContext(rhs)
        case .call(_, let arguments, _): return arguments.lazy.compactMap(firstNameOutsideContext).first
        }
    }

    private func pointInTimeProblems(_ c: BacktestConfiguration) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if !(0...BacktestConfiguration.maxSignalDelayBars).contains(c.signalDelayBars) {
            problems.append(
                .invalid(
                    .signalDelayBars,
                    "signal_delay_bars is how many bars late signals reach the strategy, a whole number from 0 to \(BacktestConfiguration.maxSignalDelayBars), got \(c.signalDelayBars)"
                ))
        }
        if !(0...BacktestConfiguration.maxContextAvailableAfter).contains(c.contextAvailableAfter) {
            problems.append(
                .invalid(
                    .contextAvailableAfter,
                    "available_after is how long after its timestamp a context row becomes usable, from 0 to 366 days, got \(c.contextAvailableAfter) seconds"
                ))
        }
        return problems
    }

    private func targetWeightsProblems(_ p: TargetWeightsParameters) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if let problem = catalog.columnProblem(p.weights, field: .weights) { problems.append(problem) }
        if !(1...TargetWeightsParameters.maxRebalanceEvery).contains(p.rebalanceEvery) {
            problems.append(
                .invalid(
                    .rebalanceEvery,
                    "rebalance_every is how many bars apart rebalances are, a whole number from 1 to \(TargetWeightsParameters.maxRebalanceEvery), got \(p.rebalanceEvery)"
                ))
        }
        if let drift = p.drift, !(drift.isFinite && drift > 0) {
            problems.append(
                .invalid(
                    .drift,
                    "drift is how far an asset's weight may move from its target before it is rebalanced, a number > 0 such as 0.02, got \(drift)"
                ))
        }
        return problems
    }

    private func rulesProblems(_ p: RulesParameters) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        for (role, text) in p.conditions {
            do {
                _ = try RuleProgram(try RuleParser.parse(text), catalog: catalog, deriving: false)
            } catch let error as RuleSyntaxError {
                problems.append(
                    ConfigurationError(
                        code: ConfigurationError.invalidExpression, field: .rule(role),
                        message: "at character \(error.position): \(error.message)"))
            } catch RuleCompileError.unknownName(let name, let position) {
                problems.append(catalog.unknownRuleName(name, position: position, field: .rule(role)))
            } catch let error as RuleCompileError where error.isAmbiguous {
                problems.append(
                    ConfigurationError(
                        code: ConfigurationError.ambiguousColumn, field: .rule(role),
                        message: "at character \(error.position): \(error.message)"))
            } catch let error as RuleCompileError {
                problems.append(
                    ConfigurationError(
                        code: ConfigurationError.invalidExpression, field: .rule(role),
                        message: "at character \(error.position): \(error.message)"))
            } catch {
                preconditionFailure("unexpected \(error)")
            }
        }
        switch (p.short, p.cover) {
        case (nil, nil): break
        case (nil, _): problems.append(.invalid(.rule(.short), "cover needs short (the rule that opens a short)"))
        case (_, nil): problems.append(.invalid(.rule(.cover), "short needs cover (the rule that closes a short)"))
        default: break
        }
        if let problem = sizingProblem(p.sizing) { problems.append(problem) }
        problems += orderProblems(p.entryOrder, at: ConfigurationField.entryOrder)
        problems += orderProblems(p.exitOrder, at: ConfigurationField.exitOrder)
        return problems
    }

    private func accountProblems(_ a: AccountTerms) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if !(a.initialMargin > 0 && a.initialMargin <= 1) {
            problems.append(
                .invalid(
                    .initialMargin, "initial_margin is a fraction of gross exposure in (0, 1], got \(a.initialMargin)"))
        }
        if !(a.maintenanceMargin >= 0 && a.maintenanceMargin <= a.initialMargin) {
            problems.append(
                .invalid(
                    .maintenanceMargin,
                    "maintenance_margin must be in [0, initial_margin] (\(a.initialMargin)), got \(a.maintenanceMargin)"
                ))
        }
        if !(a.maxLeverage >= 1 && a.maxLeverage.isFinite) {
            problems.append(
                .invalid(.maxLeverage, "max_leverage is gross exposure over equity, >= 1, got \(a.maxLeverage)"))
        } else if a.type == .cash && a.maxLeverage != 1 {
            problems.append(
                .invalid(
                    .maxLeverage,
                    "a cash account cannot borrow, so its leverage is 1; set \"type\": \"margin\" for max_leverage \(a.maxLeverage)"
                ))
        }
        if !(a.borrowRate >= 0 && a.borrowRate.isFinite) {
            problems.append(.invalid(.borrowRate, "borrow_rate is an annual fraction >= 0, got \(a.borrowRate)"))
        }
        if let lot = a.lotSize {
            if a.fractional && !(lot > 0 && lot.isFinite) {
                problems.append(
                    .invalid(.lotSize, "lot_size is the quantity step of a fractional account, > 0, got \(lot)"))
            } else if !a.fractional && !(lot >= 1 && lot < 1e15 && lot == lot.rounded()) {
                problems.append(
                    .invalid(
                        .lotSize,
                        "lot_size must be a whole number of shares >= 1, got \(lot); set \"fractional\": true to trade fractions"
                    ))
            }
        }
        return problems
    }

    private func commissionProblems(_ model: CommissionModel, part: Int? = nil) -> [ConfigurationError] {
        func at(_ field: ConfigurationField) -> ConfigurationField { part.map { .commissionPart($0, field) } ?? field }
        func nonNegative(_ x: Double) -> Bool { x.isFinite && x >= 0 }
        var problems: [ConfigurationError] = []
        switch model {
        case .percent(let rate):
            if !(nonNegative(rate) && rate < 1) {
                problems.append(
                    .invalid(at(.commissionRate), "commission rate must be a fraction in [0, 1), got \(rate)"))
            }
        case .perShare(let rate, let minimum, let maximum):
            if !nonNegative(rate) {
                problems.append(.invalid(at(.commissionRate), "per-share rate must be finite and >= 0, got \(rate)"))
            }
            if !nonNegative(minimum) {
                problems.append(
                    .invalid(at(.commissionMinimum), "minimum commission must be finite and >= 0, got \(minimum)"))
            }
            if let maximum, !(nonNegative(maximum) && maximum >= minimum) {
                problems.append(
                    .invalid(
                        at(.commissionMaximum),
                        "maximum commission must be finite and >= minimum (\(minimum)), got \(maximum)"))
            }
        case .perOrder(let amount):
            if !nonNegative(amount) {
                problems.append(
                    .invalid(at(.commissionAmount), "per-order commission must be finite and >= 0, got \(amount)"))
            }
        case .tiered(let tiers):
            if tiers.isEmpty {
                problems.append(.invalid(at(.commissionTiers), "tiers must list at least one band {up_to, rate}"))
            }
            var lower = 0.0
            for (k, tier) in tiers.enumerated() {
                if !(nonNegative(tier.rate) && tier.rate < 1) {
                    problems.append(
                        .invalid(at(.commissionTierRate(k)), "a band's rate is a fraction in [0, 1), got \(tier.rate)"))
                }
                guard let upTo = tier.upTo else {
                    if k != tiers.count - 1 {
                        problems.append(
                            .invalid(at(.commissionTierLimit(k)), "only the last band may be unbounded (up_to null)"))
                    }
                    continue
                }
                if !(upTo.isFinite && upTo > lower) {
                    problems.append(
                        .invalid(at(.commissionTierLimit(k)), "bands ascend: up_to must be above \(lower), got \(upTo)")
                    )
                }
                lower = upTo
            }
        case .sum(let parts):
            if part != nil {
                problems.append(
                    .invalid(at(.commissionParts), "a sum's parts cannot be sums themselves; list every part once"))
            } else if parts.isEmpty {
                problems.append(.invalid(.commissionParts, "a sum needs at least one model in \"models\""))
            }
            for (k, inner) in parts.enumerated() where part == nil {
                problems += commissionProblems(inner, part: k)
            }
        }
        return problems
    }

    private func slippageProblems(_ model: SlippageModel) -> [ConfigurationError] {
        let value: Double
        let field: ConfigurationField
        let what: String
        switch model {
        case .none: return []
        case .fixedBps(let bps): (value, field, what) = (bps, .slippageBps, "bps")
        case .perShare(let amount): (value, field, what) = (amount, .slippageAmount, "amount per share")
        case .halfSpread(.constant(let spread)): (value, field, what) = (spread, .slippageSpread, "spread")
        case .halfSpread(.column(let name)):
            return catalog.columnProblem(name, field: .slippageColumn).map { [$0] } ?? []
        case .volumeShare(let impact): (value, field, what) = (impact, .slippageImpact, "impact")
        case .sqrtImpact(let coefficient): (value, field, what) = (coefficient, .slippageCoefficient, "coefficient")
        }
        guard value.isFinite && value >= 0 else {
            return [.invalid(field, "slippage \(what) must be finite and >= 0, got \(value)")]
        }
        if field == .slippageBps && value >= 10_000 {
            return [.invalid(field, "slippage bps must be below 10,000 (100 %), got \(value)")]
        }
        return []
    }

    private func marketPriceProblems(_ c: BacktestConfiguration) -> [ConfigurationError] {
        switch c.marketPrice {
        case .timing, .close: return []
        case .open:
            if c.fill == .sameClose {
                return [
                    .invalid(
                        .marketPrice,
                        "a same_close order is decided after its bar's open, so it cannot fill at it; use \"close\"")
                ]
            }
            if !data.fields.contains(.open) {
                return [
                    ConfigurationError(
                        code: ConfigurationError.missingColumn, field: .marketPrice,
                        message: "the dataset has no open column; upload open prices or fill at the \"close\"")
                ]
            }
            return []
        case .column(let name):
            if let problem = catalog.columnProblem(name, field: .marketPrice) { return [problem] }
            guard data.signalIndex(named: name) != nil else {
                return [
                    .invalid(
                        .marketPrice,
                        "the market price column must be a per-row column of the bars dataset (such as vwap), not \"\(Suggestions.echo(name))\""
                    )
                ]
            }
            return []
        }
    }

    private func limitProblems(_ l: PortfolioLimits) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        for (name, field, value) in [
            ("max_drawdown", ConfigurationField.maxDrawdown, l.maxDrawdown), ("daily_loss", .dailyLoss, l.dailyLoss),
        ] {
            if let f = value, !(f > 0 && f < 1) {
                problems.append(.invalid(field, "\(name) is a fraction of equity in (0, 1), got \(f)"))
            }
        }
        for (name, field, value) in [
            ("max_gross_exposure", ConfigurationField.maxGrossExposure, l.maxGrossExposure),
            ("max_net_exposure", .maxNetExposure, l.maxNetExposure),
            ("max_position_weight", .maxPositionWeight, l.maxPositionWeight),
        ] {
            if let x = value, !(x > 0 && x.isFinite) {
                problems.append(.invalid(field, "\(name) is a multiple of equity > 0, got \(x)"))
            }
        }
        if let n = l.maxPositions, n < 1 {
            problems.append(.invalid(.maxPositions, "max_positions must be at least 1, got \(n)"))
        }
        return problems
    }

    private func riskProblems(_ rules: PositionRules) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        let levels: [(String, ConfigurationField, Double?)] = [
            ("stop_loss", .stopLoss, rules.stopLoss), ("take_profit", .takeProfit, rules.takeProfit),
            ("trailing_stop", .trailingStop, rules.trailingStop),
        ]
        for (name, field, value) in levels {
            if let f = value, !(f > 0 && f < 1) {
                problems.append(.invalid(field, "\(name) is a fraction of the entry price in (0, 1), got \(f)"))
            }
        }
        if let n = rules.maxBars, n < 1 {
            problems.append(.invalid(.maxBars, "max_bars must be at least 1, got \(n)"))
        }
        return problems
    }

    private func thresholdProblems(_ p: ThresholdParameters) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if let problem = catalog.columnProblem(p.signal, field: .signal) {
            problems.append(problem)
        }
        if !p.entryAbove.isFinite {
            problems.append(.invalid(.entryAbove, "entry_above must be a finite number, got \(p.entryAbove)"))
        }
        if !p.exitBelow.isFinite {
            problems.append(.invalid(.exitBelow, "exit_below must be a finite number, got \(p.exitBelow)"))
        }
        if p.shorts {
            if let below = p.shortBelow, !below.isFinite {
                problems.append(.invalid(.shortBelow, "short_below must be a finite number, got \(below)"))
            }
            switch (p.shortBelow, p.coverAbove) {
            case (nil, _):
                problems.append(.invalid(.shortBelow, "cover_above needs short_below (the level that opens a short)"))
            case (_, nil):
                problems.append(.invalid(.coverAbove, "short_below needs cover_above (the level that closes a short)"))
            case (let below?, let above?):
                if !above.isFinite {
                    problems.append(.invalid(.coverAbove, "cover_above must be a finite number, got \(above)"))
                } else if above < below {
                    problems.append(
                        .invalid(
                            .coverAbove,
                            "cover_above (\(above)) is below short_below (\(below)), so every short would close on the next bar; make cover_above >= short_below"
                        ))
                }
            }
        }
        for (i, filter) in p.filters.enumerated() {
            if let problem = catalog.columnProblem(filter.column, field: .filterColumn(i)) {
                problems.append(problem)
            }
            if !filter.value.isFinite {
                problems.append(.invalid(.filterValue(i), "filter value must be a finite number, got \(filter.value)"))
            }
        }
        if let exitSignal = p.exitSignal, let problem = catalog.columnProblem(exitSignal, field: .exitSignal) {
            problems.append(problem)
        }
        for (i, filter) in p.exitFilters.enumerated() {
            if let problem = catalog.columnProblem(filter.column, field: .exitFilterColumn(i)) {
                problems.append(problem)
            }
            if !filter.value.isFinite {
                problems.append(
                    .invalid(.exitFilterValue(i), "exit filter value must be a finite number, got \(filter.value)"))
            }
        }
        let bars = 0...ThresholdParameters.maxBarCount
        if !bars.contains(p.cooldownBars) {
            problems.append(
                .invalid(
                    .cooldownBars,
                    "cooldown_bars is how many bars an asset waits after an exit before it may enter again, a whole number from 0 to \(ThresholdParameters.maxBarCount), got \(p.cooldownBars)"
                ))
        }
        if !bars.contains(p.minHoldingBars) {
            problems.append(
                .invalid(
                    .minHoldingBars,
                    "min_holding_bars is how many bars a position is held before a signal exit may close it, a whole number from 0 to \(ThresholdParameters.maxBarCount), got \(p.minHoldingBars)"
                ))
        }
        if let problem = sizingProblem(p.sizing) {
            problems.append(problem)
        }
        problems += orderProblems(p.entryOrder, at: ConfigurationField.entryOrder)
        problems += orderProblems(p.exitOrder, at: ConfigurationField.exitOrder)
        return problems
    }

    private func orderProblems(
        _ o: OrderSpec, at field: (OrderSpecField) -> ConfigurationField
    )
        -> [ConfigurationError]
    {
        var problems: [ConfigurationError] = []
        let type = o.type.rawValue
        let needsLimit = o.type == .limit || o.type == .stopLimit
        let needsStop = o.type == .stop || o.type == .stopLimit
        func check(_ level: LevelSource?, needed: Bool, _ part: OrderSpecField, _ name: String) {
            switch (level, needed) {
            case (nil, true):
                problems.append(
                    .invalid(
                        field(part),
                        "a \(type) order needs a \(name) level: an offset from the decision close in bps, or a column"))
            case (.some, false):
                problems.append(.invalid(field(part), "a \(type) order takes no \(name) level"))
            case (.offsetBps(let bps)?, true) where !(bps.isFinite && bps > -10_000 && bps < 10_000):
                problems.append(
                    .invalid(field(part), "a level's offset is in bps, above -10,000 and below 10,000, got \(bps)"))
            case (.column(let name)?, true):
                if let problem = catalog.columnProblem(name, field: field(part)) { problems.append(problem) }
            default: break
            }
        }
        check(o.limit, needed: needsLimit, .limit, "limit")
        check(o.stop, needed: needsStop, .stop, "stop")
        switch (o.trail, o.type == .trailingStop) {
        case (nil, true):
            problems.append(
                .invalid(field(.trail), "a trailing stop needs a trail: a percent in (0, 1) or an amount > 0"))
        case (.some, false):
            problems.append(.invalid(field(.trail), "a \(type) order takes no trail"))
        case (.percent(let f)?, true) where !(f > 0 && f < 1):
            problems.append(.invalid(field(.trail), "a trailing percent is a fraction in (0, 1), got \(f)"))
        case (.amount(let d)?, true) where !(d.isFinite && d > 0):
            problems.append(.invalid(field(.trail), "a trailing amount must be above 0, got \(d)"))
        default: break
        }
        if case .bars(let n) = o.timeInForce, n < 1 {
            problems.append(.invalid(field(.timeInForce), "a time in force of bars needs bars >= 1, got \(n)"))
        }
        return problems
    }

    private func sizingProblem(_ sizing: Sizing) -> ConfigurationError? {
        switch sizing {
        case .equalInitial(let fraction), .percentEquity(let fraction):
            guard fraction.isFinite && fraction > 0 else {
                return .invalid(.sizingFraction, "sizing fraction must be a finite number > 0, got \(fraction)")
            }
        case .fixedValue(let value):
            guard value.isFinite && value > 0 else {
                return .invalid(.sizingValue, "sizing value must be a finite number > 0, got \(value)")
            }
        case .fixedQuantity(let quantity):
            guard quantity > 0 && quantity < 9_007_199_254_740_992 else {
                return .invalid(.sizingQuantity, "sizing quantity must be a number of shares > 0, got \(quantity)")
            }
        case .confidenceScaled(let column, let fraction, let maxFraction):
            if let problem = catalog.columnProblem(column, field: .sizingColumn) { return problem }
            guard fraction.isFinite && fraction > 0 else {
                return .invalid(
                    .sizingFraction,
                    "sizing fraction is the share of equity per unit of the column, a finite number > 0, got \(fraction)"
                )
            }
            guard maxFraction.isFinite && maxFraction > 0 else {
                return .invalid(
                    .sizingMaxFraction,
                    "max_fraction caps each entry's share of equity, a finite number > 0, got \(maxFraction)")
            }
        case .volatilityTarget(let target, let lookback, let barsPerYear, let maxFraction):
            guard target.isFinite && target > 0 else {
                return .invalid(
                    .sizingTarget,
                    "target is the annualized volatility each position aims at, a number > 0 such as 0.15, got \(target)"
                )
            }
            guard (2...RuleFunction.maxWindow).contains(lookback) else {
                return .invalid(
                    .sizingLookback,
                    "lookback is how many returns the volatility is measured over, a whole number from 2 to \(RuleFunction.maxWindow), got \(lookback)"
                )
            }
            guard barsPerYear.isFinite && barsPerYear > 0 else {
                return .invalid(
                    .sizingBarsPerYear,
                    "bars_per_year annualizes the volatility (252 for daily bars, 98,280 for regular-hours minutes), a number > 0, got \(barsPerYear)"
                )
            }
            guard maxFraction.isFinite && maxFraction > 0 else {
                return .invalid(
                    .sizingMaxFraction,
                    "max_fraction caps each entry's share of equity, a finite number > 0, got \(maxFraction)")
            }
        }
        return nil
    }
}
