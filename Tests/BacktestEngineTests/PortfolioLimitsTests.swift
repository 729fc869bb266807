// Portfolio limits worked out by hand: fill-time caps reject with their reason codes; the drawdown
// limit halts (or liquidates) and the daily loss limit halts entries until the next day, each
// recorded as an event.
import BacktestEngine
import Testing

@Suite struct PortfolioLimitsTests {
    static func configuration(_ limits: PortfolioLimits, sizing: Sizing = .fixedQuantity(50)) -> BacktestConfiguration {
        var c = Fixtures.configuration(cash: 10_000, sizing: sizing)
        c.limits = limits
        return c
    }

    /// Two assets entering on the same close: ascending asset order decides which fits.
    static let pair: MarketData = Fixtures.marketData(
        assets: ["A", "B"], signalNames: ["sig"],
        bars: (0..<2).flatMap { t in
            (0..<2).map { a in
                BarSpec(
                    timestamp: Int64(t + 1) * Fixtures.day, asset: a, open: 100, close: 100,
                    signals: [t == 0 ? 0.9 : 0.5])
            }
        })

    @Test func fillTimeLimitsRejectWithTheirReason() {
        let positions = Fixtures.run(Self.pair, Self.configuration(PortfolioLimits(maxPositions: 1)))
        #expect(positions.orders.map(\.reason) == [nil, .maxPositions])
        // 50 × 100 = 5,000 is half the equity.
        let weight = Fixtures.run(Self.pair, Self.configuration(PortfolioLimits(maxPositionWeight: 0.4)))
        #expect(weight.orders.map(\.reason) == [.maxPositionWeight, .maxPositionWeight])
        // The first takes gross to 0.5 of equity, the second would take it to 1.0.
        let gross = Fixtures.run(Self.pair, Self.configuration(PortfolioLimits(maxGrossExposure: 0.8)))
        #expect(gross.orders.map(\.reason) == [nil, .maxGrossExposure])
        let net = Fixtures.run(Self.pair, Self.configuration(PortfolioLimits(maxNetExposure: 0.6)))
        #expect(net.orders.map(\.reason) == [nil, .maxNetExposure])
    }

    // BUY 50 @ 100 at bar 1 (cash 5,000); bar 2 closes at 78: E = 8,900, drawdown 0.11 >= 0.1.
    static let drop = Fixtures.singleAsset(
        opens: [100, 100, 80, 79, 79, 79], closes: [100, 100, 78, 78, 79, 79], signal: [0.9, 0.5, 0.5, 0.3, 0.9, 0.5])

    @Test func drawdownHaltKeepsPositionsAndRefusesEntries() throws {
        let result = Fixtures.run(Self.drop, Self.configuration(PortfolioLimits(maxDrawdown: 0.1)))
        // The exit decided at bar 3 fills at bar 4's open 79; bar 4's entry is refused.
        #expect(result.orders.map(\.status) == [.filled, .filled, .rejected])
        #expect(result.orders.map(\.reason) == [nil, nil, .tradingHalted])
        let event = try #require(result.events.first)
        #expect(result.events.count == 1 && event.kind == .drawdownHalt && event.timestamp == 3 * Fixtures.day)
        #expect(isClose(event.value, 1 - 8_900.0 / 10_000) && event.threshold == 0.1)
        #expect(isClose(result.metrics.finalEquity, 8_950))
    }

    @Test func drawdownLiquidationClosesEverything() {
        let result = Fixtures.run(
            Self.drop, Self.configuration(PortfolioLimits(maxDrawdown: 0.1, onMaxDrawdown: .liquidate)))
        #expect(result.orders.map(\.purpose) == [.strategy, .liquidation, .strategy])
        #expect(result.orders.map(\.reason) == [nil, nil, .tradingHalted])
        #expect(result.fills.map(\.price) == [100, 79])
        #expect(result.trades.map(\.exitReason) == [.liquidation])
        #expect(result.events.map(\.kind) == [.drawdownLiquidation] && result.events[0].orders == 1)
    }

    // Minute bars: three on day 1, two on day 2. A buys 50 @ 100 at bar 1 and closes it at 90:
    // E = 9,500, a 5 % loss on the day. B's entry at bar 1's close is refused; on day 2 it is not.
    @Test func dailyLossHaltsUntilTheNextDay() {
        let d1: Int64 = Fixtures.day
        let d2: Int64 = 2 * Fixtures.day
        let times: [Int64] = [d1, d1 + 60, d1 + 120, d2, d2 + 60]
        let a: [(Double, Double, Double)] = [
            (100, 100, 0.9), (100, 90, 0.5), (90, 90, 0.5), (90, 90, 0.5), (90, 90, 0.5),
        ]
        let b: [Double] = [0.5, 0.9, 0.5, 0.9, 0.5]
        var bars: [BarSpec] = []
        for (t, ts) in times.enumerated() {
            bars.append(BarSpec(timestamp: ts, asset: 0, open: a[t].0, close: a[t].1, signals: [a[t].2]))
            bars.append(BarSpec(timestamp: ts, asset: 1, open: 10, close: 10, signals: [b[t]]))
        }
        let data = Fixtures.marketData(assets: ["A", "B"], signalNames: ["sig"], bars: bars)
        let result = Fixtures.run(data, Self.configuration(PortfolioLimits(dailyLoss: 0.05)))
        #expect(result.orders.map(\.asset) == [0, 1, 1])
        #expect(result.orders.map(\.status) == [.filled, .rejected, .filled])
        #expect(result.orders[1].reason == .tradingHalted)
        #expect(result.events.map(\.kind) == [.dailyLossHalt] && result.events[0].timestamp == d1 + 60)
        #expect(result.fills.map(\.timestamp) == [d1 + 60, d2 + 60])
    }

    @Test func invalidLimitsNameTheirField() {
        let problems = Backtest.problems(
            data: Self.drop, context: nil,
            configuration: Self.configuration(PortfolioLimits(maxDrawdown: 1.5, maxPositions: 0)))
        #expect(problems.map(\.field) == [.maxDrawdown, .maxPositions])
    }
}
