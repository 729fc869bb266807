// A one-asset, six-bar run worked out by hand: entry, fill at the next open, commission, exit,
// re-entry, an order on the last bar that expires, final equity.
import BacktestEngine
import Testing

// cash 10,000; commission 0.1 %; equalInitial(0.5) -> allocation 5,000 (one asset).
// bar  open close sig   what happens
//  0   100   100  0.5   flat, 0.5 <= 0.8: nothing.                          E = 10,000
//  1   101   100  0.9   entry: qty = floor(5000 / 100) = 50, pending BUY.   E = 10,000
//  2   102   104  0.6   BUY 50 @ 102: value 5,100, fee 5.1,
//                       cash = 10,000 - 5,100 - 5.1 = 4,894.9.              E = 4,894.9 + 50*104 = 10,094.9
//  3   105   103  0.3   0.3 < 0.4: pending SELL 50.                          E = 4,894.9 + 5,150 = 10,044.9
//  4   106   108  0.9   SELL 50 @ 106: value 5,300, fee 5.3,
//                       cash = 4,894.9 + 5,300 - 5.3 = 10,189.6.             E = 10,189.6
//                       entry: qty = floor(5000 / 108) = 46 (47*108 = 5,076), pending BUY.
//  5   107   110  0.2   BUY 46 @ 107: value 4,922, fee 4.922,
//                       cash = 10,189.6 - 4,922 - 4.922 = 5,262.678.         E = 5,262.678 + 46*110 = 10,322.678
//                       0.2 < 0.4: SELL 46 created on the last bar -> expired.
// Trade: 50 shares, 102 -> 106, commission 10.4, pnl = 4*50 - 10.4 = 189.6, return 189.6 / 5,100,
// held 4 - 2 = 2 bars. Peak 10,094.9 at bar 2, drawdown at bar 3 = 50 / 10,094.9.
@Suite struct HandWorkedExampleTests {
    let result = Fixtures.run(
        Fixtures.singleAsset(
            opens: [100, 101, 102, 105, 106, 107], closes: [100, 100, 104, 103, 108, 110],
            signal: [0.5, 0.9, 0.6, 0.3, 0.9, 0.2]),
        Fixtures.configuration(cash: 10_000, commission: .percent(rate: 0.001), sizing: .equalInitial(fraction: 0.5)))

    @Test func fillsAtNextOpenWithCommission() {
        let d = Fixtures.day
        #expect(result.fills.map(\.timestamp) == [3 * d, 5 * d, 6 * d])
        #expect(result.fills.map(\.side) == [.buy, .sell, .buy])
        #expect(result.fills.map(\.quantity) == [50, 50, 46])
        #expect(result.fills.map(\.price) == [102, 106, 107])
        #expect(result.fills.map(\.orderID) == [1, 2, 3])
        #expect(zip(result.fills.map(\.commission), [5.1, 5.3, 4.922]).allSatisfy { isClose($0, $1) })
    }

    @Test func ordersAndLastBarExpiry() {
        #expect(result.orders.map(\.status) == [.filled, .filled, .filled, .expired])
        #expect(result.orders.map(\.createdAt) == [2, 4, 5, 6].map { $0 * Fixtures.day })
        #expect(result.orders.map(\.quantity) == [50, 50, 46, 46])
        #expect(result.orders[3].side == .sell && result.orders[3].filledAt == nil)
        #expect(result.openPositions == 1 && result.metrics.openPositions == 1)
    }

    @Test func equityPath() {
        let cashAfterEntry: Double = 10_000 - 5_100 - 5.1
        let cashAtEnd: Double = 10_189.6 - 4_922 - 4.922
        let expected: [Double] = [
            10_000, 10_000, cashAfterEntry + 5_200, cashAfterEntry + 5_150, 10_189.6, cashAtEnd + 5_060,
        ]
        #expect(zip(result.equity.map(\.equity), expected).allSatisfy { isClose($0, $1) })
        #expect(isClose(result.equity[5].cash, 5_262.678))
        #expect(isClose(result.metrics.finalEquity, 10_322.678))
        #expect(isClose(result.metrics.totalReturn, 0.0322678))
        #expect(isClose(result.metrics.maxDrawdown, 50 / 10_094.9))
        #expect(result.metrics.maxDrawdownDurationBars == 1)
        #expect(isClose(result.metrics.totalCommission, 5.1 + 5.3 + 4.922))
    }

    @Test func closedTrade() {
        #expect(result.trades.count == 1)
        let trade = result.trades[0]
        #expect(trade.quantity == 50 && trade.entryPrice == 102 && trade.exitPrice == 106)
        #expect(trade.entryTime == 3 * Fixtures.day && trade.exitTime == 5 * Fixtures.day)
        #expect(isClose(trade.commission, 10.4))
        #expect(isClose(trade.pnl, 189.6))
        #expect(isClose(trade.returnFraction, 189.6 / 5_100))
        #expect(trade.barsHeld == 2 && trade.exitReason == .signal)
    }
}
