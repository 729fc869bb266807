// same_close timing and the per-share commission with its minimum.
import BacktestEngine
import Testing

@Suite struct FillTimingAndCommissionTests {
    // same_close, cash 10,000, 0.1 %, fixedQuantity(50):
    // t0 close 100 sig 0.9: BUY 50 @ 100 now: value 5,000, fee 5, cash 4,995.   E = 4,995 + 5,000 = 9,995
    // t1 close 110 sig 0.5: hold.                                               E = 4,995 + 5,500 = 10,495
    // t2 close 120 sig 0.3: SELL 50 @ 120: value 6,000, fee 6, cash 10,989.     E = 10,989
    // t3 close 100 sig 0.9: entry on the last bar -> expired.                   E = 10,989
    @Test func sameCloseFillsAtTheDecisionClose() {
        let data = Fixtures.singleAsset(
            opens: [90, 90, 90, 90], closes: [100, 110, 120, 100], signal: [0.9, 0.5, 0.3, 0.9])
        let result = Fixtures.run(
            data,
            Fixtures.configuration(
                cash: 10_000, commission: .percent(rate: 0.001), sizing: .fixedQuantity(50), fill: .sameClose))
        #expect(result.fills.map(\.price) == [100, 120])
        #expect(result.fills.map(\.timestamp) == [1, 3].map { $0 * Fixtures.day })
        #expect(result.orders.map(\.status) == [.filled, .filled, .expired])
        let expected: [Double] = [9_995, 10_495, 10_989, 10_989]
        #expect(zip(result.equity.map(\.equity), expected).allSatisfy { isClose($0, $1) })
        #expect(result.trades.count == 1 && result.trades[0].barsHeld == 2)
        #expect(isClose(result.trades[0].pnl, 20 * 50 - 11))
    }

    // per share 0.01 with a minimum of 1.0: 50 shares -> max(0.5, 1.0) = 1.0; 200 shares -> 2.0.
    @Test(arguments: [(50, 1.0), (200, 2.0)])
    func perShareCommissionWithMinimum(quantity: Double, commission: Double) {
        let data = Fixtures.singleAsset(opens: [10, 10, 10], closes: [10, 10, 10], signal: [0.9, 0.3, 0.5])
        let result = Fixtures.run(
            data,
            Fixtures.configuration(
                cash: 10_000, commission: .perShare(rate: 0.01, minimum: 1.0), sizing: .fixedQuantity(quantity)))
        #expect(result.fills.map(\.commission) == [commission, commission])
        #expect(isClose(result.metrics.finalEquity, 10_000 - 2 * commission))
        #expect(isClose(result.trades[0].pnl, -2 * commission))
    }

    @Test func commissionModelFormulas() {
        #expect(CommissionModel.percent(rate: 0.002).commission(quantity: 10, value: 500) == 1.0)
        #expect(CommissionModel.perShare(rate: 0.005, minimum: 1).commission(quantity: 100, value: 0) == 1.0)
        #expect(CommissionModel.perShare(rate: 0.005, minimum: 1).commission(quantity: 1_000, value: 0) == 5.0)
    }
}
