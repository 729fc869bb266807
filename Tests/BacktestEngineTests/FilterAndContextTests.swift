// Filters (strict comparisons, NaN fails, bar fields, context columns) and the as-of context join.

import Testing

@testable import BacktestEngine

@Suite struct FilterAndContextTests {
    /// Single asset, signal always 0.9, confidence varies per bar; the last bar only closes the run.
    static func entries(confidence: [Double], filter: Filter, signal: [Double]? = nil) -> [Int64] {
        let n = confidence.count + 1
        let bars = (0..<n).map { t in
            BarSpec(
                timestamp: Int64(t + 1) * 100, asset: 0, open: 10, close: 10 + Double(t),
                signals: [signal?[t] ?? 0.9, t < confidence.count ? confidence[t] : .nan])
        }
        let data = Fixtures.marketData(assets: ["A"], signalNames: ["sig", "conf"], bars: bars)
        // Rejected entries (quantity 0 with fixedValue 1) keep the asset flat, so every bar decides.
        let result = Fixtures.run(data, Fixtures.configuration(cash: 1_000, sizing: .fixedValue(1), filters: [filter]))
        return result.orders.map(\.createdAt)
    }

    @Test func strictGreaterAndNaN() {
        let filter = Filter(column: "conf", op: .greater, value: 0.7)
        #expect(Self.entries(confidence: [0.7, 0.71, .nan, 0.9], filter: filter) == [200, 400])
    }

    @Test(arguments: [
        (ComparisonOperator.greaterOrEqual, [Int64(100), 200]),
        (.less, [300]),
        (.lessOrEqual, [100, 300]),
    ])
    func otherOperators(op: ComparisonOperator, expected: [Int64]) {
        #expect(
            Self.entries(confidence: [0.7, 0.71, 0.5], filter: Filter(column: "conf", op: op, value: 0.7)) == expected)
    }

    // A NaN signal never enters (the filter would hold).
    @Test func nanSignalNeverEnters() {
        let filter = Filter(column: "conf", op: .greater, value: 0)
        #expect(Self.entries(confidence: [1, 1, 1], filter: filter, signal: [.nan, 0.9, .nan, 0.9]) == [200])
    }

    // Bar field: close = 10, 11, 12, 13 at 100..400; `close >= 12` holds at 300 and 400.
    @Test func barFieldFilter() {
        let filter = Filter(column: "close", op: .greaterOrEqual, value: 12)
        #expect(Self.entries(confidence: [1, 1, 1], filter: filter) == [300, 400])
    }

    // Bars at 100, 200, 300, 400; vix rows at 150 (30), 300 (10), 350 (40).
    // As-of: 100 -> none (NaN), 200 -> 30, 300 -> 10 (stamped exactly at the bar), 400 -> 40.
    @Test func contextAsOfJoin() {
        let context = ContextSeries(timestamps: [150, 300, 350], names: ["vix"], columns: [[30, 10, 40]])
        let aligned = PointInTime.contextColumn(
            context.columns[0], contextTimestamps: context.timestamps, barTimestamps: [100, 200, 300, 400],
            availableAfter: 0)
        #expect(aligned.map { $0.isNaN ? -1 : $0 } == [-1, 30, 10, 40])
        let bars = (1...4).map { BarSpec(timestamp: Int64($0) * 100, asset: 0, open: 10, close: 10, signals: [0.9]) }
        let data = Fixtures.marketData(assets: ["A"], signalNames: ["sig"], bars: bars)
        let configuration = Fixtures.configuration(
            cash: 1_000, sizing: .fixedValue(1), filters: [Filter(column: "vix", op: .less, value: 20)])
        let result = Fixtures.run(data, configuration, context: context)
        #expect(result.orders.map(\.createdAt) == [300])
        let entry = Fixtures.run(
            data,
            Fixtures.configuration(
                cash: 1_000, sizing: .fixedValue(1), filters: [Filter(column: "vix", op: .greater, value: 35)]),
            context: context)
        #expect(entry.orders.map(\.createdAt) == [400])
    }

    // A name both the bars and the context have is refused rather than silently read from the bars
    // (it used to be); a context column of its own name resolves.
    @Test func aNameInBothTheBarsAndTheContextIsRefused() {
        let context = ContextSeries(timestamps: [0], names: ["conf", "vix"], columns: [[0], [10]])
        let bars = (1...3).map {
            BarSpec(timestamp: Int64($0) * 100, asset: 0, open: 10, close: 10, signals: [0.9, 1])
        }
        let data = Fixtures.marketData(assets: ["A"], signalNames: ["sig", "conf"], bars: bars)
        let ambiguous = Fixtures.configuration(
            cash: 1_000, sizing: .fixedValue(1), filters: [Filter(column: "conf", op: .greater, value: 0.5)])
        let problems = Backtest.problems(data: data, context: context, configuration: ambiguous)
        #expect(problems.map(\.code) == [ConfigurationError.ambiguousColumn])
        let fromContext = Fixtures.configuration(
            cash: 1_000, sizing: .fixedValue(1), filters: [Filter(column: "vix", op: .greater, value: 5)])
        #expect(Fixtures.run(data, fromContext, context: context).orders.count == 3)
    }
}
