// The sweep comparison (issue 16): a 1,000-combination grid of the threshold template (entry level
// x exit level x confidence minimum, 10 values each) over synthetic daily bars, timed through a
// release server (durable store and in memory) and through vectorbt's `from_signals` broadcast as
// columns, in one run: medians, the ratios, the engine alone on a sample of the combinations, where
// the server's time went, and every combination's final equity compared between the two.
import BacktestEngine
import BacktestFixtures
import BacktestService
import Foundation

extension Bench {
    /// The grid, in the order the server combines it (the last path varies fastest).
    static let sweepAxes: [(path: String, values: [Double])] = [
        ("strategy.params.entry_above", [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]),
        ("strategy.params.exit_below", [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]),
        ("strategy.params.filters[0].value", [0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]),
    ]

    /// The sweep's grid member.
    static var sweepGrid: JSONValue {
        .object(JSONObject(members: sweepAxes.map { ($0.path, .array($0.values.map(JSONValue.number))) }))
    }

    /// The canonical strategy as a backtest spec on `dataset`; the grid sets its three levels.
    static func sweepBase(_ dataset: String) -> JSONValue {
        let filter: JSONValue = .object(["column": .string("confidence"), "op": .string(">"), "value": .number(0.7)])
        let params: JSONValue = .object([
            "signal": .string("ml_pred"), "entry_above": .number(0.8), "exit_below": .number(0.4),
            "filters": .array([filter]),
            "sizing": .object(["method": .string("equal_initial"), "fraction": .number(0.95)]),
        ])
        return .object([
            "dataset": .string(dataset),
            "strategy": .object(["template": .string("threshold"), "params": params]),
            "execution": .object([
                "fill": .string("next_open"),
                "commission": .object(["model": .string("percent"), "rate": .number(0.001)]),
            ]),
            "account": .object(["initial_cash": .number(1_000_000)]),
        ])
    }

    /// The values of combination `c`, one per axis.
    static func sweepValues(_ c: Int) -> [Double] {
        var rest = c
        var values = [Double](repeating: 0, count: sweepAxes.count)
        for (i, axis) in sweepAxes.enumerated().reversed() {
            values[i] = axis.values[rest % axis.values.count]
            rest /= axis.values.count
        }
        return values
    }

    /// Runs the comparison: the server in both stores (when `--sweep-server`), vectorbt (when
    /// `--sweep-vectorbt`), the engine alone for reference, and the equities compared.
    func measureSweep() throws {
        let combinations = Self.sweepAxes.reduce(1) { $0 * $1.values.count }
        let events = Double(combinations * sweepAssets * sweepBars)
        let axes = Self.sweepAxes.map { "\($0.values.count) \($0.path)" }.joined(separator: " x ")
        print(
            "sweep: \(combinations) combinations (\(axes)) over \(sweepAssets) assets x \(sweepBars) daily bars"
                + String(format: " = %.1f M bar-events; %d runs", events / 1e6, runs))
        let csv = SweepData.daily(assets: sweepAssets, bars: sweepBars, seed: seed)
        if let sweepWriteCSV {
            try Data(csv).write(to: URL(fileURLWithPath: sweepWriteCSV))
            return print("wrote \(sweepWriteCSV)")
        }
        let data = try parse(csv)
        let engine = SweepData.engineAlone(data, combinations: combinations, sample: 50)
        print(
            String(
                format:
                    "engine alone (in process, one thread, %d of the combinations): mean %.2f ms per child = %.1f M bar-events/s; %d children on %d workers: %.2f s",
                engine.sampled, engine.meanSeconds * 1e3, Double(data.rowCount) / engine.meanSeconds / 1e6,
                combinations, sweepWorkers, engine.meanSeconds * Double(combinations) / Double(sweepWorkers)))
        var server: [(label: String, median: Double, last: SweepTiming.Run)] = []
        if let sweepServer {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bench-sweep-\(UUID())")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let stores = [("durable", ["--data-dir", scratch.path]), ("in-memory", ["--in-memory"])]
            let chosen = sweepStores.split(separator: ",").map(String.init)
            for (label, store) in stores where chosen.contains(label) {
                var timed: [SweepTiming.Run] = []
                for run in 0..<runs {
                    let arguments = store.map { $0 == scratch.path ? scratch.path + "/\(run)" : $0 }
                    let timing = SweepTiming(
                        server: sweepServer, arguments: arguments + ["--workers", String(sweepWorkers)],
                        attach: sweepAttach?.replacingOccurrences(of: "{store}", with: label))
                    timed.append(try timing.run(csv: csv, base: Self.sweepBase, grid: Self.sweepGrid))
                }
                let median = SweepReport.server(label, timed, workers: sweepWorkers, events: events)
                server.append((label, median, timed.last!))
            }
        }
        guard let sweepVectorbt else { return }
        let peer = try SweepPeer.vectorbt(
            script: sweepVectorbt, python: python, csv: csv, grid: Self.sweepGrid, runs: runs, chunk: sweepChunk)
        SweepReport.vectorbt(peer, events: events)
        for (label, median, _) in server {
            print(
                "vectorbt / server, \(label): "
                    + String(
                        format:
                            "%.1fx (from_signals); %.1fx (its numba simulation alone); %.1fx (from_signals with its inputs and final_value)",
                        peer.simulateSeconds / median, peer.kernelSeconds / median,
                        (peer.prepareSeconds + peer.simulateSeconds + peer.finalValueSeconds) / median))
        }
        for (label, _, last) in server {
            SweepReport.compare(label, last, peer, combinations: combinations)
        }
    }
}
