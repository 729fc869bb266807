// The benchmark program: engine speed (bar-events per second) on the canonical strategy and on
// top_k (k = 10 every 60 bars), CSV ingest throughput (MB/s) and CSV rendering of the results
// (MB/s, per precision), medians over several runs, measured in one process; or, with --sweep-server
// or --sweep-vectorbt, a 1,000-combination sweep through a release server against vectorbt
// (Bench+Sweep.swift). Speed is shown here and recorded in the README, never asserted in tests.
import ArgumentParser
import BacktestEngine
import BacktestFixtures
import BacktestService
import Foundation

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest-bench",
        abstract:
            "Measure the engine (bar-events/s), CSV ingest and result rendering (MB/s) on synthetic canonical data.")

    @Option(help: "Assets in the synthetic dataset.")
    var assets = 100

    @Option(help: "Bars (timestamps) per asset; 98,280 is a year of minute bars.")
    var bars = 98_280

    @Option(help: "Timed runs of each measurement; the median is reported.")
    var runs = 5

    @Option(help: "Seed of the synthetic data.")
    var seed: UInt64 = 1

    @Flag(help: "Skip the CSV ingest measurement.")
    var skipIngest = false

    @Option(
        help: """
            Path of a release backtestd: also time uploads of the CSV through HTTP on loopback, into the \
            durable store and into --in-memory, with the server's peak RSS.
            """)
    var uploadServer: String?

    @Option(help: "Write the synthetic CSV to this path and exit (to upload it with curl, say).")
    var writeCSV: String?

    @Flag(help: "Skip the CSV rendering measurement (result downloads, each precision).")
    var skipRender = false

    @Flag(help: "Skip the realistic configuration (position rules, slippage, participation).")
    var skipRealistic = false

    @Flag(help: "Skip the top_k template (k = 10 every 60 bars on ml_pred).")
    var skipTopK = false

    @Flag(help: "Skip the rules template (four clauses, two rolling functions).")
    var skipRules = false

    @Option(help: "The rules template's entry expression.")
    var rulesEntry = "ml_pred > 0.8 and confidence > 0.7 and sma(ml_pred, 20) > 0.45 and close > sma(close, 60)"

    @Option(help: "The rules template's exit expression.")
    var rulesExit = "ml_pred < 0.4"

    @Option(
        help:
            "Path of Tests/EndToEndTests/Peers/backtrader_canonical.py: also time backtrader on a slice and print the ratio."
    )
    var backtrader: String?

    @Option(help: "Assets in the slice given to backtrader (it runs about 12k bar-events/s).")
    var peerAssets = 10
    @Option(help: "Bars in the backtrader slice.")
    var peerBars = 2_000

    @Option(help: "Path of Tests/EndToEndTests/Peers/vectorbt_canonical.py: also time vectorbt and print the ratio.")
    var vectorbt: String?

    @Option(help: "Assets in the slice given to vectorbt.")
    var vectorbtAssets = 100
    @Option(help: "Bars in the vectorbt slice.")
    var vectorbtBars = 20_000

    @Option(
        help: """
            Path of a release backtestd: instead of everything else, time a 1,000-combination sweep of the \
            threshold template through it (durable store and --in-memory), POST to finished.
            """)
    var sweepServer: String?

    @Option(
        help: """
            Path of Tests/EndToEndTests/Peers/vectorbt_sweep.py: in the sweep mode, also time vectorbt on the \
            same grid broadcast as columns, print the ratios and compare every combination's final equity.
            """)
    var sweepVectorbt: String?

    @Option(help: "Assets in the sweep's dataset.")
    var sweepAssets = 100

    @Option(help: "Daily bars in the sweep's dataset.")
    var sweepBars = 1_260

    @Option(help: "The sweep server's stores to time, comma-separated: durable, in-memory.")
    var sweepStores = "durable,in-memory"

    @Option(help: "Engine workers of the sweep's server.")
    var sweepWorkers = 2

    @Option(
        help: """
            Combinations per from_signals call in the vectorbt sweep; 0: all in one call (about 9 GB resident \
            at 1,000 x 100 x 1,260, and slower here than calls of 50).
            """)
    var sweepChunk = 50

    @Option(
        help: """
            A command run with the sweep server's pid appended from just before the POST to the finished \
            sweep, then sent SIGINT (a profiler, e.g. "strace -c -f -o /tmp/strace-{store}.txt -p"; {store} \
            becomes durable or in-memory).
            """)
    var sweepAttach: String?

    @Option(help: "Write the sweep's daily CSV (--sweep-assets x --sweep-bars) to this path and exit.")
    var sweepWriteCSV: String?

    @Option(help: "The Python interpreter of the vectorbt sweep script (one with vectorbt installed).")
    var python = "python3"

    func run() throws {
        if sweepServer != nil || sweepVectorbt != nil || sweepWriteCSV != nil { return try measureSweep() }
        print("backtest-bench: \(assets) assets x \(bars) bars, \(runs) runs each (median reported)")
        var clock = ContinuousClock.now
        let csv = SyntheticCSV.canonical(assets: assets, bars: bars, seed: seed)
        print(String(format: "generated %.1f MB of CSV in %.2f s", Double(csv.count) / 1e6, seconds(since: clock)))
        if let writeCSV {
            try Data(csv).write(to: URL(fileURLWithPath: writeCSV))
            print("wrote \(writeCSV)")
            return
        }

        clock = .now
        var data = try parse(csv)
        print(
            String(
                format: "first parse %.2f s: %d rows, %d timestamps", seconds(since: clock), data.rowCount,
                data.timestamps.count))

        if !skipIngest {
            var rates: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                data = try parse(csv)
                rates.append(Double(csv.count) / 1e6 / seconds(since: start))
            }
            report("CSV ingest", rates, unit: "MB/s")
        }
        if let uploadServer { try measureUploads(csv, server: uploadServer) }

        let configuration = BacktestConfiguration(
            initialCash: 1_000_000, fill: .nextOpen, commission: .percent(rate: 0.001),
            strategy: .threshold(
                ThresholdParameters(
                    signal: "ml_pred", entryAbove: 0.8, exitBelow: 0.4,
                    filters: [Filter(column: "confidence", op: .greater, value: 0.7)],
                    sizing: .equalInitial(fraction: 0.95))))
        let (engineRate, last) = measure("engine, canonical strategy", configuration, on: data)
        // The same strategy with what a realistic run adds: position rules, slippage, a volume cap.
        if !skipRealistic { measureRealistic(configuration, canonicalRate: engineRate, on: data) }
        if !skipTopK { measureTopK(canonicalRate: engineRate, on: data) }
        if !skipRules { measureRules(canonicalRate: engineRate, on: data) }
        if !skipRender, let last {
            for precision in Precision.allCases {
                let timed = (0..<runs).map { _ in RenderTiming.rate(of: last, precision: precision) }
                report("CSV rendering, precision=\(precision.rawValue)", timed.map(\.rate), unit: "MB/s")
                print(String(format: "  (%.1f MB for the result tables)", Double(timed[0].bytes) / 1e6))
            }
        }
        if let backtrader {
            let peerRate = try PeerTiming.backtrader(script: backtrader, assets: peerAssets, bars: peerBars, seed: seed)
            print(
                String(
                    format:
                        "backtrader on %d x %d bars: %.0f bar-events/s (wall time of the script); engine/backtrader = %.0fx",
                    peerAssets, peerBars, peerRate, engineRate / peerRate))
        }
        if let vectorbt {
            let peerRate = try PeerTiming.vectorbt(
                script: vectorbt, assets: vectorbtAssets, bars: vectorbtBars, seed: seed, runs: runs)
            print(
                String(
                    format:
                        "vectorbt from_signals on %d x %d bars: median %.2f M bar-events/s (numba warm, arrays in memory); engine/vectorbt = %.1fx",
                    vectorbtAssets, vectorbtBars, peerRate / 1e6, engineRate / peerRate))
        }
    }

    /// The canonical strategy with position rules, 2 bps slippage and a 10 % participation limit.
    private func measureRealistic(_ canonical: BacktestConfiguration, canonicalRate: Double, on data: MarketData) {
        var realistic = canonical
        realistic.risk = PositionRules(stopLoss: 0.02, takeProfit: 0.04, maxBars: 60)
        realistic.slippage = .fixedBps(2)
        realistic.participation = Participation(maxFraction: 0.1)
        let (rate, _) = measure(
            "engine, canonical + risk (SL 2 %, TP 4 %, 60 bars) + 2 bps slippage + 10 % participation", realistic,
            on: data)
        print(String(format: "  (%.2f of the canonical rate, same run)", rate / canonicalRate))
    }

    /// top_k on `ml_pred`, k = 10, rebalanced every 60 bars, 95 % of equity at equal weights, with the
    /// canonical cash and commission.
    private func measureTopK(canonicalRate: Double, on data: MarketData) {
        let configuration = BacktestConfiguration(
            initialCash: 1_000_000, fill: .nextOpen, commission: .percent(rate: 0.001),
            strategy: .topK(TopKParameters(signal: "ml_pred", k: 10, rebalance: .everyBars(60))))
        let (rate, _) = measure("engine, top_k (k = 10 every 60 bars, equal weights)", configuration, on: data)
        print(String(format: "  (%.2f of the canonical rate, same run)", rate / canonicalRate))
    }

    /// The rules template (by default a four-clause entry over signals, a rolling mean of a signal
    /// and one of the close) with the canonical cash, sizing and commission; its rolling columns are
    /// computed inside the timed run, as a job computes them.
    private func measureRules(canonicalRate: Double, on data: MarketData) {
        let configuration = BacktestConfiguration(
            initialCash: 1_000_000, fill: .nextOpen, commission: .percent(rate: 0.001),
            strategy: .rules(
                RulesParameters(entry: rulesEntry, exit: rulesExit, sizing: .equalInitial(fraction: 0.95))))
        let (rate, _) = measure("engine, rules (entry \(rulesEntry); exit \(rulesExit))", configuration, on: data)
        print(String(format: "  (%.2f of the canonical rate, same run)", rate / canonicalRate))
    }

    /// Runs `configuration` `runs` times, start to finish (validation, simulation, result), and reports
    /// the median bar-events/s; returns it with the last result.
    @discardableResult
    private func measure(
        _ label: String, _ configuration: BacktestConfiguration, on data: MarketData
    ) -> (
        Double, BacktestResult?
    ) {
        var rates: [Double] = []
        var last: BacktestResult?
        for _ in 0..<runs {
            let start = ContinuousClock.now
            guard let backtest = try? Backtest(data: data, context: nil, configuration: configuration) else {
                print("\(label): the configuration does not fit the data")
                return (0, nil)
            }
            let result = backtest.finish()
            rates.append(Double(data.rowCount) / seconds(since: start))
            last = result
        }
        let rate = report(label, rates, unit: "bar-events/s")
        if let last {
            print(
                String(
                    format: "  (%d fills, %d orders, final equity %.2f; one worker thread)", last.fills.count,
                    last.orders.count, last.metrics.finalEquity))
        }
        return (rate, last)
    }

    private func measureUploads(_ csv: [UInt8], server: String) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (label, arguments) in [("durable store", ["--data-dir", scratch.path]), ("in-memory", ["--in-memory"])] {
            var rates: [Double] = []
            var peaks: [Int] = []
            for run in 0..<runs {
                let timing = UploadTiming(
                    server: server, arguments: arguments.map { $0 == scratch.path ? scratch.path + "/\(run)" : $0 })
                let result = try timing.run(csv)
                rates.append(result.rate)
                peaks.append(result.peakRSS)
            }
            report("upload through HTTP, \(label)", rates, unit: "MB/s")
            print(
                String(
                    format: "  (%.1f MB per upload; server peak RSS median %.2f GiB, max %.2f GiB)",
                    Double(csv.count) / 1e6, Double(peaks.sorted()[peaks.count / 2]) / Double(1 << 30),
                    Double(peaks.max() ?? 0) / Double(1 << 30)))
        }
    }

    func parse(_ csv: [UInt8]) throws -> MarketData {
        let parsed = csv.withUnsafeBytes { bytes in
            Result { () throws(IngestError) -> MarketData in try CSVIngest.bars(bytes) }
        }
        switch parsed {
        case .success(let data): return data
        case .failure(let error): throw ValidationError("ingest failed: \(error.problems.first?.message ?? "")")
        }
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    @discardableResult
    private func report(_ what: String, _ values: [Double], unit: String) -> Double {
        let sorted = values.sorted()
        let median = sorted[sorted.count / 2]
        let fmt = { (x: Double) in x >= 1e6 ? String(format: "%.2f M", x / 1e6) : String(format: "%.1f", x) }
        print("\(what): median \(fmt(median)) \(unit) (min \(fmt(sorted.first!)), max \(fmt(sorted.last!)))")
        return median
    }
}
