// The golden runs of the rules, target_weights and regime templates, on the golden dataset plus the
// columns GoldenData+Derived.swift derives from it (`weight`, `long_short_weight`, `ctx.vix`).
//
// The pinned values were NOT taken from this engine. They come from the plain-Python transcription
// of the templates' documented contracts, Tests/EndToEndTests/Peers/reference_templates.py (its
// account in account_common.py, the rule language in rule_expressions.py, the decisions in
// templates_common.py, the derived columns in golden_columns.py), regenerated with:
//
//   GOLDEN_CSV=$PWD/golden.csv swift test --filter GoldenRunTests   # writes the dataset as CSV
//   P=Tests/EndToEndTests/Peers; R="python3 $P/reference_templates.py --data golden.csv --golden-columns"
//   $R --out out/rules_a --commission 0.001 --strategy '{"template": "rules", "params": {
//       "entry": "sma(ml_pred, 5) > 0.55 and confidence > 0.6", "exit": "ml_pred < 0.4 or bars_held >= 10"}}'
//   $R --out out/rules_b --margin --per-share-rate 0.005 --per-share-min 1 --strategy $P/goldens/rules_b.json
//   $R --out out/tw_a --commission 0.001 --strategy '{"template": "target_weights", "params": {
//       "weights": "weight", "rebalance_every": 10, "drift": 0.15}}'
//   $R --out out/tw_b --commission 0.001 --strategy '{"template": "target_weights", "params": {"weights": "weight"}}'
//   $R --out out/tw_c --commission 0.001 --margin --strategy '{"template": "target_weights", "params": {
//       "weights": "long_short_weight", "rebalance_every": 3}}'
//   $R --out out/regime_a --commission 0.001 --strategy $P/goldens/regime_a.json
//   $R --out out/regime_b --commission 0.001 --strategy $P/goldens/regime_b.json
//   python3 $P/derive_golden.py golden.csv out/rules_a 0   # and the others: prints the values pinned below
//
// Peers/goldens/*.json are the API's JSON (they validate against api-spec/openapi.yaml `Strategy`) of
// `rulesB`, `regimeA` and `regimeB` below. The transcription's loop, given the threshold goldens'
// spec, gives reference_canonical.py's fills, and given top_k's, reference_topk.py's.
import BacktestEngine

extension GoldenRunTests {
    static let templateGoldens: [Golden] = [
        Golden(
            name: "rules, sma(ml_pred, 5) entry, bars_held exit, 0.1 %", configuration: rulesA, derived: true,
            fills: 425, orders: 425, rejections: 0, trades: 212, openPositions: 1,
            finalEquity: 1_560_457.7210099997, maxDrawdown: 0.01007073505880307, sharpe: 5.474960964199167,
            totalCommission: 67_979.66899, fillsHash: 0xde50_8e68_b518_575e),
        Golden(
            name: "rules, long and short on pct_rank, zscore, ema, crosses_below, pnl, per share, margin",
            configuration: rulesB, derived: true,
            fills: 937, orders: 943, rejections: 5, trades: 466, openPositions: 5,
            finalEquity: 17_430_322.329999987, maxDrawdown: 0.04568624288511869, sharpe: 10.00428818612716,
            totalCommission: 201_682.12000000034, fillsHash: 0xdc56_ea9e_85a1_9ac7, rejectedFor: .maxLeverage),
        Golden(
            name: "target_weights, every 10 bars, drift 0.15 (cash binds)",
            configuration: percent(
                .targetWeights(TargetWeightsParameters(weights: "weight", rebalanceEvery: 10, drift: 0.15))),
            derived: true,
            fills: 1208, orders: 1247, rejections: 38, trades: 435, openPositions: 1,
            finalEquity: 12_311_672.513610005, maxDrawdown: 0.009924166011577085, sharpe: 13.472550879566587,
            totalCommission: 1_298_701.56639, fillsHash: 0x1d20_df1a_0ea6_0d23),
        Golden(
            name: "target_weights, every bar (cash binds)",
            configuration: percent(.targetWeights(TargetWeightsParameters(weights: "weight"))), derived: true,
            fills: 2160, orders: 2198, rejections: 34, trades: 709, openPositions: 2,
            finalEquity: 15_823_253.365690008, maxDrawdown: 0.01005433291793778, sharpe: 14.854878367093296,
            totalCommission: 1_914_735.2743099993, fillsHash: 0x4d59_e03b_6bb4_db6f),
        Golden(
            name: "target_weights, long and short weights every 3 bars, margin",
            configuration: percent(
                .targetWeights(TargetWeightsParameters(weights: "long_short_weight", rebalanceEvery: 3)),
                account: AccountTerms(type: .margin)),
            derived: true,
            fills: 1002, orders: 1002, rejections: 0, trades: 501, openPositions: 6,
            finalEquity: 6_181_992.601720022, maxDrawdown: 0.0629753350081318, sharpe: 5.550138665886702,
            totalCommission: 678_255.6382800001, fillsHash: 0x6a19_e54b_2387_375a),
        Golden(
            name: "regime, sma(ctx.vix, 5) < 20 top_k / ctx.vix >= 25 rules, confirm 2, exit_on_switch",
            configuration: percent(.regime(regimeA)), derived: true,
            fills: 245, orders: 245, rejections: 0, trades: 103, openPositions: 2,
            finalEquity: 2_181_135.00217, maxDrawdown: 0.12851253374721805, sharpe: 2.552756553986356,
            totalCommission: 135_943.63783000002, fillsHash: 0x6e2d_213d_dfd0_b191),
        Golden(
            name: "regime, overlapping ctx.vix < 22 target_weights / sma(ctx.vix, 10) >= 21 threshold, confirm 2",
            configuration: percent(.regime(regimeB)), derived: true,
            fills: 321, orders: 329, rejections: 8, trades: 120, openPositions: 3,
            finalEquity: 1_862_486.0542200003, maxDrawdown: 0.07444613062303274, sharpe: 3.4913049354103576,
            totalCommission: 73_207.76578000005, fillsHash: 0x36b1_0c6c_38e5_8b3c),
    ]

