// The SIMD rolling windows (RollingWindows.swift) give bit for bit what the one-window-at-a-time
// definition gives, on sparse random data with missing values and infinities, for every windowed
// function and window lengths around the four-lane boundary.

import BacktestFixtures
import Testing

@testable import BacktestEngine

@Suite struct RollingWindowsTests {
    @Test(arguments: [RuleFunction.sma, .std, .min, .max, .lag, .pctChange], [true, false])
    func agreesWithTheDefinition(function: RuleFunction, sparse: Bool) {
        // 7 assets: dense data takes one four-lane group and three single lanes per bar.
        let data = RandomData.make(assets: 7, bars: 300, seed: 99, sparse: sparse)
        var rng = SplitMix64(seed: 5)
        // Prices with a few missing and infinite values spliced in.
        let x = data.close.map { value -> Double in
            let u = rng.unit()
            return u < 0.01 ? .nan : u < 0.012 ? .infinity : value
        }
        for n in [1, 2, 3, 4, 5, 7, 20, 299] {
            let fast = RollingWindows(function: function, n: n).column(x, data: data)
            let reference = function.windowedByDefinition(x, window: n, data: data)
            let same = zip(fast, reference).allSatisfy { a, b in
                (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern || (a == 0 && b == 0)
            }
            #expect(same, "\(function) over \(n)")
        }
    }
}

/// The clause fast path (RuleClauses.swift) decides exactly as the stack machine's three-valued
/// value does, on every row of random data with missing values, for the `and`-of-comparisons shapes
/// it takes; other shapes are left to the stack machine.
@Suite struct RuleClausesTests {
    @Test func agreesWithTheStackMachine() throws {
        let data = RandomData.make(assets: 5, bars: 400, seed: 17, sparse: true)
        let catalog = ColumnCatalog(data: data, context: nil)
        let expressions = [
            "ml_pred > 0.8", "ml_pred > 0.8 and confidence > 0.7",
            "ml_pred >= 0.5 and confidence <= 0.5 and close > 50",
            "ml_pred != 0.5 and 0.3 < confidence", "close > sma(close, 10) and ml_pred == ml_pred",
            "bars_held >= 2 and unrealized_pnl_pct < 0.01 and position > 0",
        ]
        let states = [
            RulePositionState(position: 0),
            RulePositionState(position: 10, bar: 9, close: 51, entryBar: 5, entryPrice: 50),
            RulePositionState(position: -3, bar: 9, close: 49, entryBar: 8, entryPrice: 50),
        ]
        for text in expressions {
            let program = try RuleProgram(try RuleParser.parse(text), catalog: catalog)
            #expect(program.clauses != nil, "\(text) should take the fast path")
            for t in data.timestamps.indices {
                for row in data.rowStart[t]..<data.rowStart[t + 1] {
                    for state in states {
                        let x = program.value(row: row, bar: t, state)
                        #expect(program.holds(row: row, bar: t, state) == (x != 0 && !x.isNaN), "\(text) row \(row)")
                    }
                }
            }
        }
        for text in ["ml_pred > 0.8 or confidence > 0.7", "not ml_pred > 0.8", "ml_pred + 1 > 1.8", "ml_pred"] {
            let program = try RuleProgram(try RuleParser.parse(text), catalog: catalog)
            #expect(program.clauses == nil, "\(text) is not an and of comparisons")
        }
    }
}
