// Sparse data: a market order whose asset has no bar at the timestamp it becomes active on expires
// (`no_bar`) instead of filling later at a stale price; a position is marked at its latest close.
import BacktestEngine
import Testing

// cash 1,000, no commission, fixedQuantity(10). A trades nothing (sig 0.5); B is missing at t1 and t4.
// t0 (A,B): B close 10, sig 0.9 -> BUY 10.                              E = 1,000
// t1 (A)  : no B bar: the BUY expires (no_bar).                         E = 1,000
// t2 (A,B): B close 12, sig 0.9 -> BUY 10.                              E = 1,000
// t3 (A,B): BUY B @ open 13 -> cash 870; close 14, sig 0.6.             E = 870 + 140 = 1,010
// t4 (A)  : no B bar; B valued at its last close 14.                    E = 1,010
// t5 (A,B): close 16, sig 0.3 -> SELL 10.                               E = 870 + 160 = 1,030
// t6 (A,B): SELL B @ open 17 -> cash 1,040.                             E = 1,040
@Suite struct SparseDataTests {
    static let data: MarketData = {
        var bars: [BarSpec] = []
        let b: [Int: (open: Double, close: Double, sig: Double)] = [
            0: (10, 10, 0.9), 2: (11, 12, 0.9), 3: (13, 14, 0.6), 5: (15, 16, 0.3), 6: (17, 17, 0.5),
        ]
        for t in 0..<7 {
            let ts = Int64(t + 1) * 100
            bars.append(BarSpec(timestamp: ts, asset: 0, open: 5, close: 5, signals: [0.5]))
            if let bar = b[t] {
                bars.append(BarSpec(timestamp: ts, asset: 1, open: bar.open, close: bar.close, signals: [bar.sig]))
            }
        }
        return Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
    }()

    @Test func marketOrdersExpireWhenTheirAssetHasNoBar() {
        let result = Fixtures.run(Self.data, Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(10)))
        #expect(result.orders.map(\.status) == [.expired, .filled, .filled])
        #expect(result.orders.map(\.reason) == [.noBar, nil, nil])
        #expect(result.fills.map(\.timestamp) == [400, 700])
        #expect(result.fills.map(\.price) == [13, 17])
        #expect(result.equity.map(\.equity) == [1_000, 1_000, 1_000, 1_010, 1_010, 1_030, 1_040])
        #expect(result.trades.count == 1 && result.trades[0].barsHeld == 3 && result.trades[0].pnl == 40)
        #expect(result.metrics.finalEquity == 1_040)
    }

    // An order whose asset never trades again expires.
    @Test func orderWithoutALaterBarExpires() {
        let bars = [
            BarSpec(timestamp: 100, asset: 0, open: 5, close: 5, signals: [0.5]),
            BarSpec(timestamp: 100, asset: 1, open: 10, close: 10, signals: [0.9]),
            BarSpec(timestamp: 200, asset: 0, open: 5, close: 5, signals: [0.5]),
        ]
        let data = Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
        let result = Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(10)))
        #expect(result.orders.map(\.status) == [.expired])
    }

    // B's data ends at t2 of four timestamps while long: closed at its last close 12 (delisted), with
    // commission; A, still trading, is untouched.
    // t0: B sig 0.9 -> BUY 10.  t1: BUY @ 11 -> cash 890.  t2: B's last bar, close 12 -> SELL 10 @ 12,
    // commission 0.1 % = 0.12 -> cash 1,009.88.  t3: only A.
    @Test func aPositionWhoseDataEndsIsClosedAtItsLastClose() throws {
        var bars: [BarSpec] = []
        for t in 0..<4 {
            let ts = Int64(t + 1) * 100
            bars.append(BarSpec(timestamp: ts, asset: 0, open: 5, close: 5, signals: [0.5]))
            if t < 3 {
                let (open, close): (Double, Double) = [(10, 10), (11, 11.5), (11.8, 12)][t]
                bars.append(BarSpec(timestamp: ts, asset: 1, open: open, close: close, signals: [t == 0 ? 0.9 : 0.6]))
            }
        }
        let data = Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
        let result = Fixtures.run(
            data, Fixtures.configuration(cash: 1_000, commission: .percent(rate: 0.001), sizing: .fixedQuantity(10)))
        #expect(result.fills.map(\.price) == [11, 12])
        #expect(result.fills.map(\.timestamp) == [200, 300])
        #expect(result.orders.map(\.purpose) == [.strategy, .delisting])
        #expect(result.orders.map(\.type) == [.market, .marketOnClose])
        let trade = try #require(result.trades.first)
        #expect(trade.exitReason == .delisted && trade.exitPrice == 12)
        #expect(result.events.map(\.kind) == [.delisting] && result.events[0].asset == 1)
        #expect(result.openPositions == 0)
        #expect(isClose(result.metrics.finalEquity, 1_000 - 110 - 0.011 * 10 + 120 - 0.12))
    }
}
