// Runs Tests/EndToEndTests/Peers/vectorbt_sweep.py on the sweep's data and grid: its timing line
// (from_signals, the numba simulation inside it, the inputs it builds, final_value; medians of warm
// runs) and its final equity per combination.
import BacktestService
import Foundation

/// What the vectorbt sweep script measured.
struct SweepPeer {
    let simulateSeconds: Double
    let kernelSeconds: Double
    let prepareSeconds: Double
    let finalValueSeconds: Double
    let chunk: Int
    /// Per combination, in order: final equity and the parameters it was run with.
    let finalEquity: [Double]
    let parameters: [[Double]]

    /// Writes the data, runs the script with `--time-runs runs`, and reads what it printed and wrote.
    static func vectorbt(
        script: String, python: String, csv: [UInt8], grid: JSONValue, runs: Int, chunk: Int
    ) throws -> SweepPeer {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-sweep-peer-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("bars.csv")
        try Data(csv).write(to: data)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            python, script, "--data", data.path, "--out", dir.path, "--grid", JSONWriter.text(grid),
            "--time-runs", String(runs), "--chunk", String(chunk),
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        fflush(nil) // what the bench printed so far goes out before the script's own lines
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = output.split(separator: "\n").last,
            let timing = try? JSONParser.parse(Array(line.utf8)),
            let simulate = timing["median_seconds"]?.numberValue
        else {
            throw UploadTimingError(description: "\(script) exited with \(process.terminationStatus): \(output)")
        }
        let table = try String(contentsOf: dir.appendingPathComponent("final_equity.csv"), encoding: .utf8)
        let rows = table.split(whereSeparator: \.isNewline).dropFirst().map {
            $0.split(separator: ",").map { Double($0) ?? .nan }
        }
        return SweepPeer(
            simulateSeconds: simulate, kernelSeconds: timing["kernel_median_seconds"]?.numberValue ?? .nan,
            prepareSeconds: timing["prepare_median_seconds"]?.numberValue ?? .nan,
            finalValueSeconds: timing["final_value_median_seconds"]?.numberValue ?? .nan,
            chunk: Int(timing["chunk"]?.numberValue ?? 0), finalEquity: rows.map { $0.last ?? .nan },
            parameters: rows.map { Array($0.dropFirst().dropLast()) })
    }
}
