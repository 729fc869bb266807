// The `walk_forward` member of a sweep: train and test windows over the bars dataset's timeline. In
// each window every combination runs on the train part; the best by the objective then runs on the
// test part that follows it. Windows are counted in the dataset's distinct timestamps (bars).
import BacktestEngine

/// A validated walk-forward request.
public struct WalkForward: Sendable, Equatable {
    /// Bars each train part covers (the first one's, when anchored).
    public var trainBars: Int
    /// Bars each test part covers (the last may be shorter: it ends with the data).
    public var testBars: Int
    /// Bars from one window's start to the next's; at least `testBars`, so test parts never overlap.
    public var stepBars: Int
    /// Every train part starts at bar 0 (growing), instead of sliding with the windows.
    public var anchored: Bool
    /// What chooses a window's combination; the sweep's objective unless given.
    public var objective: SweepObjective

    /// The windows over a dataset of `bars` distinct timestamps: window `k`'s test part starts at
    /// `trainBars + k × stepBars`, as long as that is before the end.
    public func windows(bars: Int) -> [WalkForwardWindow] {
        var windows: [WalkForwardWindow] = []
        var testStart = trainBars
        while testStart < bars {
            let trainStart = anchored ? 0 : testStart - trainBars
            windows.append(
                WalkForwardWindow(train: trainStart..<testStart, test: testStart..<min(testStart + testBars, bars)))
            testStart += stepBars
        }
        return windows
    }

    static let fields = ["train_bars", "test_bars", "step_bars", "objective", "anchored"]

    /// `{"train_bars", "test_bars", "step_bars", "objective", "anchored"}`; nil (and problems) when
    /// it does not decode.
    static func decode(_ value: JSONValue, objective: SweepObjective, reader: inout SpecReader) -> WalkForward? {
        let at = "walk_forward"
        guard let object = reader.object(value, at: at, allowed: fields) else { return nil }
        let train = reader.require(
            reader.integer(object, "train_bars", at: at), "\(at).train_bars",
            "the bars each train part covers, e.g. 504 (two years of daily bars)")
        let test = reader.require(
            reader.integer(object, "test_bars", at: at), "\(at).test_bars",
            "the bars each test part covers, e.g. 126")
        let step = reader.integer(object, "step_bars", at: at) ?? test
        let anchored = reader.boolean(object, "anchored", at: at) ?? false
        let chooser =
            object["objective"].map { value -> SweepObjective in
                var nested = SpecReader()
                let decoded = SweepObjective.decode(value, reader: &nested)
                for problem in nested.problems { reader.fail("\(at).\(problem.path)", problem.message) }
                return decoded
            } ?? objective
        guard let train, let test, let step else { return nil }
        reader.check(train >= 1, "\(at).train_bars", "must be 1 or more, found \(train)")
        reader.check(test >= 1, "\(at).test_bars", "must be 1 or more, found \(test)")
        reader.check(
            step >= test, "\(at).step_bars",
            "must be at least test_bars (\(test)), found \(step): test parts must not overlap, or the stitched out-of-sample equity would count bars twice"
        )
        return WalkForward(trainBars: train, testBars: test, stepBars: step, anchored: anchored, objective: chooser)
    }

    /// The request as the sweep's spec echoes it, defaults resolved.
    var json: JSONValue {
        .object([
            "train_bars": .int(trainBars), "test_bars": .int(testBars), "step_bars": .int(stepBars),
            "objective": objective.json, "anchored": .bool(anchored),
        ])
    }
}

/// One walk-forward window: its train and test parts, as bar ranges of the dataset's timeline.
public struct WalkForwardWindow: Sendable, Equatable {
    /// The bars every combination runs on.
    public var train: Range<Int>
    /// The bars the chosen combination runs on.
    public var test: Range<Int>
}
