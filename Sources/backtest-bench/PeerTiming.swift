// Times a peer engine (backtrader, through the parity script) on a slice of the same synthetic
// data, so the README can quote the ratio measured in the same run as the engine figure.
import BacktestService
import Foundation

/// Wall-clock timing of peer engines.
enum PeerTiming {
    /// Runs `script` on `assets` x `bars` synthetic bars; returns bar-events per second, counting the
    /// script's whole wall time (Python start-up and CSV loading included, a few percent here).
    static func backtrader(script: String, assets: Int, bars: Int, seed: UInt64) throws -> Double {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-peer-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("slice.csv")
        try Data(SyntheticCSV.canonical(assets: assets, bars: bars, seed: seed)).write(to: csv)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--data", csv.path, "--out", dir.appendingPathComponent("out").path]
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        guard process.terminationStatus == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSLocalizedDescriptionKey: "\(script) exited with \(process.terminationStatus)"])
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Double(assets * bars) / seconds
    }
}
