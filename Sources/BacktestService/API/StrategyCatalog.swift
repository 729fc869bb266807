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
                    "On each bar's close: when flat, enter long if `signal` > `entry_above` and every filter holds, or (with short_below, in a margin account) enter short if `signal` < `short_below` and every filter holds; when long, exit the whole position if `signal` < `exit_below`; when short, cover it if `signal` > `cover_above`. Orders fill at the next bar's open (or this close with fill = same_close); a bar's sells (exits and short entries) execute before its buys."
                ),
                "params": .array([
                    param("signal", "string", required: true, "Signal column to threshold, e.g. ml_pred."),
                    param(
                        "entry_above", "number", required: true, "Enter long when the signal is strictly above this."),
                    param(
                        "exit_below", "number", required: true,
                        "Exit when the signal is strictly below this; must be <= entry_above."),
                    param(
                        "short_below", "number", required: false,
                        "Enter short when flat and the signal is strictly below this (needs cover_above and \"account\": {\"type\": \"margin\"}); absent: long only."
                    ),
                    param(
                        "cover_above", "number", required: false,
                        "Cover a short when the signal is strictly above this; must be >= short_below."),
                    param(
                        "filters", "array", required: false, default: .array([]),
                        "Conditions that must all hold to enter: [{column, op (> >= < <=), value}]. A column may be a signal column, a context column, or open/high/low/close/volume when the upload had it; a name both the bars and the context have is refused. A missing (NaN) value fails the filter."
                    ),
                    param(
                        "entry_order", "object", required: false, default: BacktestSpec.orderJSON(.market),
                        "How entries are placed: {type: market | limit | stop | stop_limit | trailing_stop | market_on_close, offset_bps (a level relative to the decision close: buys at close x (1 + bps/10,000), sells mirrored) or column, stop_offset_bps or stop_column (a stop-limit's stop), trail_percent or trail_amount, time_in_force: gtc | day | ioc | bars, bars}. A resting entry is withdrawn by its side's exit signal."
                    ),
                    param(
                        "exit_order", "object", required: false, default: BacktestSpec.orderJSON(.market),
                        "How exits are placed; the same members as entry_order."),
                    param(
                        "sizing", "object", required: false,
                        default: BacktestSpec.sizingJSON(BacktestSpec.Defaults.sizing),
                        "How many shares to buy, allocation / close rounded down to what the account trades (whole lots, or any quantity in a fractional account): equal_initial {fraction} = fraction x initial cash / number of assets, fixed for the run; percent_equity {fraction} = fraction x current equity; fixed_value {value}; fixed_quantity {quantity}."
                    ),
                ]),
            ]),
            .object([
                "template": .string(StrategyTemplate.rules.rawValue),
                "description": .string(
                    "On each bar's close, per asset: when flat, enter long if `entry` holds, else (in a margin account) enter short if `short` holds; when long, exit the whole position if `exit` holds; when short, cover it if `cover` holds. Each is an expression over signal columns and open/high/low/close/volume (by name), context columns (ctx.NAME), the asset's signed `position`, `bars_held` (bars since its first entry fill) and `unrealized_pnl_pct` (its return on the average entry price), and numbers, with + - * /, comparisons (> >= < <= == !=), and, or, not, parentheses, and the functions sma(x, n), ema(x, n), std(x, n), min(x, n), max(x, n), pct_change(x, n), lag(x, n), crosses_above(a, b), crosses_below(a, b) (each asset's own rows, n a whole number of rows) and pct_rank(x), zscore(x) (across the bar's assets). A missing value makes a comparison unknown, and an unknown rule does not fire. Orders and sizing as in threshold."
                ),
                "params": .array([
                    param(
                        "entry", "string", required: true,
                        "Enter long when it holds, e.g. \"ml_pred > 0.8 and confidence > 0.7\"."),
                    param(
                        "exit", "string", required: false,
                        "Exit a long when it holds, e.g. \"ml_pred < 0.4\"; absent: only the position rules (risk) exit."
                    ),
                    param(
                        "short", "string", required: false,
                        "Enter short when flat and entry does not hold (needs cover and a margin account)."),
                    param("cover", "string", required: false, "Cover a short when it holds."),
                    param(
                        "entry_order", "object", required: false, default: BacktestSpec.orderJSON(.market),
                        "How entries are placed; as in threshold."),
                    param(
                        "exit_order", "object", required: false, default: BacktestSpec.orderJSON(.market),
                        "How exits are placed; as in threshold."),
                    param(
                        "sizing", "object", required: false,
                        default: BacktestSpec.sizingJSON(BacktestSpec.Defaults.sizing),
                        "How many shares to buy; as in threshold."),
                ]),
            ]),
            topK,
        ])
    ])

    private static let topK: JSONValue = .object([
        "template": .string(StrategyTemplate.topK.rawValue),
        "description": .string(
            "On the close of each rebalance bar: rank the assets with a finite `signal` (descending, ties by ascending asset id), hold the first `k` long (a held asset ranked within k + `rank_buffer` stays), and with `short_k` (a margin account) the last `short_k` of the rest short. Each side's book is `fraction` x equity E marked at the close; a chosen asset's value is book / k (equal), its share of the chosen signals (signal) or of 1 / volatility (inverse_vol), capped at `max_weight` x E, and its target floor(value / close) shares; every other asset's target is 0. Orders are target minus position, filled like any market order (next open by default, sells before buys, ascending asset, a buy that cannot pay value plus commission rejected whole). Nothing is decided between rebalance bars."
        ),
        "params": .array([
            param("signal", "string", required: true, "Column to rank by (largest first), e.g. ml_pred."),
            param("k", "integer", required: true, "How many assets to hold long, >= 1."),
            param(
                "rebalance_every", "integer", required: false,
                "Rebalance on bars t = 0, n, 2n, ... (n >= 1). Give this or rebalance."),
            param(
                "rebalance", "string", required: false,
                "day | week | month: rebalance on the first bar of each UTC day, ISO week (from Monday) or calendar month, bar 0 included. Give this or rebalance_every."
            ),
            param(
                "weighting", "string", required: false, default: .string(TopKWeightingName.equal.rawValue),
                "equal: book / k each (book / short_k on the short side), also when fewer are chosen; signal: in proportion to the signal among the chosen longs (its negative among the shorts), a long whose signal is not above 0 (a short not below 0) getting none, so shorts need a signal centred on 0; inverse_vol: in proportion to 1 / the sample std of the last vol_lookback close-to-close returns (assets without one are not candidates)."
            ),
            param(
                "vol_lookback", "integer", required: false, default: .int(BacktestSpec.Defaults.volLookback),
                "Returns the volatility of inverse_vol is measured over, 2 to 10,000; inverse_vol only."),
            param(
                "fraction", "number", required: false, default: .number(BacktestSpec.Defaults.topKFraction),
                "Each side's book as a fraction of equity, > 0 (above 1 borrows, in a margin account)."),
            param(
                "short_k", "integer", required: false,
                "How many assets to hold short, chosen after the longs from the lowest signals (ties by ascending asset id); needs \"account\": {\"type\": \"margin\"}. Absent: long only."
            ),
            param(
                "rank_buffer", "integer", required: false, default: .int(0),
                "A held asset stays chosen while its rank is within k + rank_buffer (short_k + rank_buffer for shorts); >= 0."
            ),
            param(
                "max_weight", "number", required: false,
                "Largest value of one asset as a fraction of equity, > 0; what is cut stays cash. Absent: no cap."),
        ]),
    ])
}
