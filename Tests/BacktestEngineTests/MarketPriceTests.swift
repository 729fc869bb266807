// Where market orders fill: the timing's own price, the next bar's close, or a per-row column such
// as a VWAP; a missing column value rejects the fill; impossible choices name the field.
import BacktestEngine
import Testing

@Suite struct MarketPriceTests {
    // Two signal columns: "sig" drives the template, "vwap" is the price column.
    static let data: MarketData = {
        let rows: [(open: Double, close: Double, sig: Double, vwap: Double)] = [
            (100, 100, 0.9, 100), (101, 103, 0.5, 102.5), (104, 106, 0.3, .nan), (107, 108, 0.5, 107.5),
        ]
        let bars = rows.enumerated().map { t, r in
            BarSpec(
                timestamp: Int64(t + 1) * Fixtures.day, asset: 0, open: r.open, close: r.close,
                signals: [r.sig, r.vwap])
        }
        return Fixtures.marketData(assets: ["A"], signalNames: ["sig", "vwap"], bars: bars)
    }()

    static func run(_ price: MarketPrice, fill: FillTiming = .nextOpen) -> BacktestResult {
        var c = Fixtures.configuration(cash: 10_000, sizing: .fixedQuantity(10), fill: fill)
        c.marketPrice = price
        return Fixtures.run(data, c)
    }

    @Test func marketOrdersFillAtTheChosenPrice() {
        // BUY decided at bar 0 fills at bar 1; SELL decided at bar 2 fills at bar 3.
        #expect(Self.run(.timing).fills.map(\.price) == [101, 107])
        #expect(Self.run(.close).fills.map(\.price) == [103, 108])
        #expect(Self.run(.column("vwap")).fills.map(\.price) == [102.5, 107.5])
    }

    @Test func aMissingColumnValueRejectsTheFill() {
        // Entry decided at bar 1 (shifted signals): fills at bar 2, whose vwap is missing.
        let shifted = Fixtures.singleAsset(opens: [1, 1, 1], closes: [1, 1, 1], signal: [0.5, 0.9, 0.5])
        var c = Fixtures.configuration(cash: 10_000, sizing: .fixedQuantity(1))
        c.marketPrice = .column("sig")
        // "sig" is 0.5 at bar 2, so the fill happens at 0.5 (the column is the price, whatever it holds).
        #expect(Fixtures.run(shifted, c).fills.map(\.price) == [0.5])
        let result = Self.run(.column("vwap"), fill: .sameClose)
        // same_close: BUY at bar 0's vwap 100; SELL decided at bar 2, whose vwap is missing.
        #expect(result.fills.map(\.price) == [100])
        #expect(result.orders.map(\.reason) == [nil, .missingLevel])
    }

    @Test func impossibleChoicesNameTheField() {
        func fields(_ price: MarketPrice, _ fill: FillTiming) -> [ConfigurationField] {
            var c = Fixtures.configuration(cash: 10_000, sizing: .fixedQuantity(10), fill: fill)
            c.marketPrice = price
            return Backtest.problems(data: Self.data, context: nil, configuration: c).map(\.field)
        }
        #expect(fields(.open, .sameClose) == [.marketPrice])
        #expect(fields(.column("vwp"), .nextOpen) == [.marketPrice])
        #expect(fields(.column("close"), .nextOpen) == [.marketPrice])
    }
}
