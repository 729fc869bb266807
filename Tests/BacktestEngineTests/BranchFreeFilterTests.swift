// The branch-free filter test (`ResolvedFilter.passes`) agrees with `ComparisonOperator.holds` on
// every operator and on edge values: NaN, signed zeros, infinities, equality.
import Testing

@testable import BacktestEngine

@Suite struct BranchFreeFilterTests {
    static let values: [Double] = [.nan, -.infinity, -1, -0.0, 0.0, 0.7, 0.7.nextUp, 1, .infinity]

    @Test(arguments: ComparisonOperator.allCases)
    func passesMatchesHolds(op: ComparisonOperator) {
        for threshold in Self.values {
            let column = ResolvedColumn(values: Self.values, perRow: true)
            let filter = ResolvedFilter(column: column, op: op, value: threshold)
            for (row, x) in Self.values.enumerated() {
                #expect((filter.passes(row: row, bar: 0) == 1) == op.holds(x, threshold), "\(x) \(op) \(threshold)")
            }
        }
    }
}
