// The resolved spec as JSON: what `GET /v1/backtests/{id}` echoes, every default written out, in the
// same shape a client sends, so a spec read back can be submitted again unchanged.
import BacktestEngine

extension BacktestSpec {
    /// The spec with every default resolved.
    public var json: JSONValue {
        var root: JSONObject = ["dataset": .string(dataset), "context": contextJSON, "name": .optional(name)]
        root["signals"] = .array(signals.map(JSONValue.string))
        root["signal_delay_bars"] = .int(configuration.signalDelayBars)
        root["strategy"] = Self.strategyJSON(configuration.strategy)
        root["execution"] = .object([
            "fill": .string(configuration.fill.rawValue),
            "price": Self.marketPriceJSON(configuration),
            "commission": Self.commissionJSON(configuration.commission),
            "slippage": slippageJSON,
            "participation": configuration.participation.map { .object(["max_fraction": .number($0.maxFraction)]) }
                ?? .null,
        ])
        let account = configuration.account
        // A cash account has no margin terms: they read null, which is also what a resubmission may send.
        let margin = account.type == .margin
        root["account"] = .object([
            "initial_cash": .number(configuration.initialCash), "type": .string(account.type.rawValue),
            "initial_margin": margin ? .number(account.initialMargin) : .null,
            "maintenance_margin": margin ? .number(account.maintenanceMargin) : .null,
            "max_leverage": .number(account.maxLeverage), "borrow_rate": margin ? .number(account.borrowRate) : .null,
            "fractional": .bool(account.fractional),
            "lot_size": account.lotSize.map(JSONValue.number) ?? (account.fractional ? .null : .int(1)),
        ])
        let risk = configuration.risk
        root["risk"] = .object([
            "stop_loss": .optional(risk.stopLoss), "take_profit": .optional(risk.takeProfit),
            "trailing_stop": .optional(risk.trailingStop), "max_bars": risk.maxBars.map(JSONValue.int) ?? .null,
        ])
        let l = configuration.limits
        root["limits"] = .object([
            "max_drawdown": .optional(l.maxDrawdown), "on_max_drawdown": .string(l.onMaxDrawdown.rawValue),
            "daily_loss": .optional(l.dailyLoss), "max_gross_exposure": .optional(l.maxGrossExposure),
            "max_net_exposure": .optional(l.maxNetExposure),
            "max_positions": l.maxPositions.map(JSONValue.int) ?? .null,
            "max_position_weight": .optional(l.maxPositionWeight),
        ])
        root["analytics"] = analyticsJSON
        root["window"] = window?.json ?? .null
        return .object(root)
    }

    /// The context id, or `{"dataset", "available_after"}` (seconds) when it has a lag.
    private var contextJSON: JSONValue {
        guard let context else { return .null }
        let lag = configuration.contextAvailableAfter
        guard lag != 0 else { return .string(context) }
        return .object(["dataset": .string(context), "available_after": .int(Int(lag))])
    }

    /// A template and its params, every default resolved.
    static func strategyJSON(_ strategy: StrategySpec) -> JSONValue {
        switch strategy {
        case .regime(let p):
            let regimes = p.regimes.map { regime in
                JSONValue.object([
                    "name": .string(regime.name), "when": .string(regime.when),
                    "strategy": strategyJSON(regime.strategy),
                ])
            }
            return .object([
                "template": .string(StrategyTemplate.regime.rawValue),
                "params": .object([
                    "regimes": .array(regimes), "initial": .int(p.initial), "confirm_bars": .int(p.confirmBars),
                    "exit_on_switch": .bool(p.exitOnSwitch),
                ]),
            ])
        case .threshold(let p):
            func json(_ filters: [Filter]) -> JSONValue {
                .array(
                    filters.map { f in
                        .object(["column": .string(f.column), "op": .string(f.op.rawValue), "value": .number(f.value)])
                    })
            }
            return .object([
                "template": .string(StrategyTemplate.threshold.rawValue),
                "params": .object([
                    "signal": .string(p.signal),
                    "entry_above": .number(p.entryAbove),
                    "exit_below": .number(p.exitBelow),
                    "short_below": .optional(p.shortBelow),
                    "cover_above": .optional(p.coverAbove),
                    "entry_order": Self.orderJSON(p.entryOrder),
                    "exit_order": Self.orderJSON(p.exitOrder),
                    "filters": json(p.filters),
                    "exit_signal": .optional(p.exitSignal),
                    "exit_filters": json(p.exitFilters),
                    "cooldown_bars": .int(p.cooldownBars),
                    "min_holding_bars": .int(p.minHoldingBars),
                    "sizing": Self.sizingJSON(p.sizing),
                ]),
            ])
        case .targetWeights(let p):
            return .object([
                "template": .string(StrategyTemplate.targetWeights.rawValue),
                "params": .object([
                    "weights": .string(p.weights), "rebalance_every": .int(p.rebalanceEvery),
                    "drift": .optional(p.drift),
                ]),
            ])
        case .rules(let p):
            return .object([
                "template": .string(StrategyTemplate.rules.rawValue),
                "params": .object([
                    "entry": .string(p.entry), "exit": .optional(p.exit), "short": .optional(p.short),
                    "cover": .optional(p.cover), "entry_order": Self.orderJSON(p.entryOrder),
                    "exit_order": Self.orderJSON(p.exitOrder), "sizing": Self.sizingJSON(p.sizing),
                ]),
            ])
        case .topK(let p):
            return .object(["template": .string(StrategyTemplate.topK.rawValue), "params": Self.topKJSON(p)])
        }
    }

