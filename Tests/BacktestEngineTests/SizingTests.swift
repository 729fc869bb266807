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

    // Scaled by sig itself (0.9 on both entries), fraction 0.5: weight 0.45. t0: 450 / 10 -> 45 A
    // (cash 550 after the fill); t1: E = 550 + 45 * 20 = 1,450, 0.45 * 1,450 = 652.5 -> 65 B.
    // Capped at 0.3: t0 300 -> 30 A; t1 E = 700 + 30 * 20 = 1,300, 390 -> 39 B.
    @Test func confidenceScaled() {
        #expect(Self.quantities(.confidenceScaled(column: "sig", fraction: 0.5, maxFraction: 1)) == [45, 65])
        #expect(Self.quantities(.confidenceScaled(column: "sig", fraction: 0.5, maxFraction: 0.3)) == [30, 39])
    }

    // A missing or negative confidence sizes 0: the entry is recorded and rejected, never resized.
    @Test func confidenceScaledWithoutAValueSizesNothing() {
        let data = Fixtures.marketData(
            assets: ["A"], signalNames: ["sig", "conf"],
            bars: [
                BarSpec(timestamp: 100, asset: 0, open: 10, close: 10, signals: [0.9, .nan]),
                BarSpec(timestamp: 200, asset: 0, open: 10, close: 10, signals: [0.9, -1]),
                BarSpec(timestamp: 300, asset: 0, open: 10, close: 10, signals: [0.9, 0.5]),
                BarSpec(timestamp: 400, asset: 0, open: 10, close: 10, signals: [0.9, 0.5]),
            ])
        let configuration = Fixtures.configuration(
            cash: 1_000, sizing: .confidenceScaled(column: "conf", fraction: 0.2, maxFraction: 1))
        let orders = Fixtures.run(data, configuration).orders
        #expect(orders.map(\.quantity) == [0, 0, 10])
        #expect(orders.prefix(2).allSatisfy { $0.reason == .quantityRoundsToZero })
    }

    // Closes 100, 110, 99, 108.9: returns 0.1, -0.1, 0.1 (as doubles: 110 / 100 - 1, …). Lookback
    // 2, one bar a year: no volatility at t0 and t1 (fewer than 2 returns), so those entries size 0;
    // at t2 vol = std(r1, r2; ddof 1), weight = min(1, 0.1 / vol) ~ 0.707, 0.707 * 1,000 / 99 -> 7.
    @Test func volatilityTarget() {
        let closes = [100, 110, 99, 108.9]
        let data = Fixtures.marketData(
            assets: ["A"], signalNames: ["sig"],
            bars: closes.indices.map {
                BarSpec(timestamp: Int64($0 + 1) * 100, asset: 0, open: closes[$0], close: closes[$0], signals: [0.9])
            })
        let r1 = closes[1] / closes[0] - 1
        let r2 = closes[2] / closes[1] - 1
        let mean = (r1 + r2) / 2
        let vol = (((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean)) / 1).squareRoot()
        let expected = (min(1, 0.1 / vol) * 1_000 / closes[2]).rounded(.down)
        #expect(expected == 7)
        let configuration = Fixtures.configuration(
            cash: 1_000, sizing: .volatilityTarget(target: 0.1, lookback: 2, barsPerYear: 1, maxFraction: 1))
        #expect(Fixtures.run(data, configuration).orders.map(\.quantity) == [0, 0, expected])
        // Annualizing with 252 bars raises vol by sqrt(252): the weight falls to 0.707 / 15.87 (on
        // 100,000 of cash: 44 shares).
        let annual = Fixtures.configuration(
            cash: 100_000, sizing: .volatilityTarget(target: 0.1, lookback: 2, barsPerYear: 252, maxFraction: 1))
        let weight = 0.1 / (vol * 252.0.squareRoot())
        let shares = (weight * 100_000 / closes[2]).rounded(.down)
        #expect(shares == 44)
        #expect(Fixtures.run(data, annual).orders.map(\.quantity) == [0, 0, shares])
    }

    @Test func scaledSizingsNameTheirFields() {
        func fields(_ sizing: Sizing) -> [ConfigurationField] {
            Backtest.problems(
                data: Self.data, context: nil, configuration: Fixtures.configuration(cash: 1_000, sizing: sizing)
            ).map(\.field)
        }
        #expect(fields(.confidenceScaled(column: "conf", fraction: 0.2, maxFraction: 1)) == [.sizingColumn])
        #expect(fields(.confidenceScaled(column: "sig", fraction: 0.2, maxFraction: 0)) == [.sizingMaxFraction])
        #expect(fields(.volatilityTarget(target: 0, lookback: 20, barsPerYear: 252, maxFraction: 1)) == [.sizingTarget])
        #expect(
            fields(.volatilityTarget(target: 0.1, lookback: 1, barsPerYear: 252, maxFraction: 1)) == [.sizingLookback])
        #expect(
            fields(.volatilityTarget(target: 0.1, lookback: 5, barsPerYear: -1, maxFraction: 1)) == [.sizingBarsPerYear]
        )
    }
}
