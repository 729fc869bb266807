// Sparse data: a pending order waits for its asset's next bar; marking uses the latest close.
import BacktestEngine
import Testing

// cash 1,000, no commission, fixedQuantity(10). A trades nothing (sig 0.5); B is missing at t1, t3, t5.
// t0 (A,B): B close 10, sig 0.9 -> pending BUY 10.             E = 1,000
// t1 (A)  : no B bar, the BUY stays pending.                    E = 1,000
// t2 (A,B): BUY B @ open 11 -> cash 890; close 12, sig 0.3 -> pending SELL. E = 890 + 120 = 1,010
// t3 (A)  : SELL waits; B valued at its last close 12.          E = 1,010
// t4 (A,B): SELL B @ open 13 -> cash 1,020; sig 0.5.            E = 1,020
// t5 (A)  : last bar.                                           E = 1,020
@Suite struct SparseDataTests {
    static let data: MarketData = {
        var bars: [BarSpec] = []
        let b: [Int: (open: Double, close: Double, sig: Double)] = [
            0: (10, 10, 0.9), 2: (11, 12, 0.3), 4: (13, 13, 0.5),
        ]
        for t in 0..<6 {
            let ts = Int64(t + 1) * 100
            bars.append(BarSpec(timestamp: ts, asset: 0, open: 5, close: 5, signals: [0.5]))
            if let bar = b[t] {
                bars.append(BarSpec(timestamp: ts, asset: 1, open: bar.open, close: bar.close, signals: [bar.sig]))
            }
        }
        return Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
    }()

    @Test func pendingOrdersWaitForTheAssetsNextBar() {
        let result = Fixtures.run(Self.data, Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(10)))
        #expect(result.fills.map(\.timestamp) == [300, 500])
        #expect(result.fills.map(\.price) == [11, 13])
        #expect(result.equity.map(\.equity) == [1_000, 1_000, 1_010, 1_010, 1_020, 1_020])
        #expect(result.trades.count == 1 && result.trades[0].barsHeld == 2 && result.trades[0].pnl == 20)
        #expect(result.metrics.finalEquity == 1_020)
    }

    // An order whose asset never trades again expires.
    @Test func pendingOrderWithoutALaterBarExpires() {
        let bars = [
            BarSpec(timestamp: 100, asset: 0, open: 5, close: 5, signals: [0.5]),
            BarSpec(timestamp: 100, asset: 1, open: 10, close: 10, signals: [0.9]),
            BarSpec(timestamp: 200, asset: 0, open: 5, close: 5, signals: [0.5]),
        ]
        let data = Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
        let result = Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(10)))
        #expect(result.orders.map(\.status) == [.expired])
    }
}
