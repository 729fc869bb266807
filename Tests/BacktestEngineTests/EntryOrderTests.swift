// Entry and exit orders other than market, worked out by hand: a limit entry below the close that
// fills at its level, at the open on a gap, or expires after its bars; an exit signal withdraws a
// resting entry; a stop entry; a day order on intraday bars; invalid order terms name their part.
import BacktestEngine
import Testing

@Suite struct EntryOrderTests {
    static func configuration(entry: OrderSpec, exit: OrderSpec = .market) -> BacktestConfiguration {
        BacktestConfiguration(
            initialCash: 10_000,
            strategy: .threshold(
                ThresholdParameters(
                    signal: "sig", entryAbove: 0.8, exitBelow: 0.4, sizing: .fixedQuantity(10), entryOrder: entry,
                    exitOrder: exit)))
    }

    static let limit = OrderSpec(type: .limit, limit: .offsetBps(-100), timeInForce: .bars(2))

    // Decided at bar 0's close 100: BUY limit 100 × (1 − 0.01) = 99, working bars 1 and 2.
    // Bar 1: open 100, low min(open, close) = 99.5 > 99: rests. Bar 2: open 99.5, close 98: low 98 <= 99,
    // the open is above the limit: fills at 99.
    @Test func limitEntryFillsAtItsLevel() {
        let data = Fixtures.singleAsset(
            opens: [100, 100, 99.5, 99], closes: [100, 99.5, 98, 99], signal: [0.9, 0.6, 0.6, 0.6])
        let result = Fixtures.run(data, Self.configuration(entry: Self.limit))
        #expect(result.fills.map(\.price) == [100 * (1.0 - 0.01)])
        #expect(result.fills.map(\.timestamp) == [3 * Fixtures.day])
        #expect(result.orders[0].type == .limit && result.orders[0].limitPrice == 99)
    }

    // The open gaps through the limit: fills at the open 97.
    @Test func limitEntryFillsAtTheOpenOnAGap() {
        let data = Fixtures.singleAsset(opens: [100, 97, 99], closes: [100, 98, 99], signal: [0.9, 0.6, 0.6])
        #expect(Fixtures.run(data, Self.configuration(entry: Self.limit)).fills.map(\.price) == [97])
    }

    // Never reached in its two bars: expires at bar 2, and bar 2's close places a new one (expired
    // again at the end of the data).
    @Test func limitEntryExpiresAfterItsBars() {
        let data = Fixtures.singleAsset(
            opens: [100, 100, 100, 100], closes: [100, 100, 100, 100], signal: [0.9, 0.6, 0.9, 0.6])
        let result = Fixtures.run(data, Self.configuration(entry: Self.limit))
        #expect(result.fills.isEmpty)
        #expect(result.orders.map(\.status) == [.expired, .expired])
        #expect(result.orders.map(\.reason) == [.timeInForce, .endOfData])
    }

    // Resting at bar 1's close when the signal drops below exit_below: withdrawn, nothing else placed.
    @Test func anExitSignalWithdrawsARestingEntry() {
        let data = Fixtures.singleAsset(opens: [100, 100, 100], closes: [100, 100, 100], signal: [0.9, 0.3, 0.6])
        let result = Fixtures.run(data, Self.configuration(entry: Self.limit))
        #expect(result.orders.map(\.status) == [.cancelled] && result.orders[0].reason == .withdrawn)
    }

    // A buy stop 1 % above the close 100 (101): bar 1 high 100.5 misses; bar 2 opens 102 above it:
    // fills at the open.
    @Test func stopEntryTriggersAboveTheClose() {
        let data = Fixtures.singleAsset(opens: [100, 100, 102], closes: [100, 100.5, 103], signal: [0.9, 0.6, 0.6])
        let stop = OrderSpec(type: .stop, stop: .offsetBps(100))
        #expect(Fixtures.run(data, Self.configuration(entry: stop)).fills.map(\.price) == [102])
    }

    // Minute bars over two days; a day limit decided on day 1's last bar works on day 2 only, until
    // its last bar, then expires.
    @Test func dayOrdersEndWithTheirSession() {
        let minute: Int64 = 60
        let day2: Int64 = 2 * Fixtures.day
        let times: [Int64] = [day2 - 2 * minute, day2 - minute, day2, day2 + minute, day2 + Fixtures.day]
        let bars = times.enumerated().map { i, ts in
            BarSpec(timestamp: ts, asset: 0, open: 100, close: 100, signals: [i == 1 ? 0.9 : 0.6])
        }
        let data = Fixtures.marketData(assets: ["A"], signalNames: ["sig"], bars: bars)
        let dayLimit = OrderSpec(type: .limit, limit: .offsetBps(-100), timeInForce: .day)
        let result = Fixtures.run(data, Self.configuration(entry: dayLimit))
        #expect(result.orders.map(\.status) == [.expired] && result.orders[0].reason == .timeInForce)
        #expect(result.orders[0].timeInForce == .day)
    }

    @Test func invalidOrderTermsNameTheirPart() {
        let data = Fixtures.singleAsset(opens: [1], closes: [1], signal: [0.5])
        func fields(_ entry: OrderSpec) -> [ConfigurationField] {
            Backtest.problems(data: data, context: nil, configuration: Self.configuration(entry: entry)).map(\.field)
        }
        #expect(fields(OrderSpec(type: .stopLimit, limit: .offsetBps(10))) == [.entryOrder(.stop)])
        #expect(fields(OrderSpec(type: .limit)) == [.entryOrder(.limit)])
        #expect(fields(OrderSpec(type: .trailingStop, trail: .percent(0))) == [.entryOrder(.trail)])
        #expect(fields(OrderSpec(type: .market, limit: .column("sig"))) == [.entryOrder(.limit)])
        #expect(fields(OrderSpec(type: .limit, limit: .column("nope"))) == [.entryOrder(.limit)])
        #expect(
            fields(OrderSpec(type: .limit, limit: .offsetBps(-5), timeInForce: .bars(0))) == [.entryOrder(.timeInForce)]
        )
    }
}
