// The rules template against the threshold template: the canonical conditions written as rules give
// the same result, fill for fill; a context clause equals the threshold filter on the same context;
// both sides equal the threshold's shorts; and bad expressions are reported with their field.
import BacktestEngine
import Testing

@Suite struct RulesTemplateTests {
    static let data = RandomData.make(assets: 12, bars: 400, seed: 21)

    static func rules(
        _ entry: String, exit: String? = "ml_pred < 0.4", short: String? = nil, cover: String? = nil,
        from threshold: BacktestConfiguration
    ) -> BacktestConfiguration {
        var c = threshold
        guard case .threshold(let p) = threshold.strategy else { return c }
        c.strategy = .rules(
            RulesParameters(
                entry: entry, exit: exit, short: short, cover: cover, sizing: p.sizing, entryOrder: p.entryOrder,
                exitOrder: p.exitOrder))
        return c
    }

    /// Fill for fill, order for order, trade for trade, bar for bar, bit for bit.
    static func same(_ a: BacktestResult, _ b: BacktestResult) -> Bool {
        a.fills == b.fills && a.orders == b.orders && a.trades == b.trades && a.equity == b.equity
            && a.metrics.finalEquity.bitPattern == b.metrics.finalEquity.bitPattern
    }

    @Test(arguments: [0.95, 10.0])
    func canonicalRulesGiveTheThresholdResult(fraction: Double) {
        let threshold = RandomData.canonical(fraction: fraction)
        let expected = Fixtures.run(Self.data, threshold)
        let result = Fixtures.run(Self.data, Self.rules("ml_pred > 0.8 and confidence > 0.7", from: threshold))
        #expect(expected.fills.count > 50)
        #expect(Self.same(result, expected))
    }

