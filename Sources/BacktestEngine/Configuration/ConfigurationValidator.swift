// Checks a configuration against the data and gathers every problem with the field it is about: the
// run-level checks (data, account, costs, liquidity, limits, risk, point-in-time settings) here, each
// template's in ConfigurationValidator+Templates.swift, top_k's and the analytics' in their own files.

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

}
