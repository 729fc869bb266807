// What a walk-forward sweep has decided so far, window by window: the parts' bars and timestamps
// (fixed at submission from the dataset), and, once a window's train runs have all ended, the
// combination chosen, its train value, the test run queued for it, and the window's overfitting
// statistics over its train runs. Kept with the sweep (the embedded store's `walk_forward` column)
// so a restart resumes where the last server stopped.
import BacktestEngine

/// The windows of a walk-forward sweep and their decisions.
public struct WalkForwardState: Sendable, Equatable {
    /// One window.
    public struct Window: Sendable, Equatable {
        /// Its parts as bar ranges.
        public var bars: WalkForwardWindow
        /// The first and last timestamps of the train part (UTC epoch seconds).
        public var trainSpan: ClosedRange<Int64>
        /// The first and last timestamps of the test part.
        public var testSpan: ClosedRange<Int64>
        /// Whether its train runs have all ended and it has been decided (a test run queued, or none).
        public var decided = false
        /// The combination chosen on the train part; nil when none could be (see `note`).
        public var chosen: Int?
        /// The chosen combination's objective value on the train part.
        public var chosenValue = Double.nan
        /// The test run (`bt_…`).
        public var test: String?
        /// Why the window has no test run.
        public var note: String?
        /// The overfitting statistics over the window's train runs (set when the sweep finishes).
        public var statistics: SweepStatistics?
    }

    /// The windows, in time order.
    public var windows: [Window]

    /// The windows of `walkForward` over `timestamps` (the bars dataset's distinct timestamps).
    init(_ walkForward: WalkForward, timestamps: [Int64]) {
        windows = walkForward.windows(bars: timestamps.count).map { w in
            Window(
                bars: w, trainSpan: timestamps[w.train.lowerBound]...timestamps[w.train.upperBound - 1],
                testSpan: timestamps[w.test.lowerBound]...timestamps[w.test.upperBound - 1])
        }
    }

    /// Test runs queued so far.
    public var tests: Int { windows.count { $0.test != nil } }

    /// Whether every window has been decided.
    public var allDecided: Bool { windows.allSatisfy(\.decided) }
}

extension WalkForwardState {
    /// The stored form (and the shape of the API's windows, less the ids' links).
    var stored: JSONValue {
        .array(
            windows.map { w in
                .object([
                    "train_bars": .array([.int(w.bars.train.lowerBound), .int(w.bars.train.upperBound)]),
                    "test_bars": .array([.int(w.bars.test.lowerBound), .int(w.bars.test.upperBound)]),
                    "train_span": .array([.int(Int(w.trainSpan.lowerBound)), .int(Int(w.trainSpan.upperBound))]),
                    "test_span": .array([.int(Int(w.testSpan.lowerBound)), .int(Int(w.testSpan.upperBound))]),
                    "decided": .bool(w.decided), "chosen": w.chosen.map(JSONValue.int) ?? .null,
                    "chosen_value": .finite(w.chosenValue), "test": .optional(w.test), "note": .optional(w.note),
                    "statistics": w.statistics?.stored ?? .null,
                ])
            })
    }

    /// A state read back from `stored`; nil when it does not have that shape.
    init?(stored value: JSONValue) {
        guard let items = value.arrayValue else { return nil }
        var windows: [Window] = []
        for item in items {
            func pair(_ key: String) -> (Int, Int)? {
                guard let a = item[key]?.arrayValue, a.count == 2, let x = a[0].numberValue, let y = a[1].numberValue
                else { return nil }
                return (Int(x), Int(y))
            }
            guard let train = pair("train_bars"), let test = pair("test_bars"), let trainSpan = pair("train_span"),
                let testSpan = pair("test_span"), train.0 < train.1, test.0 < test.1, trainSpan.0 <= trainSpan.1,
                testSpan.0 <= testSpan.1
            else { return nil }
            var window = Window(
                bars: WalkForwardWindow(train: train.0..<train.1, test: test.0..<test.1),
                trainSpan: Int64(trainSpan.0)...Int64(trainSpan.1), testSpan: Int64(testSpan.0)...Int64(testSpan.1))
            window.decided = item["decided"]?.boolValue ?? false
            window.chosen = item["chosen"]?.numberValue.map { Int($0) }
            window.chosenValue = item["chosen_value"]?.numberValue ?? .nan
            window.test = item["test"]?.stringValue
            window.note = item["note"]?.stringValue
            if let statistics = item["statistics"], statistics != .null {
                window.statistics = SweepStatistics(stored: statistics)
            }
            windows.append(window)
        }
        self.windows = windows
    }
}
