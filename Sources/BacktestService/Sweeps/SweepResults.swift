// A sweep's results table: one row per combination with its parameters in columns named by their
// paths as written, then the summary's statistics under their summary names; sortable by any of
// them, written as JSON objects or CSV. A child not finished (or removed) has no statistics yet.
import BacktestEngine

/// The rows of a sweep's results, in combination order until sorted.
struct SweepResults {
    /// One combination.
    struct Row {
        /// The child's place among the sweep's children (ties of a sort keep it).
        let position: Int
        let combination: Int
        /// A walk-forward run's window and part (`train` or `test`).
        let window: (index: Int, part: String)?
        let backtest: String
        /// The child's status; `removed` once it was deleted or evicted.
        let status: String
        let parameters: [JSONValue]
        /// The summary's statistics of a succeeded child (see `BacktestRecord.summaryStatistics`).
        let statistics: [(name: String, value: Double?, unit: MetricUnit)]?
        /// Why a failed child failed.
        let error: String?
    }

    /// A column rows can be sorted by.
    enum Column {
        case combination
        case parameter(Int)
        case statistic(Int)
    }

    private let axes: [String]
    /// Whether rows carry a window and part (a walk-forward sweep).
    private let windowed: Bool
    private(set) var rows: [Row]

    /// The results of `sweep` from the children still stored: one row per child (a walk-forward
    /// sweep's train runs window by window, then its test runs by window).
    init(_ sweep: SweepRecord, children: [SweepChild]) {
        axes = sweep.spec.axes.map(\.name)
        windowed = sweep.walkForward != nil
        let byId = Dictionary(children.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let perWindow = sweep.spec.count
        let tests = Dictionary(
            (sweep.walkForward?.windows ?? []).enumerated().compactMap { k, w in
                w.test.map { ($0, (k, w.chosen ?? 0)) }
            }, uniquingKeysWith: { first, _ in first })
        // Test runs are queued as windows are decided; they are listed in window order.
        var order = sweep.children
        if let state = sweep.walkForward {
            order = Array(sweep.children.prefix(state.windows.count * perWindow)) + state.windows.compactMap(\.test)
        }
        rows = order.enumerated().map { i, id in
            let child = byId[id]
            var c = i
            var window: (Int, String)?
            if sweep.walkForward != nil {
                if let (k, chosen) = tests[id] {
                    (c, window) = (chosen, (k, "test"))
                } else {
                    (c, window) = (i % perWindow, (i / perWindow, "train"))
                }
            }
            return Row(
                position: i, combination: c, window: window, backtest: id, status: child?.status.rawValue ?? "removed",
                parameters: sweep.spec.values(of: c),
                statistics: child?.statistics, error: child?.errorCode)
        }
    }

    /// Number of rows.
    var count: Int { rows.count }

    /// Every column, in order.
    var columnNames: [String] {
        ["combination"] + (windowed ? ["window", "part"] : []) + ["backtest", "status", "error"] + axes
            + BacktestRecord.summaryNames
    }

    /// The names `sort` accepts.
    var sortableNames: [String] { ["combination"] + axes + BacktestRecord.summaryNames }

    /// The column named `name`, if rows can be sorted by it.
    func sortableColumn(_ name: String) -> Column? {
        if name == "combination" { return .combination }
        if let i = axes.firstIndex(of: name) { return .parameter(i) }
        return BacktestRecord.summaryNames.firstIndex(of: name).map(Column.statistic)
    }

    /// Sorts the rows by `column`; rows without a value (not finished, undefined) come last either
    /// way, and ties keep the children's order.
    mutating func sort(by column: Column, descending: Bool) {
        rows.sort { a, b in
            let order: Bool?
            switch column {
            case .combination:
                order = a.combination == b.combination ? nil : (a.combination < b.combination) != descending
            case .parameter(let i): order = Self.compare(a.parameters[i], b.parameters[i], descending: descending)
            case .statistic(let i):
                order = Self.compare(a.statistics?[i].value, b.statistics?[i].value, descending: descending)
            }
            return order ?? (a.position < b.position)
        }
    }

    /// Whether `a` goes before `b`; nil when they tie. Missing and NaN values go last.
    private static func compare(_ a: Double?, _ b: Double?, descending: Bool) -> Bool? {
        let x = a.flatMap { $0.isNaN ? nil : $0 }
        let y = b.flatMap { $0.isNaN ? nil : $0 }
        switch (x, y) {
        case (nil, nil): return nil
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): return x == y ? nil : (x < y) != descending
        }
    }

    /// Parameters compare as numbers when both are, else by their JSON text (numbers before text).
    private static func compare(_ a: JSONValue, _ b: JSONValue, descending: Bool) -> Bool? {
        if let x = a.numberValue, let y = b.numberValue { return compare(x, y, descending: descending) }
        if a.numberValue != nil { return true }
        if b.numberValue != nil { return false }
        let x = JSONWriter.text(a)
        let y = JSONWriter.text(b)
        return x == y ? nil : (x < y) != descending
    }

    /// Row `i` as a JSON object with every column.
    func json(row i: Int, _ precision: Precision) -> JSONValue {
        let row = rows[i]
        var object = JSONObject()
        object.append("combination", .int(row.combination))
        if windowed {
            object.append("window", row.window.map { .int($0.index) } ?? .null)
            object.append("part", .optional(row.window?.part))
        }
        object.append("backtest", .string(row.backtest))
        object.append("status", .string(row.status))
        object.append("error", .optional(row.error))
        for (name, value) in zip(axes, row.parameters) { object.append(name, value) }
        if let statistics = row.statistics {
            for s in statistics { object.append(s.name, BacktestRecord.statistic(s.value, s.unit, precision)) }
        } else {
            for name in BacktestRecord.summaryNames { object.append(name, .null) }
        }
        return .object(object)
    }

    /// The whole table as CSV: a header of `columnNames`, then one line per row; an absent value is
    /// an empty cell, a parameter that is an array or object its JSON text.
    func csv(_ precision: Precision) -> [UInt8] {
        var encoder = CSVRowEncoder(continuing: [], precision: precision)
        encoder.beginRow()
        for name in columnNames { encoder.string("", name) }
        encoder.endRow()
        for row in rows {
            encoder.beginRow()
            encoder.int("", row.combination)
            if windowed {
                encoder.int("", row.window?.index ?? 0)
                encoder.string("", row.window?.part)
            }
            encoder.string("", row.backtest)
            encoder.string("", row.status)
            encoder.string("", row.error)
            for value in row.parameters {
                if case .string(let s) = value {
                    encoder.string("", s)
                } else if value == .null {
                    encoder.null("")
                } else {
                    encoder.string("", JSONWriter.text(value))
                }
            }
            for i in BacktestRecord.summaryNames.indices {
                guard let s = row.statistics?[i], let value = s.value, value.isFinite else {
                    encoder.null("")
                    continue
                }
                switch s.unit {
                case .count: encoder.int("", Int(value))
                case .money: encoder.number("", value, .money)
                case .ratio: encoder.number("", value, .ratio)
                }
            }
            encoder.endRow()
        }
        return encoder.bytes
    }
}
