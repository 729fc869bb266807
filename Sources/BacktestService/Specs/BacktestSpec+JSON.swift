// The resolved spec as JSON: what `GET /v1/backtests/{id}` echoes, every default written out, in the
// same shape a client sends, so a spec read back can be submitted again unchanged.
import BacktestEngine

extension BacktestSpec {
    /// The spec with every default resolved.
    public var json: JSONValue {
        var root: JSONObject = ["dataset": .string(dataset), "context": .optional(context), "name": .optional(name)]
        root["strategy"] = strategyJSON
        root["execution"] = .object([
            "fill": .string(configuration.fill.rawValue),
            "commission": commissionJSON,
        ])
        let account = configuration.account
        // A cash account has no margin terms: they read null, which is also what a resubmission may send.
        let margin = account.type == .margin
        root["account"] = .object([
            "initial_cash": .number(configuration.initialCash), "type": .string(account.type.rawValue),
            "initial_margin": margin ? .number(account.initialMargin) : .null,
            "maintenance_margin": margin ? .number(account.maintenanceMargin) : .null,
            "max_leverage": .number(account.maxLeverage), "borrow_rate": margin ? .number(account.borrowRate) : .null,
            "lot_size": .int(account.lotSize),
        ])
        let risk = configuration.risk
        root["risk"] = .object([
            "stop_loss": .optional(risk.stopLoss), "take_profit": .optional(risk.takeProfit),
            "trailing_stop": .optional(risk.trailingStop), "max_bars": risk.maxBars.map(JSONValue.int) ?? .null,
        ])
        return .object(root)
    }

    private var strategyJSON: JSONValue {
        switch configuration.strategy {
        case .threshold(let p):
            let filters = p.filters.map { f in
                JSONValue.object(["column": .string(f.column), "op": .string(f.op.rawValue), "value": .number(f.value)])
            }
            return .object([
                "template": .string(StrategyTemplate.threshold.rawValue),
                "params": .object([
                    "signal": .string(p.signal),
                    "entry_above": .number(p.entryAbove),
                    "exit_below": .number(p.exitBelow),
                    "short_below": .optional(p.shortBelow),
                    "cover_above": .optional(p.coverAbove),
                    "filters": .array(filters),
                    "sizing": Self.sizingJSON(p.sizing),
                ]),
            ])
        }
    }

    static func sizingJSON(_ sizing: Sizing) -> JSONValue {
        switch sizing {
        case .equalInitial(let f):
            .object(["method": .string(SizingMethod.equalInitial.rawValue), "fraction": .number(f)])
        case .percentEquity(let f):
            .object(["method": .string(SizingMethod.percentEquity.rawValue), "fraction": .number(f)])
        case .fixedValue(let v): .object(["method": .string(SizingMethod.fixedValue.rawValue), "value": .number(v)])
        case .fixedQuantity(let q):
            .object(["method": .string(SizingMethod.fixedQuantity.rawValue), "quantity": .int(q)])
        }
    }

    private var commissionJSON: JSONValue {
        switch configuration.commission {
        case .percent(let rate):
            .object(["model": .string(CommissionModelName.percent.rawValue), "rate": .number(rate)])
        case .perShare(let rate, let minimum):
            .object([
                "model": .string(CommissionModelName.perShare.rawValue), "rate": .number(rate),
                "minimum": .number(minimum),
            ])
        }
    }
}
