// Reads the account and risk sections of a `POST /v1/backtests` body. Ranges that depend on the data
// or on other fields are checked by the engine (`Backtest.problems`), whose fields map to these paths.
import BacktestEngine

extension BacktestSpec {
    static func decodeRisk(_ value: JSONValue?, reader: inout SpecReader) -> PositionRules {
        let path = "risk"
        let fractions = ["stop_loss", "take_profit", "trailing_stop"]
        guard let object = reader.object(value, at: path, allowed: fractions + ["max_bars"]) else { return .none }
        var levels: [String: Double] = [:]
        for key in fractions {
            guard let f = reader.number(object, key, at: path) else { continue }
            reader.check(
                f > 0 && f < 1, "\(path).\(key)",
                "a fraction of the entry price in (0, 1), e.g. 0.05 for 5 %, found \(f)")
            levels[key] = f
        }
        let maxBars = reader.integer(object, "max_bars", at: path)
        if let n = maxBars {
            reader.check(
                n >= 1, "\(path).max_bars",
                "a number of bars >= 1 (the entry's fill bar counts as the first), found \(n)")
        }
        return PositionRules(
            stopLoss: levels["stop_loss"], takeProfit: levels["take_profit"], trailingStop: levels["trailing_stop"],
            maxBars: maxBars)
    }

    static func decodeLimits(_ value: JSONValue?, reader: inout SpecReader) -> PortfolioLimits {
        let path = "limits"
        let allowed = [
            "max_drawdown", "on_max_drawdown", "daily_loss", "max_gross_exposure", "max_net_exposure", "max_positions",
            "max_position_weight",
        ]
        guard let o = reader.object(value, at: path, allowed: allowed) else { return .none }
        return PortfolioLimits(
            maxDrawdown: reader.number(o, "max_drawdown", at: path),
            onMaxDrawdown: reader.choice(o, "on_max_drawdown", at: path, as: DrawdownAction.self) ?? .halt,
            dailyLoss: reader.number(o, "daily_loss", at: path),
            maxGrossExposure: reader.number(o, "max_gross_exposure", at: path),
            maxNetExposure: reader.number(o, "max_net_exposure", at: path),
            maxPositions: reader.integer(o, "max_positions", at: path),
            maxPositionWeight: reader.number(o, "max_position_weight", at: path))
    }

    static func decodeAccount(_ value: JSONValue?, reader: inout SpecReader) -> (Double, AccountTerms) {
        let path = "account"
        let allowed = [
            "initial_cash", "type", "initial_margin", "maintenance_margin", "max_leverage", "borrow_rate", "fractional",
            "lot_size",
        ]
        let object = reader.object(value, at: path, allowed: allowed)
        let cash = reader.number(object, "initial_cash", at: path) ?? Defaults.initialCash
        reader.check(cash > 0 && cash < 1e15, "account.initial_cash", "must be above 0 and below 1e15, found \(cash)")
        let type = reader.choice(object, "type", at: path, as: AccountType.self) ?? .cash
        if type == .cash {
            for key in ["initial_margin", "maintenance_margin", "borrow_rate"]
            where object?[key] != nil && object?[key] != .null {
                reader.fail(
                    "\(path).\(key)", "a cash account has no margin terms; set \"type\": \"margin\" to use \(key)")
            }
        }
        let defaults = AccountTerms(type: type)
        let terms = AccountTerms(
            type: type,
            initialMargin: reader.number(object, "initial_margin", at: path) ?? defaults.initialMargin,
            maintenanceMargin: reader.number(object, "maintenance_margin", at: path) ?? defaults.maintenanceMargin,
            maxLeverage: reader.number(object, "max_leverage", at: path),
            borrowRate: reader.number(object, "borrow_rate", at: path) ?? defaults.borrowRate,
            fractional: reader.boolean(object, "fractional", at: path) ?? defaults.fractional,
            lotSize: reader.number(object, "lot_size", at: path))
        return (cash, terms)
    }
}
