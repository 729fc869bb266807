// Stepping one bar at a time, in chunks of 7, and all at once give identical results; runs are
// deterministic to the bit.
import BacktestEngine
import Testing

@Suite struct SteppingTests {
    static let data = RandomData.make(assets: 6, bars: 200, seed: 7, sparse: true)
    static let context = ContextSeries(
        timestamps: (0..<50).map { 1_577_970_000 + Int64($0) * 14_400 }, names: ["vix"],
        columns: [(0..<50).map { Double(10 + ($0 * 7) % 25) }])
    static let configuration: BacktestConfiguration = {
        var c = RandomData.canonical(fraction: 3) // cash binds: rejections and sells-before-buys
        c.strategy = .threshold(
            ThresholdParameters(
                signal: "ml_pred", entryAbove: 0.7, exitBelow: 0.4,
                filters: [
                    Filter(column: "confidence", op: .greater, value: 0.3), Filter(column: "vix", op: .less, value: 30),
                ],
                sizing: .percentEquity(fraction: 0.4)))
        return c
    }()

    static func run(chunk: Int?) -> BacktestResult {
        let backtest = try! Backtest(data: data, context: context, configuration: configuration)
        if let chunk {
            var total = 0
            while !backtest.isFinished {
                let processed = backtest.step(maxBars: chunk)
                #expect(processed >= 1 && processed <= chunk)
                total += processed
                #expect(backtest.processedBars == total)
            }
            #expect(backtest.step(maxBars: 5) == 0)
        }
        return backtest.finish()
    }

    static func identical(_ a: BacktestResult, _ b: BacktestResult) -> Bool {
        a.fills == b.fills && a.orders == b.orders && a.trades == b.trades && a.equity == b.equity
            && a.metrics == b.metrics && a.openPositions == b.openPositions
            && a.equity.map(\.equity.bitPattern) == b.equity.map(\.equity.bitPattern)
    }

    @Test func steppingIsEquivalent() {
        let all = Self.run(chunk: nil)
        #expect(all.fills.count > 20 && all.metrics.rejections > 0)
        #expect(Self.identical(all, Self.run(chunk: 1)))
        #expect(Self.identical(all, Self.run(chunk: 7)))
        #expect(Self.identical(all, Self.run(chunk: 1_000)))
    }

    @Test func deterministic() {
        #expect(Self.identical(Self.run(chunk: nil), Self.run(chunk: nil)))
    }

    @Test func finishIsIdempotentAndCountsBars() {
        let backtest = try! Backtest(data: Self.data, context: Self.context, configuration: Self.configuration)
        #expect(backtest.barCount == 200 && backtest.processedBars == 0 && !backtest.isFinished)
        #expect(backtest.step(maxBars: 0) == 0)
        #expect(backtest.step(maxBars: 150) == 150)
        let first = backtest.finish()
        #expect(backtest.isFinished && backtest.processedBars == 200)
        #expect(Self.identical(first, backtest.finish()))
        #expect(first.equity.count == 200)
    }
}
