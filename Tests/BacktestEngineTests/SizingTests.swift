// Each sizing method: the quantity of the entry order, worked out by hand.
import BacktestEngine
import Testing

@Suite struct SizingTests {
    /// A enters on t0 at close 10; on t1 A closes at 20 and B (close 10) enters.
    static let data = Fixtures.marketData(
        assets: ["A", "B"], signalNames: ["sig"],
        bars: [
            BarSpec(timestamp: 100, asset: 0, open: 10, close: 10, signals: [0.9]),
            BarSpec(timestamp: 100, asset: 1, open: 10, close: 10, signals: [0.5]),
            BarSpec(timestamp: 200, asset: 0, open: 10, close: 20, signals: [0.5]),
            BarSpec(timestamp: 200, asset: 1, open: 10, close: 10, signals: [0.9]),
            BarSpec(timestamp: 300, asset: 0, open: 20, close: 20, signals: [0.5]),
            BarSpec(timestamp: 300, asset: 1, open: 10, close: 10, signals: [0.5]),
        ])

    static func quantities(_ sizing: Sizing, fill: FillTiming = .nextOpen) -> [Double] {
        Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: sizing, fill: fill)).orders.map(\.quantity)
    }

    // 0.5 * 1,000 / 2 assets = 250 per asset, fixed: 25 shares of A, 25 of B.
    @Test func equalInitial() {
        #expect(Self.quantities(.equalInitial(fraction: 0.5)) == [25, 25])
    }

    // t0: 0.5 * 1,000 = 500 -> 50 A (cash 500 after the t1 fill); t1: E = 500 + 50 * 20 = 1,500,
    // 0.5 * 1,500 = 750 -> 75 B.
    @Test func percentEquity() {
        #expect(Self.quantities(.percentEquity(fraction: 0.5)) == [50, 75])
    }

    // same_close: t0: 0.25 * 1,000 -> 25 A filled at 10 (cash 750). t1: equity marked at the close
    // before trading = 750 + 25 * 20 = 1,250; 0.25 * 1,250 = 312.5 -> 31 B.
    @Test func percentEquitySameCloseSeesEquityBeforeTrading() {
        #expect(Self.quantities(.percentEquity(fraction: 0.25), fill: .sameClose) == [25, 31])
    }

    // 333 / 10 -> 33 shares each.
    @Test func fixedValue() {
        #expect(Self.quantities(.fixedValue(333)) == [33, 33])
    }

    @Test func fixedQuantity() {
        #expect(Self.quantities(.fixedQuantity(7)) == [7, 7])
    }
}
