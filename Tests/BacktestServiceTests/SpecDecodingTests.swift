// Request validation: defaults resolved, every problem gathered with its JSON path.
import BacktestEngine
import Testing

@testable import BacktestService

@Suite("Backtest spec decoding")
struct SpecDecodingTests {
    func decode(_ text: String) throws -> Result<BacktestSpec, Problem> {
        BacktestSpec.decode(try JSONParser.parse(Array(text.utf8)))
    }

    func paths(_ text: String) throws -> [String] {
        guard case .failure(let problem) = try decode(text) else {
            Issue.record("the spec decoded; expected problems")
            return []
        }
        #expect(problem.status == .unprocessableContent)
        return problem.errors.map(\.path)
    }

    let minimal =
        #"{"dataset": "ds_1", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.4}}}"#

    @Test func resolvesEveryDefault() throws {
        let spec = try decode(minimal).get()
        #expect(spec.configuration.initialCash == 1_000_000)
        #expect(spec.configuration.fill == .nextOpen)
        #expect(spec.configuration.commission == .percent(rate: 0))
        #expect(
            spec.configuration.strategy
                == .threshold(
                    ThresholdParameters(
                        signal: "s", entryAbove: 0.8, exitBelow: 0.4, filters: [], sizing: .equalInitial(fraction: 0.95)
                    )))
        // The echoed spec decodes back to the same spec.
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
    }

    @Test func readsExitControlsAndPointInTimeInputsAndEchoesThem() throws {
        let text =
            #"{"dataset": "d", "context": {"dataset": "c", "available_after": "16h"}, "signals": ["s1", "s2"], "signal_delay_bars": 2, "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.9, "exit_signal": "x", "exit_filters": [{"column": "vix", "op": "<", "value": 30}], "cooldown_bars": 3, "min_holding_bars": 5}}}"#
        let spec = try decode(text).get()
        #expect(spec.context == "c" && spec.signals == ["s1", "s2"])
        #expect(spec.configuration.contextAvailableAfter == 16 * 3_600 && spec.configuration.signalDelayBars == 2)
        guard case .threshold(let p) = spec.configuration.strategy else {
            Issue.record("decoded a template other than threshold")
            return
        }
        // exit_below above entry_above is fine when exits read their own signal.
        #expect(p.exitSignal == "x" && p.exitBelow == 0.9 && p.cooldownBars == 3 && p.minHoldingBars == 5)
        #expect(p.exitFilters == [Filter(column: "vix", op: .less, value: 30)])
        #expect(spec.json["context"] == .object(["dataset": .string("c"), "available_after": .int(57_600)]))
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
        #expect(
            try paths(
                #"{"dataset": "d", "context": 7, "signals": ["a", 3, "a"], "signal_delay_bars": "x", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.4}}}"#
            ) == ["context", "signals[1]", "signals[2]", "signal_delay_bars"])
        #expect(
            try paths(
                #"{"dataset": "d", "context": {"dataset": "c", "available_after": "2 days", "lag": 1}, "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.4}}}"#
            ) == ["context.lag", "context.available_after"])
    }

    @Test func readsRegimesWithNestedPathsAndEchoesThem() throws {
        let text =
            #"{"dataset": "d", "strategy": {"template": "regime", "params": {"exit_on_switch": true, "confirm_bars": 2, "regimes": [{"name": "calm", "when": "ctx.vix < 20", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.4}}}, {"when": "ctx.vix >= 25", "strategy": {"template": "target_weights", "params": {"weights": "w"}}}]}}}"#
        let spec = try decode(text).get()
        guard case .regime(let p) = spec.configuration.strategy else {
            Issue.record("decoded a template other than regime")
            return
        }
        #expect(p.regimes.map(\.name) == ["calm", "regime 1"] && p.confirmBars == 2 && p.exitOnSwitch)
        #expect(p.regimes[1].strategy == .targetWeights(TargetWeightsParameters(weights: "w")))
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
        let nested = try paths(
            #"{"dataset": "d", "strategy": {"template": "regime", "params": {"regimes": [{"when": "ctx.vix < 20", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_abov": 0.8, "exit_below": 0.4}}}, {"strategy": {"template": "nope"}}]}}}"#
        )
        #expect(
            nested == [
                "strategy.params.regimes[0].strategy.params.entry_abov",
                "strategy.params.regimes[0].strategy.params.entry_above", "strategy.params.regimes[1].when",
                "strategy.params.regimes[1].strategy.template",
            ], "\(nested)")
        // An engine problem inside a regime maps to the regime's own path.
        let field = ConfigurationField.regime(0, .entryOrder(.limit))
        #expect(spec.path(of: field) == "strategy.params.regimes[0].strategy.params.entry_order.offset_bps")
        #expect(spec.path(of: .regime(1, .weights)) == "strategy.params.regimes[1].strategy.params.weights")
    }

    @Test func readsAMarginAccountAndShortsAndEchoesThem() throws {
        let text =
            #"{"dataset": "d", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.4, "short_below": 0.2, "cover_above": 0.6}}, "account": {"type": "margin", "max_leverage": 3, "initial_margin": 0.3, "maintenance_margin": 0.2, "borrow_rate": 0.01, "lot_size": 10}}"#
        let spec = try decode(text).get()
        #expect(
            spec.configuration.account
                == AccountTerms(
                    type: .margin, initialMargin: 0.3, maintenanceMargin: 0.2, maxLeverage: 3, borrowRate: 0.01,
                    lotSize: 10))
        guard case .threshold(let p) = spec.configuration.strategy else {
            Issue.record("decoded a template other than threshold")
            return
        }
        #expect(p.shortBelow == 0.2 && p.coverAbove == 0.6)
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
        #expect(
            try paths(
                #"{"dataset": "d", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.4}}, "account": {"borrow_rate": 0.01, "type": "cash"}}"#
            ) == ["account.borrow_rate"])
    }

    @Test func readsEntryAndExitOrdersAndEchoesThem() throws {
        let text =
            #"{"dataset": "d", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.4, "entry_order": {"type": "stop_limit", "offset_bps": 30, "stop_column": "lvl", "time_in_force": "bars", "bars": 3}, "exit_order": {"type": "trailing_stop", "trail_amount": 1.5, "time_in_force": "day"}}}, "execution": {"price": {"column": "vwap"}, "slippage": {"model": "half_spread", "column": "spread"}, "participation": {"max_fraction": 0.1}, "commission": {"model": "sum", "models": [{"model": "per_share", "rate": 0.005, "minimum": 1, "maximum": 10}, {"model": "tiered", "tiers": [{"up_to": 1000, "rate": 0.001}, {"rate": 0.0005}]}]}}}"#
        let spec = try decode(text).get()
        guard case .threshold(let p) = spec.configuration.strategy else {
            Issue.record("decoded a template other than threshold")
            return
        }
        #expect(
            p.entryOrder
                == OrderSpec(type: .stopLimit, limit: .offsetBps(30), stop: .column("lvl"), timeInForce: .bars(3)))
        #expect(p.exitOrder == OrderSpec(type: .trailingStop, trail: .amount(1.5), timeInForce: .day))
        #expect(spec.configuration.slippage == .halfSpread(.column("spread")))
        #expect(spec.configuration.marketPrice == .column("vwap"))
        #expect(spec.configuration.participation == Participation(maxFraction: 0.1))
        #expect(
            spec.configuration.commission
                == .sum([
                    .perShare(rate: 0.005, minimum: 1, maximum: 10),
                    .tiered([CommissionTier(upTo: 1000, rate: 0.001), CommissionTier(upTo: nil, rate: 0.0005)]),
                ]))
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
    }

    @Test func readsEverySizingAndCommissionForm() throws {
        let text =
            #"{"dataset": "d", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 1, "exit_below": 0, "sizing": {"method": "fixed_quantity", "quantity": 7}, "filters": [{"column": "c", "op": "<=", "value": 2}]}}, "execution": {"fill": "same_close", "commission": {"model": "per_share", "rate": 0.005, "minimum": 1}}, "account": {"initial_cash": 5000}}"#
        let spec = try decode(text).get()
        #expect(spec.configuration.commission == .perShare(rate: 0.005, minimum: 1))
        #expect(spec.configuration.fill == .sameClose)
        #expect(spec.configuration.initialCash == 5_000)
        #expect(
            spec.configuration.strategy
                == .threshold(
                    ThresholdParameters(
                        signal: "s", entryAbove: 1, exitBelow: 0,
                        filters: [Filter(column: "c", op: .lessOrEqual, value: 2)], sizing: .fixedQuantity(7))))
    }

    @Test func readsTheScaledSizingsWithTheirDefaultsAndEchoesThem() throws {
        func sizing(_ json: String) throws -> (Sizing?, BacktestSpec?) {
            let text =
                #"{"dataset": "d", "strategy": {"template": "rules", "params": {"entry": "s > 1", "sizing": \#(json)}}}"#
            guard case .success(let spec) = try decode(text), case .rules(let p) = spec.configuration.strategy else {
                return (nil, nil)
            }
            return (p.sizing, spec)
        }
        let (scaled, a) = try sizing(#"{"method": "confidence_scaled", "column": "confidence", "fraction": 0.2}"#)
        #expect(scaled == .confidenceScaled(column: "confidence", fraction: 0.2, maxFraction: 1))
        let (target, b) = try sizing(#"{"method": "volatility_target", "target": 0.15, "lookback": 60}"#)
        #expect(target == .volatilityTarget(target: 0.15, lookback: 60, barsPerYear: 252, maxFraction: 1))
        for spec in [a, b].compactMap({ $0 }) { #expect(BacktestSpec.decode(spec.json) == .success(spec)) }
        #expect(
            try paths(
                #"{"dataset": "d", "strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 1, "exit_below": 0, "sizing": {"method": "volatility_target", "fraction": 0.5}}}}"#
            ) == ["strategy.params.sizing.fraction", "strategy.params.sizing.target"])
    }

    @Test func gathersEveryProblem() throws {
        let text =
            #"{"strategy": {"template": "threshold", "params": {"signal": 1, "entry_above": 0.2, "exit_below": 0.5, "sizing": {"method": "fixed_value", "fraction": 1}, "filters": [{"column": "c", "op": "=="}]}}, "execution": {"fil": "next_open"}, "account": {"initial_cash": -1}}"#
        let found = try paths(text)
        #expect(
            found == [
                "dataset", "strategy.params.signal", "strategy.params.exit_below", "strategy.params.filters[0].op",
                "strategy.params.filters[0].value", "strategy.params.sizing.fraction", "strategy.params.sizing.value",
                "execution.fil", "account.initial_cash",
            ])
    }

    @Test func sharesAreNumbersAndFractionalIsABoolean() throws {
        let text = minimal.replacingOccurrences(
            of: #""exit_below": 0.4"#,
            with: #""exit_below": 0.4, "sizing": {"method": "fixed_quantity", "quantity": "1.5"}"#)
        #expect(try paths(text) == ["strategy.params.sizing.quantity"])
        let account = minimal.replacingOccurrences(
            of: #""dataset""#, with: #""account": {"fractional": "yes"}, "dataset""#)
        #expect(try paths(account) == ["account.fractional"])
    }

    @Test func fractionalAccountsEchoTheirStep() throws {
        let text = minimal.replacingOccurrences(
            of: #""dataset""#, with: #""account": {"fractional": true, "lot_size": 0.001}, "dataset""#)
        let spec = try decode(text).get()
        #expect(spec.configuration.account.fractional && spec.configuration.account.lotSize == 0.001)
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
        let any = try decode(
            minimal.replacingOccurrences(of: #""dataset""#, with: #""account": {"fractional": true}, "dataset""#)
        ).get()
        #expect(any.configuration.account.lotSize == nil && BacktestSpec.decode(any.json) == .success(any))
    }

    @Test func theBodyMustBeAnObject() throws {
        #expect(try paths("[1]") == ["body", "dataset", "strategy"])
    }
}