    /// A run with 1,000,000 of cash and a 0.1 % commission.
    static func percent(_ strategy: StrategySpec, account: AccountTerms = .cash) -> BacktestConfiguration {
        BacktestConfiguration(
            initialCash: 1_000_000, commission: .percent(rate: 0.001), strategy: strategy, account: account)
    }

    /// A rolling function in the entry, the position state in the exit.
    static var rulesA: BacktestConfiguration {
        percent(
            .rules(
                RulesParameters(
                    entry: "sma(ml_pred, 5) > 0.55 and confidence > 0.6", exit: "ml_pred < 0.4 or bars_held >= 10")))
    }

    /// Shorts in a margin account, sized at 35 % of equity (up to 2.1 x gross: `max_leverage` binds),
    /// a per-share commission; `not (sma(…) >= 0.45)` is unknown, not true, on the first four bars.
    static var rulesB: BacktestConfiguration {
        BacktestConfiguration(
            initialCash: 1_000_000, commission: .perShare(rate: 0.005, minimum: 1),
            strategy: .rules(
                RulesParameters(
                    entry: "pct_rank(ml_pred) >= 0.8 and confidence > 0.5",
                    exit: "unrealized_pnl_pct > 0.03 or unrealized_pnl_pct < -0.02"
                        + " or crosses_below(ema(ml_pred, 3), 0.5)",
                    short: "not (sma(ml_pred, 5) >= 0.45) and zscore(ml_pred) < -1",
                    cover: "ema(ml_pred, 3) > 0.55 or bars_held >= 8 or std(close, 10) / close > 0.03",
                    sizing: .percentEquity(fraction: 0.35))),
            account: AccountTerms(type: .margin))
    }

    /// Conditions that leave a band (a smoothed vix under 20, the vix at 25 or more), confirmed on two
    /// closes; a switch closes everything.
    static var regimeA: RegimeParameters {
        RegimeParameters(
            regimes: [
                Regime(
                    name: "calm", when: "sma(ctx.vix, 5) < 20",
                    strategy: .topK(TopKParameters(signal: "ml_pred", k: 2, rebalance: .everyBars(5)))),
                Regime(
                    name: "stressed", when: "ctx.vix >= 25",
                    strategy: .rules(
                        RulesParameters(
                            entry: "ml_pred > 0.85 and confidence > 0.8", exit: "ml_pred < 0.5",
                            sizing: .equalInitial(fraction: 0.5)))),
            ], confirmBars: 2, exitOnSwitch: true)
    }

    /// Conditions that overlap (both can hold on one close), confirmed on two closes; each template
    /// manages the positions the other left. The engine first disagreed with the transcription here:
    /// it counted a regime's confirming closes only from the first on which the current regime's
    /// condition failed (RegimeTemplateTests.confirmationCountsEveryCloseTheConditionHeld).
    static var regimeB: RegimeParameters {
        RegimeParameters(
            regimes: [
                Regime(
                    name: "calm", when: "ctx.vix < 22",
                    strategy: .targetWeights(TargetWeightsParameters(weights: "weight", rebalanceEvery: 5))),
                Regime(
                    name: "stressed", when: "sma(ctx.vix, 10) >= 21",
                    strategy: .threshold(
                        ThresholdParameters(
                            signal: "ml_pred", entryAbove: 0.8, exitBelow: 0.4,
                            filters: [Filter(column: "confidence", op: .greater, value: 0.7)]))),
            ], confirmBars: 2)
    }
}
