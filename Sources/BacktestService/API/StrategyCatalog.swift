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

    /// The catalog document: each template's description, its params listed for people, and their
    /// JSON Schema taken from the contract (`schema`, self-contained).
    static let json: JSONValue = withSchemas(listing)

    /// The contract's schema of each template's params.
    private static let schemaNames: [StrategyTemplate: String] = [
        .threshold: "ThresholdParams", .rules: "RulesParams", .targetWeights: "TargetWeightsParams",
        .regime: "RegimeParams", .topK: "TopKParams",
    ]

    /// `listing` with a `schema` member added to each template.
    private static func withSchemas(_ listing: JSONValue) -> JSONValue {
        let items = (listing["items"]?.arrayValue ?? []).map { item -> JSONValue in
            guard case .object(var object) = item, let name = item["template"]?.stringValue,
                let template = StrategyTemplate(rawValue: name), let schema = schemaNames[template]
            else { return item }
            object["schema"] = OpenAPIDocument.jsonSchema(of: schema) ?? .null
            return .object(object)
        }
        return .object(["items": .array(items)])
    }

    /// The templates for people: description and params.
    private static let listing: JSONValue = .object([
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
                        "Exit when the signal (or exit_signal) is strictly below this; without exit_signal it must be <= entry_above."
                    ),
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
                        "exit_signal", "string", required: false,
                        "The column exits compare with exit_below and cover_above, e.g. an exit model's exit_pred; absent: signal."
                    ),
                    param(
                        "exit_filters", "array", required: false, default: .array([]),
                        "Conditions that must all hold for a signal exit (long or short), written like filters; position rules (risk) exit regardless."
                    ),
                    param(
                        "cooldown_bars", "integer", required: false, default: .int(0),
                        "Bars an asset waits after the bar whose fills closed its position before it may enter again (an entry is decided at bar t only when t >= exit bar + cooldown_bars; 0: at that bar's close)."
                    ),
                    param(
                        "min_holding_bars", "integer", required: false, default: .int(0),
                        "Bars a position is held before a signal exit may close it (decided at bar t only when t >= first entry fill bar + min_holding_bars); position rules exit regardless."
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
                        "How many shares to buy, allocation / close rounded down to what the account trades (whole lots, or any quantity in a fractional account): equal_initial {fraction} = fraction x initial cash / number of assets, fixed for the run; percent_equity {fraction} = fraction x current equity; fixed_value {value}; fixed_quantity {quantity}; confidence_scaled {column, fraction, max_fraction = 1} = min(max_fraction, fraction x column) x equity (a missing or non-positive value sizes 0); volatility_target {target, lookback = 20, bars_per_year = 252, max_fraction = 1} = min(max_fraction, target / annualized volatility of the asset's last lookback returns) x equity."
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
            .object([
                "template": .string(StrategyTemplate.targetWeights.rawValue),
                "description": .string(
                    "Holds each asset at the share of equity a column gives. On each rebalance bar t (t = 0, n, 2n, … for rebalance_every n), with E the equity marked at close[t], every asset with a bar at t gets the target w x E / close[t] shares rounded toward zero to what the account trades (a missing weight is 0). With drift, an asset whose weight has moved more than drift from its target is rebalanced alone between schedules. Orders are target minus position at market, filled at the next bar, sells before buys; a buy that cannot pay is rejected (insufficient_cash), never resized. Negative weights are shorts (a margin account)."
                ),
                "params": .array([
                    param(
                        "weights", "string", required: true,
                        "The column of target weights, fractions of equity (a signal column or a signal dataset's name)."
                    ),
                    param(
                        "rebalance_every", "integer", required: false, default: .int(1),
                        "Bars between scheduled rebalances (1: every bar)."),
                    param(
                        "drift", "number", required: false,
                        "Rebalance an asset between schedules when |weight - target| exceeds this, e.g. 0.02; absent: only on schedule."
                    ),
                ]),
            ]),
            .object([
                "template": .string(StrategyTemplate.regime.rawValue),
                "description": .string(
                    "Two or more parameter sets of the other templates, one of which decides on each bar. The current regime is kept while its condition holds or no other's does; otherwise the first other regime whose condition has held on confirm_bars consecutive closes becomes current (conditions that do not overlap, such as ctx.vix < 20 and ctx.vix >= 25, leave a band in which the regime stays: hysteresis). With exit_on_switch, the bar of a switch closes every position and cancels every working order, and the new regime decides from the next bar. Conditions read only context columns (ctx.NAME), with the rule functions over the bar timeline."
                ),
                "params": .array([
                    param(
                        "regimes", "array", required: true,
                        "2 to 16 {name, when, strategy}: a label, a condition over context columns (\"ctx.vix < 20\", \"sma(ctx.trend, 5) > 0\"), and a {template, params} of any template but regime."
                    ),
                    param(
                        "initial", "integer", required: false, default: .int(0),
                        "Index of the regime current before any condition holds."),
                    param(
                        "confirm_bars", "integer", required: false, default: .int(1),
                        "Consecutive closes a new regime's condition must hold before it becomes current."),
                    param(
                        "exit_on_switch", "boolean", required: false, default: .bool(false),
                        "Whether a switch closes every position (else the new regime's template manages them)."),
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
