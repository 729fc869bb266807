// Times a peer engine (backtrader, through the parity script) on a slice of the same synthetic
// data, so the README can quote the ratio measured in the same run as the engine figure.
import BacktestFixtures
import BacktestService
import Foundation

/// Wall-clock timing of peer engines.
enum PeerTiming {
    /// Runs the backtrader parity script on `assets` x `bars` synthetic bars; returns bar-events per
    /// second over the script's whole wall time (Python start-up and CSV loading included, a few
    /// percent of it at this size).
    static func backtrader(script: String, assets: Int, bars: Int, seed: UInt64) throws -> Double {
        let (seconds, _) = try run(script: script, extra: [], assets: assets, bars: bars, seed: seed)
        return Double(assets * bars) / seconds
    }

    /// Runs the vectorbt parity script with `--time-runs`: bar-events per second of
    /// `Portfolio.from_signals` alone, median of `runs` warm runs (numba compiled, data in arrays).
    static func vectorbt(script: String, assets: Int, bars: Int, seed: UInt64, runs: Int) throws -> Double {
        let (_, output) = try run(
            script: script, extra: ["--time-runs", "\(runs)"], assets: assets, bars: bars, seed: seed)
        guard let line = output.split(separator: "\n").last,
            case .number(let rate)? = try? JSONParser.parse(Array(line.utf8))["bar_events_per_second"]
        else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no timing from \(script)"])
        }
        return rate
    }

    /// Writes the slice, runs `script` on it, and returns its wall time and standard output.
    private static func run(
        script: String, extra: [String], assets: Int, bars: Int, seed: UInt64
    ) throws
        -> (seconds: Double, output: String)
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-peer-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("slice.csv")
        try Data(SyntheticCSV.canonical(assets: assets, bars: bars, seed: seed)).write(to: csv)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", script, "--data", csv.path, "--out", dir.appendingPathComponent("out").path] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        let start = ContinuousClock.now
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        guard process.terminationStatus == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSLocalizedDescriptionKey: "\(script) exited with \(process.terminationStatus)"])
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (seconds, output)
    }
}