    @Test func aContextClauseIsTheThresholdFilterOnTheSameContext() {
        let t = Self.data.timestamps
        let context = ContextSeries(
            timestamps: stride(from: 0, to: t.count, by: 7).map { t[$0] }, names: ["vix"],
            columns: [stride(from: 0, to: t.count, by: 7).map { Double(($0 * 37) % 40) }])
        var threshold = RandomData.canonical()
        if case .threshold(var p) = threshold.strategy {
            p.filters.append(Filter(column: "vix", op: .less, value: 25))
            threshold.strategy = .threshold(p)
        }
        let expected = Fixtures.run(Self.data, threshold, context: context)
        let result = Fixtures.run(
            Self.data, Self.rules("ml_pred > 0.8 and confidence > 0.7 and ctx.vix < 25", from: threshold),
            context: context)
        #expect(
            expected.fills.count > 20
                && expected.fills.count < Fixtures.run(Self.data, RandomData.canonical()).fills.count)
        #expect(Self.same(result, expected))
    }

    @Test func bothSidesGiveTheThresholdShorts() {
        var threshold = RandomData.canonical(fraction: 0.5)
        threshold.account = AccountTerms(type: .margin)
        if case .threshold(var p) = threshold.strategy {
            (p.shortBelow, p.coverAbove) = (0.2, 0.6)
            threshold.strategy = .threshold(p)
        }
        let expected = Fixtures.run(Self.data, threshold)
        let rules = Self.rules(
            "ml_pred > 0.8 and confidence > 0.7", short: "ml_pred < 0.2 and confidence > 0.7", cover: "ml_pred > 0.6",
            from: threshold)
        #expect(expected.trades.contains { $0.direction == .short })
        #expect(Self.same(Fixtures.run(Self.data, rules), expected))
    }

    // One asset, open 10 on every bar, no commission, fixed 10 shares; the entry (sig 0.9 at bar 0)
    // fills at bar 1's open, 10.
    static func held(_ exit: String, closes: [Double], short: Bool = false) -> BacktestResult {
        let signal: [Double] = [short ? 0.1 : 0.9] + Array(repeating: 0.5, count: closes.count - 1)
        let data = Fixtures.singleAsset(
            opens: Array(repeating: 10, count: closes.count), closes: closes, signal: signal)
        var c = Fixtures.configuration(cash: 10_000, sizing: .fixedQuantity(10))
        c.strategy = .rules(
            short
                ? RulesParameters(entry: "sig > 0.8", short: "sig < 0.2", cover: exit, sizing: .fixedQuantity(10))
                : RulesParameters(entry: "sig > 0.8", exit: exit, sizing: .fixedQuantity(10)))
        if short { c.account = AccountTerms(type: .margin) }
        return Fixtures.run(data, c)
    }

    @Test func positionStateIsReadAtEachClose() throws {
        // bars_held: 0 at bar 1's close (the fill bar), 2 at bar 3's: the exit fills at bar 4.
        let timed = Self.held("bars_held >= 2", closes: [10, 10, 10, 10, 10, 10])
        #expect(try #require(timed.trades.first).barsHeld == 3)
        // Long from 10: +4 % at bar 2, +6 % at bar 3: the exit fills at bar 4.
        let target = Self.held("unrealized_pnl_pct > 0.05", closes: [10, 10, 10.4, 10.6, 11, 11])
        #expect(try #require(target.trades.first).barsHeld == 3)
        // Short from 10: the close at 10.4 is −4 %, at 10.6 −6 %: covered at bar 4's open.
        let stopped = Self.held("unrealized_pnl_pct < -0.05", closes: [10, 10, 10.4, 10.6, 11, 11], short: true)
        let trade = try #require(stopped.trades.first)
        #expect(trade.direction == .short && trade.barsHeld == 3)
        // Never reached: no exit.
        #expect(Self.held("unrealized_pnl_pct > 0.5", closes: [10, 10, 10.4, 10.6, 11, 11]).trades.isEmpty)
    }

    @Test func problemsNameTheCondition() {
        func problems(_ c: BacktestConfiguration) -> [(ConfigurationField, String, String)] {
            Backtest.problems(data: Self.data, context: nil, configuration: c).map { ($0.field, $0.code, $0.message) }
        }
        let base = RandomData.canonical()
        let syntax = problems(Self.rules("ml_pred > ", from: base))
        #expect(syntax.map(\.0) == [.rule(.entry)] && syntax.map(\.1) == ["invalid_expression"])
        #expect(syntax.first?.2 == "at character 11: expected a value, found the end")
        let unknown = problems(Self.rules("ml_prd > 0.8", exit: "ctx.vix > 1", from: base))
        #expect(unknown.map(\.0) == [.rule(.entry), .rule(.exit)] && unknown.allSatisfy { $0.1 == "unknown_column" })
        #expect(
            unknown.first?.2.hasPrefix(
                "at character 1: \"ml_prd\" is not a name a rule can read. Did you mean \"ml_pred\"?") == true)
        #expect(
            problems(Self.rules("ml_pred > 0.8", short: "ml_pred < 0.2", from: base)).map(\.0) == [
                .rule(.cover), .rule(.short),
            ])
        #expect(
            problems(Self.rules("smaa(ml_pred, 3) > 1", from: base)).map(\.2) == [
                "at character 1: \"smaa\" is not a function. Did you mean \"sma\"? Functions: sma(x, n), ema(x, n), std(x, n), min(x, n), max(x, n), pct_change(x, n), lag(x, n), crosses_above(a, b), crosses_below(a, b), pct_rank(x), zscore(x)."
            ])
        #expect(
            problems(Self.rules("1 > 0 and sma(ml_pred) > 1", from: base)).map(\.2) == [
                "at character 11: sma takes two arguments: sma(x, n)"
            ])
        #expect(
            problems(Self.rules("lag(close, 0.5) > 1", from: base)).map(\.2) == [
                "at character 1: the window of lag(x, n) must be a whole number of bars from 1 to 10000"
            ])
        #expect(
            problems(Self.rules("max(position, 3) > 1", from: base)).map(\.2) == [
                "at character 5: functions read data, not the position; use position, bars_held and unrealized_pnl_pct outside them"
            ])
    }
}
