// A sweep request after validation: the base backtest spec as JSON and the swept paths with their
// values (each combination's backtest spec is made from them when the sweep is submitted). Echoed back as
// `spec`, stored as that echo, and decoded again on load (a random sweep draws the same values from
// its seed).
import BacktestEngine

/// How a sweep chooses its combinations.
public enum SweepMethod: Sendable, Equatable {
    /// Every combination of the listed values (the last path varies fastest, as `itertools.product`).
    case grid
    /// `count` combinations drawn from `ranges` by a SplitMix64 generator seeded with `seed`.
    case random(count: Int, seed: UInt64, ranges: [SweepRange])
}

/// Where a random sweep draws one path's values from.
public enum SweepRange: Sendable, Equatable {
    /// Uniform in `[min, max]`; log-uniform (`min > 0`) when `log`.
    case uniform(min: Double, max: Double, log: Bool)
    /// A whole number, uniform in `min...max`.
    case integer(min: Int, max: Int)
    /// One of `values`, each equally likely.
    case choice([JSONValue])
}

/// One swept path and its value in each combination.
public struct SweepAxis: Sendable, Equatable {
    /// The path into the backtest spec, as written (its results column is named so).
    let path: SpecPath
    /// A grid: the values listed, in order. A random sweep: the value drawn for each combination.
    let values: [JSONValue]

    /// The path as written.
    public var name: String { path.text }
}

/// A validated sweep request.
public struct SweepSpec: Sendable, Equatable {
    /// A free label for people.
    public var name: String?
    /// The backtest spec every combination starts from, as sent.
    public var base: JSONValue
    /// The swept paths, in the order written.
    public var axes: [SweepAxis]
    /// How the combinations were chosen.
    public var method: SweepMethod
    /// What ranks combinations: the "best" of the sweep is the combination whose Sharpe ratio is
    /// deflated.
    public var objective: SweepObjective
    /// Train and test windows: each combination runs on every train part, the best of each window
    /// on its test part (nil: each combination runs once, on the whole data).
    public var walkForward: WalkForward?
    /// Number of combinations.
    public var count: Int {
        switch method {
        case .grid: axes.reduce(1) { $0 * $1.values.count }
        case .random(let count, _, _): count
        }
    }

    /// The values of combination `c`, one per axis.
    func values(of c: Int) -> [JSONValue] {
        switch method {
        case .grid:
            var rest = c
            var values = [JSONValue](repeating: .null, count: axes.count)
            for (i, axis) in axes.enumerated().reversed() {
                values[i] = axis.values[rest % axis.values.count]
                rest /= axis.values.count
            }
            return values
        case .random:
            return axes.map { $0.values[c] }
        }
    }

    /// For combination `c`, the index of each axis's value in its grid list (a random sweep: `c`).
    func valueIndices(of c: Int) -> [Int] {
        guard case .grid = method else { return axes.map { _ in c } }
        var rest = c
        var indices = [Int](repeating: 0, count: axes.count)
        for (i, axis) in axes.enumerated().reversed() {
            indices[i] = rest % axis.values.count
            rest /= axis.values.count
        }
        return indices
    }
}
