// Where each engine configuration field sits in the JSON spec this service decodes: the one place
// that turns the engine's typed validation problems into `errors[].path`.
import BacktestEngine

extension ConfigurationField {
    /// The JSON path of this field in a `POST /v1/backtests` body.
    var specPath: String {
        switch self {
        case .data: "dataset"
        case .signalDelayBars: "signal_delay_bars"
        case .contextAvailableAfter: "context.available_after"
        case .initialCash: "account.initial_cash"
        case .accountType: "account.type"
        case .initialMargin: "account.initial_margin"
        case .maintenanceMargin: "account.maintenance_margin"
        case .maxLeverage: "account.max_leverage"
        case .borrowRate: "account.borrow_rate"
        case .lotSize: "account.lot_size"
        case .fillTiming: "execution.fill"
        case .marketPrice: "execution.price"
        case .commissionRate, .commissionMinimum, .commissionMaximum, .commissionAmount, .commissionTiers,
            .commissionTierLimit, .commissionTierRate, .commissionParts, .commissionPart:
            "execution.commission" + commissionSuffix
        case .slippageBps: "execution.slippage.bps"
        case .slippageAmount: "execution.slippage.amount"
        case .slippageSpread: "execution.slippage.spread"
        case .slippageImpact: "execution.slippage.impact"
        case .slippageCoefficient: "execution.slippage.coefficient"
        case .slippageColumn: "execution.slippage.column"
        case .participationFraction: "execution.participation.max_fraction"
        case .stopLoss: "risk.stop_loss"
        case .takeProfit: "risk.take_profit"
        case .trailingStop: "risk.trailing_stop"
        case .maxBars: "risk.max_bars"
        case .maxDrawdown: "limits.max_drawdown"
        case .dailyLoss: "limits.daily_loss"
        case .maxGrossExposure: "limits.max_gross_exposure"
        case .maxNetExposure: "limits.max_net_exposure"
        case .maxPositions: "limits.max_positions"
        case .maxPositionWeight: "limits.max_position_weight"
        case .signal: "strategy.params.signal"
        case .rule(let role): "strategy.params.\(role.rawValue)"
        case .topK(let field): "strategy.params." + field.name
        case .entryAbove: "strategy.params.entry_above"
        case .exitBelow: "strategy.params.exit_below"
        case .shortBelow: "strategy.params.short_below"
        case .entryOrder(let part): "strategy.params.entry_order" + part.memberPath(nil)
        case .exitOrder(let part): "strategy.params.exit_order" + part.memberPath(nil)
        case .coverAbove: "strategy.params.cover_above"
        case .filterColumn(let i): "strategy.params.filters[\(i)].column"
        case .filterValue(let i): "strategy.params.filters[\(i)].value"
        case .regimes: "strategy.params.regimes"
        case .regimeInitial: "strategy.params.initial"
        case .regimeConfirmBars: "strategy.params.confirm_bars"
        case .regimeCondition(let i): "strategy.params.regimes[\(i)].when"
        case .regime(let i, .regimes): "strategy.params.regimes[\(i)].strategy.template"
        case .regime(let i, let field): "strategy.params.regimes[\(i)]." + field.specPath
        case .weights: "strategy.params.weights"
        case .rebalanceEvery: "strategy.params.rebalance_every"
        case .drift: "strategy.params.drift"
        case .exitSignal: "strategy.params.exit_signal"
        case .exitFilterColumn(let i): "strategy.params.exit_filters[\(i)].column"
        case .exitFilterValue(let i): "strategy.params.exit_filters[\(i)].value"
        case .cooldownBars: "strategy.params.cooldown_bars"
        case .minHoldingBars: "strategy.params.min_holding_bars"
        case .sizingFraction: "strategy.params.sizing.fraction"
        case .sizingValue: "strategy.params.sizing.value"
        case .sizingQuantity: "strategy.params.sizing.quantity"
        case .sizingColumn: "strategy.params.sizing.column"
        case .sizingMaxFraction: "strategy.params.sizing.max_fraction"
        case .sizingTarget: "strategy.params.sizing.target"
        case .sizingLookback: "strategy.params.sizing.lookback"
        case .sizingBarsPerYear: "strategy.params.sizing.bars_per_year"
        case .riskFreeRate: "analytics.risk_free_rate"
        case .periodsPerYear: "analytics.periods_per_year"
        case .sessionGap: "analytics.session_gap"
        case .benchmarkAsset: "analytics.benchmark.asset"
        case .benchmarkContext: "analytics.benchmark.context"
        }
    }

