// The `window` member of a backtest spec: which bars of the dataset's timeline the run covers, by
// index into its distinct timestamps (`start_bar` inclusive, `end_bar` exclusive, as a Python
// slice). The run is the one a dataset holding only those bars would give (see
// `MarketData.window(bars:)`); walk-forward sets it on each train and test part.
import BacktestEngine

/// A range of a dataset's bars (distinct timestamps).
public struct BarWindow: Sendable, Equatable {
    /// The first bar, from 0.
    public var startBar: Int
    /// One past the last bar; nil for the dataset's end.
    public var endBar: Int?

    /// The window `startBar ..< endBar`.
    public init(startBar: Int, endBar: Int?) {
        self.startBar = startBar
        self.endBar = endBar
    }

    /// The bar indices of the window in a dataset of `bars` distinct timestamps (`end_bar` clamped to it).
    public func range(bars: Int) -> Range<Int> {
        let end = min(endBar ?? bars, bars)
        return min(startBar, end)..<end
    }

    /// `{"start_bar": 0, "end_bar": 252}`; either member may be left out.
    static func decode(_ value: JSONValue?, reader: inout SpecReader) -> BarWindow? {
        guard let value, value != .null else { return nil }
        guard let object = reader.object(value, at: "window", allowed: ["start_bar", "end_bar"]) else { return nil }
        let start = reader.integer(object, "start_bar", at: "window") ?? 0
        let end = reader.integer(object, "end_bar", at: "window")
        reader.check(start >= 0, "window.start_bar", "must be 0 or more (the dataset's first bar is 0), found \(start)")
        if let end {
            reader.check(
                end > start, "window.end_bar",
                "must be above start_bar (\(start)): the window is start_bar ..< end_bar, found \(end)")
        }
        return BarWindow(startBar: start, endBar: end)
    }

    /// The problems of the window against a dataset of `bars` distinct timestamps.
    func problems(bars: Int, dataset: String) -> [ProblemItem] {
        if startBar >= bars {
            return [
                ProblemItem(
                    path: "window.start_bar",
                    message:
                        "the dataset \(dataset) has \(bars) bars (0 ..< \(bars)), so start_bar \(startBar) is past its end"
                )
            ]
        }
        if let endBar, endBar > bars {
            return [
                ProblemItem(
                    path: "window.end_bar",
                    message:
                        "the dataset \(dataset) has \(bars) bars, so end_bar can be at most \(bars), found \(endBar); leave it out to run to the end"
                )
            ]
        }
        return []
    }

    /// The window as the spec echoes it.
    var json: JSONValue {
        .object(["start_bar": .int(startBar), "end_bar": endBar.map(JSONValue.int) ?? .null])
    }
}
