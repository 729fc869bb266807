// Cash binding: sells before buys, second buy rejected, equality affordable, rounds-to-zero.
import BacktestEngine
import Testing

@Suite struct CashAndOrderingTests {
    /// Two assets at a flat price of 10; `signals[t]` = (A, B).
    static func twoAssets(_ signals: [(Double, Double)]) -> MarketData {
        var bars: [BarSpec] = []
        for (t, s) in signals.enumerated() {
            let ts = Int64(t + 1) * Fixtures.day
            bars.append(BarSpec(timestamp: ts, asset: 0, open: 10, close: 10, signals: [s.0]))
            bars.append(BarSpec(timestamp: ts, asset: 1, open: 10, close: 10, signals: [s.1]))
        }
        return Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
    }

    // cash 1,000, no commission, fixedValue(600) -> 60 shares at 10 (value 600).
    // t0: B enters.                      t1: BUY B fills (cash 400); A enters.
    // t2: BUY A 600 > 400: insufficient_cash; A enters again (rejected buy leaves it flat); B exits.
    // t3: SELL B first (A precedes B in asset order, so only sells-first makes this work):
    //     cash 1,000, then BUY A fills, cash 400.
    @Test func sellsFillBeforeBuysWhenCashBinds() {
        let data = Self.twoAssets([(0.5, 0.9), (0.9, 0.5), (0.9, 0.3), (0.5, 0.5), (0.5, 0.5)])
        let result = Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedValue(600)))
        #expect(result.orders.map(\.asset) == [1, 0, 0, 1])
        #expect(result.orders.map(\.status) == [.filled, .rejected, .filled, .filled])
        #expect(result.orders[1].reason == .insufficientCash)
        #expect(result.metrics.rejections == 1)
        let t3 = 4 * Fixtures.day
        #expect(result.fills.suffix(2).map(\.timestamp) == [t3, t3])
        #expect(result.fills.suffix(2).map(\.side) == [.sell, .buy])
        #expect(result.fills.suffix(2).map(\.asset) == [1, 0])
        #expect(result.equity.map(\.cash) == [1_000, 400, 400, 400, 400])
    }

    // Both assets enter on t0 with cash for one: A (lower index) fills, B is rejected.
    @Test func secondBuyOfTheBarIsRejected() {
        let data = Self.twoAssets([(0.9, 0.9), (0.5, 0.5)])
        let result = Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedValue(600)))
        #expect(result.orders.map(\.status) == [.filled, .rejected])
        #expect(result.orders[1].asset == 1 && result.orders[1].reason == .insufficientCash)
        #expect(result.orders[1].filledAt == nil && result.orders[1].fillPrice == nil)
        #expect(result.fills.count == 1 && result.fills[0].asset == 0)
    }

    // 100 shares at 10 cost 1,000 plus 0.1 % = 1.0 commission: exactly 1,001.
    @Test(arguments: [(1_001.0, OrderStatus.filled), (1_000.99, OrderStatus.rejected)])
    func equalityIsAffordable(cash: Double, status: OrderStatus) {
        let data = Fixtures.singleAsset(opens: [10, 10], closes: [10, 10], signal: [0.9, 0.5])
        let result = Fixtures.run(
            data, Fixtures.configuration(cash: cash, commission: .percent(rate: 0.001), sizing: .fixedQuantity(100)))
        #expect(result.orders.map(\.status) == [status])
        if status == .filled {
            #expect(result.equity[1].cash == 0)
        }
    }

    // fixedValue(5) at a close of 10: floor(0.5) = 0 -> rejected at decision time, never pending;
    // the next bar decides again (close 4 -> 1 share).
    @Test func quantityRoundsToZero() {
        let data = Fixtures.singleAsset(opens: [10, 10, 4], closes: [10, 4, 4], signal: [0.9, 0.9, 0.5])
        let result = Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedValue(5)))
        #expect(result.orders.count == 2)
        #expect(result.orders[0].status == .rejected && result.orders[0].reason == .quantityRoundsToZero)
        #expect(result.orders[0].quantity == 0 && result.orders[0].createdAt == Fixtures.day)
        #expect(result.orders[1].status == .filled && result.orders[1].quantity == 1)
        #expect(result.metrics.rejections == 1 && result.metrics.orders == 2 && result.metrics.fills == 1)
    }

    // An entry on the last bar is never filled.
    @Test func lastBarOrdersExpire() {
        let data = Fixtures.singleAsset(opens: [10, 10], closes: [10, 10], signal: [0.5, 0.9])
        let result = Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedQuantity(1)))
        #expect(result.orders.map(\.status) == [.expired])
        #expect(result.fills.isEmpty && result.metrics.finalEquity == 1_000)
    }
}