    /// The path of a commission field below `execution.commission`.
    private var commissionSuffix: String {
        switch self {
        case .commissionRate: ".rate"
        case .commissionMinimum: ".minimum"
        case .commissionMaximum: ".maximum"
        case .commissionAmount: ".amount"
        case .commissionTiers: ".tiers"
        case .commissionTierLimit(let k): ".tiers[\(k)].up_to"
        case .commissionTierRate(let k): ".tiers[\(k)].rate"
        case .commissionParts: ".models"
        case .commissionPart(let k, let field): ".models[\(k)]" + field.commissionSuffix
        default: ""
        }
    }
}

extension OrderSpecField {
    /// The member of an `entry_order`/`exit_order` object this part is read from, `spec` saying
    /// which spelling was used (`offset_bps` or `column`; a stop-limit's stop as `stop_…`).
    func memberPath(_ spec: OrderSpec?) -> String {
        switch self {
        case .type: return ".type"
        case .timeInForce:
            if case .bars = spec?.timeInForce { return ".bars" }
            return ".time_in_force"
        case .trail:
            if case .amount = spec?.trail { return ".trail_amount" }
            return ".trail_percent"
        case .limit:
            if case .column = spec?.limit { return ".column" }
            return ".offset_bps"
        case .stop:
            let prefix = spec?.type == .stopLimit ? ".stop_" : "."
            if case .column = spec?.stop { return prefix + "column" }
            return prefix + "offset_bps"
        }
    }
}

extension BacktestSpec {
    /// The JSON path of `field` in this spec, using the spelling the client chose where there are two.
    func path(of field: ConfigurationField) -> String {
        Self.path(of: field, in: configuration.strategy)
    }

    /// The path of `field` of `strategy`, whose params sit at `prefix` + `strategy.params`.
    private static func path(of field: ConfigurationField, in strategy: StrategySpec, prefix: String = "") -> String {
        let (entry, exit): (OrderSpec, OrderSpec)
        switch strategy {
        case .threshold(let p): (entry, exit) = (p.entryOrder, p.exitOrder)
        case .rules(let p): (entry, exit) = (p.entryOrder, p.exitOrder)
        case .targetWeights, .regime, .topK: (entry, exit) = (.market, .market)
        }
        switch field {
        case .entryOrder(let part): return prefix + "strategy.params.entry_order" + part.memberPath(entry)
        case .exitOrder(let part): return prefix + "strategy.params.exit_order" + part.memberPath(exit)
        case .regime(let i, let inner):
            guard case .regime(let p) = strategy, p.regimes.indices.contains(i), inner != .regimes else {
                return prefix + field.specPath
            }
            return path(of: inner, in: p.regimes[i].strategy, prefix: prefix + "strategy.params.regimes[\(i)].")
        default: return prefix + field.specPath
        }
    }
}

extension TopKField {
    /// The member of a top_k `params` object this field is read from.
    var name: String {
        switch self {
        case .k: "k"
        case .rebalanceEvery: "rebalance_every"
        case .fraction: "fraction"
        case .shortK: "short_k"
        case .rankBuffer: "rank_buffer"
        case .maxWeight: "max_weight"
        case .volLookback: "vol_lookback"
        }
    }
}
