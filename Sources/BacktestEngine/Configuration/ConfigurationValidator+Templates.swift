// The template half of configuration validation: each strategy template's parameters, what the
// account must allow for them, their orders and sizing (the run-level checks are in
// ConfigurationValidator.swift).

extension ConfigurationValidator {
    /// The problems of a template's parameters, including what the account must allow.
    func strategyProblems(
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

    func regimeProblems(_ p: RegimeParameters, _ configuration: BacktestConfiguration) -> [ConfigurationError] {
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
    func regimeConditionProblems(_ text: String, at i: Int, timeline: ColumnCatalog) -> [ConfigurationError] {
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
    static func firstNameOutsideContext(_ e: RuleExpression) -> (String, Int)? {
        switch e {
        case .number: return nil
        case .name(let name, let position):
            return name.hasPrefix(ColumnCatalog.contextPrefix) ? nil : (name, position)
        case .negate(let x), .not(let x): return firstNameOutsideContext(x)
        case .binary(_, let lhs, let rhs): return firstNameOutsideContext(lhs) ?? firstNameOutsideContext(rhs)
        case .call(_, let arguments, _): return arguments.lazy.compactMap(firstNameOutsideContext).first
        }
    }

    func targetWeightsProblems(_ p: TargetWeightsParameters) -> [ConfigurationError] {
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

    func rulesProblems(_ p: RulesParameters) -> [ConfigurationError] {
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

    func thresholdProblems(_ p: ThresholdParameters) -> [ConfigurationError] {
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

    func orderProblems(
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

    func sizingProblem(_ sizing: Sizing) -> ConfigurationError? {
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
