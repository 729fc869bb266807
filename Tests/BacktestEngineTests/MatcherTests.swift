// The matcher against hand-worked bars, one case per branch of backtrader 1.9.78.123's
// `BackBroker._try_exec_limit`, `_try_exec_stop` and `_try_exec_stoplimit` (no slippage), the rules
// the engine transcribes; plus market-on-close and the trailing stop's level moving with the close.
import Testing

@testable import BacktestEngine

@Suite struct MatcherTests {
    static func bar(_ open: Double, _ high: Double, _ low: Double, _ close: Double) -> BarQuote {
        BarQuote(open: open, high: high, low: low, close: close, volume: 1_000)
    }

    static func order(
        _ type: OrderType, _ side: Side, limit: Double = .nan, stop: Double = .nan, trail: Trail = .none
    )
        -> WorkingOrder
    {
        WorkingOrder(
            ledgerIndex: 0, asset: 0, side: side, role: .strategy, type: type, quantity: 1, limit: limit, stop: stop,
            trail: trail, activeFrom: 0)
    }

    static func price(_ o: WorkingOrder, _ b: BarQuote, market: Double = 999) -> Double {
        Matcher.match(MatchInput(order: o, bar: b, marketPrice: market)).price
    }

    @Test func marketAndMarketOnClose() {
        let b = Self.bar(10, 12, 9, 11)
        #expect(Self.price(Self.order(.market, .buy), b, market: 10) == 10)
        #expect(Self.price(Self.order(.marketOnClose, .sell), b) == 11)
    }

    @Test func limits() {
        // Buy: open at or below the limit fills at the open; else the low reaching it fills at it.
        #expect(Self.price(Self.order(.limit, .buy, limit: 10), Self.bar(9.5, 11, 9, 10)) == 9.5)
        #expect(Self.price(Self.order(.limit, .buy, limit: 9.5), Self.bar(10, 11, 9, 10)) == 9.5)
        #expect(Self.price(Self.order(.limit, .buy, limit: 8), Self.bar(10, 11, 9, 10)).isNaN)
        // Sell mirrored with the high.
        #expect(Self.price(Self.order(.limit, .sell, limit: 10), Self.bar(10.5, 11, 9, 10)) == 10.5)
        #expect(Self.price(Self.order(.limit, .sell, limit: 10.8), Self.bar(10, 11, 9, 10)) == 10.8)
        #expect(Self.price(Self.order(.limit, .sell, limit: 12), Self.bar(10, 11, 9, 10)).isNaN)
    }

    @Test func stops() {
        // Sell stop: a gap through the level fills at the open; the low reaching it at the level.
        #expect(Self.price(Self.order(.stop, .sell, stop: 9.5), Self.bar(9, 10, 8, 9)) == 9)
        #expect(Self.price(Self.order(.stop, .sell, stop: 9.5), Self.bar(10, 11, 9, 10)) == 9.5)
        #expect(Self.price(Self.order(.stop, .sell, stop: 8.5), Self.bar(10, 11, 9, 10)).isNaN)
        // Buy stop mirrored with the high.
        #expect(Self.price(Self.order(.stop, .buy, stop: 10.5), Self.bar(11, 12, 10.8, 11)) == 11)
        #expect(Self.price(Self.order(.stop, .buy, stop: 10.5), Self.bar(10, 11, 9, 10)) == 10.5)
        #expect(Self.price(Self.order(.stop, .buy, stop: 11.5), Self.bar(10, 11, 9, 10)).isNaN)
    }

    @Test func stopLimits() {
        // Buy, gap through the stop at the open: matched as a limit over the whole bar.
        #expect(Self.price(Self.order(.stopLimit, .buy, limit: 11.5, stop: 10.5), Self.bar(11, 12, 10.8, 11)) == 11)
        // Buy, triggered inside the bar with the limit at or above the stop: fills at the stop.
        #expect(Self.price(Self.order(.stopLimit, .buy, limit: 10.6, stop: 10.5), Self.bar(10, 11, 9, 10.2)) == 10.5)
        // Buy, limit below the stop, bar closing down (open > close) at or under the limit: the limit.
        #expect(Self.price(Self.order(.stopLimit, .buy, limit: 10.2, stop: 10.5), Self.bar(10.4, 11, 9, 10)) == 10.2)
        // ... the same bar closing up: not filled this bar, but triggered (a limit from now on).
        let up = Matcher.match(
            MatchInput(
                order: Self.order(.stopLimit, .buy, limit: 10.2, stop: 10.5), bar: Self.bar(10, 11, 9, 10.4),
                marketPrice: 10))
        #expect(up.price.isNaN && up.order.triggered)
        #expect(Self.price(up.order, Self.bar(10.1, 10.3, 9.9, 10)) == 10.1)
        // Sell, triggered inside the bar with the limit at or below the stop: fills at the stop.
        #expect(Self.price(Self.order(.stopLimit, .sell, limit: 9.4, stop: 9.5), Self.bar(10, 11, 9, 9.8)) == 9.5)
        // Sell, limit above the stop, bar closing up at or above the limit: the limit.
        #expect(Self.price(Self.order(.stopLimit, .sell, limit: 9.7, stop: 9.5), Self.bar(9.6, 11, 9, 10)) == 9.7)
        // Never reaching the stop: nothing, not triggered.
        let none = Matcher.match(
            MatchInput(
                order: Self.order(.stopLimit, .sell, limit: 8, stop: 8.5), bar: Self.bar(10, 11, 9, 10),
                marketPrice: 10))
        #expect(none.price.isNaN && !none.order.triggered)
    }

    @Test func trailingStopFollowsTheCloseAndNeverBacks() {
        // Sell trailing 10 %: level 9; a bar closing at 12 moves it to 12 - 1.2 = 10.8 (backtrader's
        // `close - close * f`); a later close at 11 leaves it there.
        var o = Self.order(.trailingStop, .sell, stop: 9, trail: .percent(0.1))
        o = Matcher.match(MatchInput(order: o, bar: Self.bar(10, 12.5, 9.5, 12), marketPrice: 10)).order
        #expect(o.stop == 12 - 12 * 0.1)
        o = Matcher.match(MatchInput(order: o, bar: Self.bar(12, 12.2, 11, 11), marketPrice: 12)).order
        #expect(o.stop == 12 - 12 * 0.1)
        // The low reaching the level fills at it.
        #expect(Self.price(o, Self.bar(11, 11.5, 10.5, 11)) == 12 - 12 * 0.1)
    }
}