    /// top_k params with every default resolved: exactly one of `rebalance_every` and `rebalance`
    /// is set, and `vol_lookback` only with `inverse_vol` weights.
    static func topKJSON(_ p: TopKParameters) -> JSONValue {
        var every: JSONValue = .null
        var calendar: JSONValue = .null
        switch p.rebalance {
        case .everyBars(let n): every = .int(n)
        case .calendar(let period): calendar = .string(period.rawValue)
        }
        let weighting: TopKWeightingName
        var lookback: JSONValue = .null
        switch p.weighting {
        case .equal: weighting = .equal
        case .signal: weighting = .signal
        case .inverseVolatility(let n):
            weighting = .inverseVol
            lookback = .int(n)
        }
        return .object([
            "signal": .string(p.signal), "k": .int(p.k), "rebalance_every": every, "rebalance": calendar,
            "weighting": .string(weighting.rawValue), "vol_lookback": lookback, "fraction": .number(p.fraction),
            "short_k": p.shortK.map(JSONValue.int) ?? .null, "rank_buffer": .int(p.rankBuffer),
            "max_weight": .optional(p.maxWeight),
        ])
    }

    static func sizingJSON(_ sizing: Sizing) -> JSONValue {
        switch sizing {
        case .equalInitial(let f):
            .object(["method": .string(SizingMethod.equalInitial.rawValue), "fraction": .number(f)])
        case .percentEquity(let f):
            .object(["method": .string(SizingMethod.percentEquity.rawValue), "fraction": .number(f)])
        case .fixedValue(let v): .object(["method": .string(SizingMethod.fixedValue.rawValue), "value": .number(v)])
        case .fixedQuantity(let q):
            .object(["method": .string(SizingMethod.fixedQuantity.rawValue), "quantity": .number(q)])
        case .confidenceScaled(let column, let fraction, let maxFraction):
            .object([
                "method": .string(SizingMethod.confidenceScaled.rawValue), "column": .string(column),
                "fraction": .number(fraction), "max_fraction": .number(maxFraction),
            ])
        case .volatilityTarget(let target, let lookback, let barsPerYear, let maxFraction):
            .object([
                "method": .string(SizingMethod.volatilityTarget.rawValue), "target": .number(target),
                "lookback": .int(lookback), "bars_per_year": .number(barsPerYear), "max_fraction": .number(maxFraction),
            ])
        }
    }

    static func commissionJSON(_ model: CommissionModel) -> JSONValue {
        func named(_ name: CommissionModelName, _ members: JSONObject) -> JSONValue {
            var members = members
            members["model"] = .string(name.rawValue)
            return .object(members)
        }
        switch model {
        case .percent(let rate):
            return named(.percent, ["rate": .number(rate)])
        case .perShare(let rate, let minimum, let maximum):
            return named(
                .perShare, ["rate": .number(rate), "minimum": .number(minimum), "maximum": .optional(maximum)])
        case .perOrder(let amount):
            return named(.perOrder, ["amount": .number(amount)])
        case .tiered(let tiers):
            let bands = tiers.map { JSONValue.object(["up_to": .optional($0.upTo), "rate": .number($0.rate)]) }
            return named(.tiered, ["tiers": .array(bands)])
        case .sum(let parts):
            return named(.sum, ["models": .array(parts.map(commissionJSON))])
        }
    }

    private var slippageJSON: JSONValue {
        func named(_ name: SlippageModelName, _ members: JSONObject = [:]) -> JSONValue {
            var members = members
            members["model"] = .string(name.rawValue)
            return .object(members)
        }
        switch configuration.slippage {
        case .none: return named(.none)
        case .fixedBps(let bps): return named(.fixedBps, ["bps": .number(bps)])
        case .perShare(let amount): return named(.perShare, ["amount": .number(amount)])
        case .halfSpread(.constant(let spread)): return named(.halfSpread, ["spread": .number(spread)])
        case .halfSpread(.column(let column)): return named(.halfSpread, ["column": .string(column)])
        case .volumeShare(let impact): return named(.volumeShare, ["impact": .number(impact)])
        case .sqrtImpact(let coefficient): return named(.sqrtImpact, ["coefficient": .number(coefficient)])
        }
    }

    /// The market price as written: `"open"`, `"close"` (the timing's own price resolved) or a column.
    static func marketPriceJSON(_ c: BacktestConfiguration) -> JSONValue {
        switch c.marketPrice {
        case .timing: .string(c.fill == .nextOpen ? "open" : "close")
        case .open: .string("open")
        case .close: .string("close")
        case .column(let name): .object(["column": .string(name)])
        }
    }
}
