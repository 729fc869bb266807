// What a walk-forward sweep answers at `GET /v1/sweeps/{id}/walk_forward`: each window's parts (bars
// and timestamps), the combination its train part chose with its parameters and train value, its
// test run's status and summary, its overfitting statistics; and the out-of-sample equity stitched
// from the test runs. Each test run starts flat with the base spec's cash, so the stitched curve
// compounds their returns: window k's equity is scaled by the stitched level at the end of window
// k − 1 over its initial cash.
import BacktestEngine

/// A walk-forward sweep's windows and stitched out-of-sample equity.
struct WalkForwardResult {
    /// One window's test run as stored.
    struct Test {
        let record: BacktestRecord?
        let result: BacktestResult?
    }

    let sweep: SweepRecord
    let tests: [Test?]
    /// The stitched equity: (timestamp, equity) at each test bar's close, in time order.
    private(set) var equity: [(timestamp: Int64, equity: Double)] = []
    /// The cash the stitched curve starts from.
    private(set) var initialCash = Double.nan

    /// The document of `sweep` given each window's test run (nil for a window without one).
    init(_ sweep: SweepRecord, tests: [Test?]) {
        self.sweep = sweep
        self.tests = tests
        var level = Double.nan
        for test in tests {
            guard let test, let record = test.record, record.status == .succeeded, let result = test.result else {
                continue
            }
            let cash = record.spec.configuration.initialCash
            if level.isNaN {
                level = cash
                initialCash = cash
            }
            let scale = level / cash
            for point in result.equity { equity.append((point.timestamp, point.equity * scale)) }
            if let last = equity.last { level = last.equity }
        }
    }

    /// The stitched curve's deepest fall from a running peak (the initial cash included), 0…1.
    var maxDrawdown: Double {
        var peak = initialCash
        var deepest = 0.0
        for point in equity {
            peak = max(peak, point.equity)
            deepest = max(deepest, 1 - point.equity / peak)
        }
        return deepest
    }

    /// The document, in `precision`.
    func json(_ precision: Precision) -> JSONValue {
        let spec = sweep.spec
        let windows = (sweep.walkForward?.windows ?? []).enumerated().map { k, window in
            windowJSON(k, window, test: tests.indices.contains(k) ? tests[k] : nil, precision)
        }
        let final = equity.last?.equity ?? initialCash
        var object = JSONObject()
        object.append("sweep", .string(sweep.id))
        object.append("walk_forward", spec.walkForward?.json ?? .null)
        object.append("windows", .array(windows))
        object.append(
            "out_of_sample",
            .object([
                "initial_cash": BacktestRecord.statistic(initialCash, .money, precision),
                "final_equity": BacktestRecord.statistic(equity.isEmpty ? nil : final, .money, precision),
                "total_return": BacktestRecord.statistic(
                    equity.isEmpty ? nil : final / initialCash - 1, .ratio, precision),
                "max_drawdown": BacktestRecord.statistic(equity.isEmpty ? nil : maxDrawdown, .ratio, precision),
                "bars": .int(equity.count),
                "equity": .array(
                    equity.map { point in
                        .object([
                            "timestamp": .string(UTCTime.format(point.timestamp)),
                            "equity": BacktestRecord.statistic(point.equity, .money, precision),
                        ])
                    }),
            ]))
        return .object(object)
    }

    private func windowJSON(
        _ k: Int, _ window: WalkForwardState.Window, test: Test?, _ precision: Precision
    ) -> JSONValue {
        func part(_ bars: Range<Int>, _ span: ClosedRange<Int64>) -> JSONValue {
            .object([
                "start_bar": .int(bars.lowerBound), "end_bar": .int(bars.upperBound),
                "first": .string(UTCTime.format(span.lowerBound)), "last": .string(UTCTime.format(span.upperBound)),
            ])
        }
        let spec = sweep.spec
        let unit = Metrics.fields.first { $0.name == spec.walkForward?.objective.metric }?.unit ?? .ratio
        var object = JSONObject()
        object.append("window", .int(k))
        object.append("train", part(window.bars.train, window.trainSpan))
        object.append("test", part(window.bars.test, window.testSpan))
        object.append("decided", .bool(window.decided))
        object.append("combination", window.chosen.map(JSONValue.int) ?? .null)
        object.append(
            "parameters",
            window.chosen.map { c in
                .object(JSONObject(members: zip(spec.axes, spec.values(of: c)).map { ($0.name, $1) }))
            } ?? .null)
        object.append("train_value", BacktestRecord.statistic(window.chosenValue, unit, precision))
        object.append("backtest", .optional(window.test))
        object.append("status", .optional(test?.record?.status.rawValue ?? (window.test == nil ? nil : "removed")))
        let summary = test?.record?.summary
        object.append(
            "test_summary",
            summary.map { metrics in
                .object(
                    JSONObject(
                        members: ["final_equity", "total_return", "sharpe", "max_drawdown", "fills"].compactMap {
                            name in
                            Metrics.fields.first { $0.name == name }.map { field in
                                (name, BacktestRecord.statistic(field.get(metrics), field.unit, precision))
                            }
                        }))
            } ?? .null)
        object.append("note", .optional(window.note))
        object.append("overfitting", window.statistics?.json ?? .null)
        return .object(object)
    }
}
