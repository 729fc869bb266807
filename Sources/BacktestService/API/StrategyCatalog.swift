// `GET /v1/strategies`: each template's parameters, types, defaults and meaning, so a client can
// build a valid spec without reading the source.

/// The documented strategy templates.
enum StrategyCatalog {
    private static func param(
        _ name: String, _ type: String, required: Bool, default value: JSONValue = .null,
        _ description: String
    ) -> JSONValue {
        .object([
            "name": .string(name), "type": .string(type), "required": .bool(required),
            "default": value, "description": .string(description),
        ])
    }

    /// The catalog document.
    static let json: JSONValue = .object([
        "items": .array([
            .object([
                "template": .string(StrategyTemplate.threshold.rawValue),
                "description": .string(
                    "Long-only. On each bar's close: when flat, enter if `signal` > `entry_above` and every filter holds; when long, exit the whole position if `signal` < `exit_below`. Orders fill at the next bar's open (or this close with fill = same_close)."
                ),
                "params": .array([
                    param("signal", "string", required: true, "Signal column to threshold, e.g. ml_pred."),
                    param(
                        "entry_above", "number", required: true, "Enter long when the signal is strictly above this."),
                    param(
                        "exit_below", "number", required: true,
                        "Exit when the signal is strictly below this; must be <= entry_above."),
                    param(
                        "filters", "array", required: false, default: .array([]),
                        "Conditions that must all hold to enter: [{column, op (> >= < <=), value}]. A column may be a signal column, a context column, or open/high/low/close/volume when the upload had it; a name both the bars and the context have is refused. A missing (NaN) value fails the filter."
                    ),
                    param(
                        "sizing", "object", required: false,
                        default: BacktestSpec.sizingJSON(BacktestSpec.Defaults.sizing),
                        "How many shares to buy, floor(allocation / close): equal_initial {fraction} = fraction x initial cash / number of assets, fixed for the run; percent_equity {fraction} = fraction x current equity; fixed_value {value}; fixed_quantity {quantity}."
                    ),
                ]),
            ])
        ])
    ])
}
