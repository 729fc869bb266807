// SweepTiming: a parameter sweep as a client meets it. A release `backtestd` is started on
// loopback (durable store in a scratch directory, or `--in-memory`, with the workers asked for),
// the bars are uploaded, the grid is POSTed to /v1/sweeps and long-polled until it has finished;
// the time runs from the first byte of the POST to the answer that says finished. Afterwards (not
// timed) the results table is read, and every child's start and finish as the server stamped them,
// for a profile of where the time went.
import BacktestService
import Foundation

/// One timed sweep through a fresh server.
struct SweepTiming {
    /// The server executable.
    let server: String
    /// Extra server arguments (store and workers).
    let arguments: [String]
    /// A command run with the server's pid appended (a profiler: `strace -c -f -o FILE -p`), from
    /// just before the POST until the sweep has finished, then stopped with SIGINT.
    let attach: String?

    /// What one run measured.
    struct Run {
        /// First byte of the POST to the answer saying the sweep finished.
        let seconds: Double
        /// First byte of the POST to its 202.
        let submitSeconds: Double
        let status: String
        /// The sweep's `finished_at - created_at`, by the server's clock.
        let serverSeconds: Double
        /// Per combination, in order: `final_equity` (nil when the child has none) and its parameters.
        let finalEquity: [Double?]
        let parameters: [[Double]]
        /// Per child: `finished_at - started_at`; and the server's times of the sweep and children.
        let childSeconds: [Double]
        let firstStart: Double
        let lastFinish: Double
        let created: Double
        let finished: Double
        let peakRSS: Int
    }

    /// Starts a server, uploads `csv`, runs the sweep of `grid` over `base` (`DATASET` for the
    /// dataset's id) and reads its results and children.
    func run(csv: [UInt8], base: (String) -> JSONValue, grid: JSONValue) throws -> Run {
        let port = try UploadTiming.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = ["--port", String(port), "--log-level", "warning"] + arguments
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        try UploadTiming.waitUntilServing(port: port)
        let uploaded = try LoopbackHTTP.parse(Array(UploadTiming.post(csv, port: port).utf8))
        guard uploaded.status == 201, let dataset = uploaded.json?["id"]?.stringValue else {
            throw UploadTimingError(description: "upload not accepted: \(uploaded.text.prefix(300))")
        }
        let body = JSONWriter.encode(.object(["base": base(dataset), "grid": grid]))
        let profiler = try attach.map { try Self.start($0, pid: process.processIdentifier) }
        let start = ContinuousClock.now
        let submitted = try LoopbackHTTP.request("POST", "/v1/sweeps", body: body, port: port)
        let submitSeconds = Self.seconds(since: start)
        guard submitted.status == 202, let id = submitted.json?["id"]?.stringValue else {
            throw UploadTimingError(description: "sweep not accepted: \(submitted.text.prefix(300))")
        }
        var sweep: JSONValue
        repeat {
            sweep = try LoopbackHTTP.request("GET", "/v1/sweeps/\(id)?wait=30", port: port).json ?? .null
        } while !["succeeded", "failed", "cancelled"].contains(sweep["status"]?.stringValue ?? "")
        let seconds = Self.seconds(since: start)
        if let profiler {
            kill(profiler.processIdentifier, SIGINT)
            profiler.waitUntilExit()
        }
        let peak = UploadTiming.peakRSS(pid: process.processIdentifier)
        let axes: [String] = if case .object(let o) = grid { o.keys } else { [] }
        return try read(
            sweep, id: id, axes: axes, port: port, seconds: seconds, submitSeconds: submitSeconds, peakRSS: peak)
    }

    /// The results and the children's times of a finished sweep.
    private func read(
        _ sweep: JSONValue, id: String, axes: [String], port: UInt16, seconds: Double, submitSeconds: Double,
        peakRSS: Int
    ) throws -> Run {
        let results = try LoopbackHTTP.request("GET", "/v1/sweeps/\(id)/results?precision=full&limit=10000", port: port)
        let rows = results.json?["items"]?.arrayValue ?? []
        let children = sweep["children"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var childSeconds: [Double] = []
        var firstStart = Double.infinity
        var lastFinish = -Double.infinity
        for child in children {
            let record = try LoopbackHTTP.request("GET", "/v1/backtests/\(child)", port: port).json
            guard let started = Self.time(record?["started_at"]), let finished = Self.time(record?["finished_at"])
            else { continue }
            childSeconds.append(finished - started)
            firstStart = min(firstStart, started)
            lastFinish = max(lastFinish, finished)
        }
        let created = Self.time(sweep["created_at"]) ?? .nan
        let finished = Self.time(sweep["finished_at"]) ?? .nan
        var finalEquity = [Double?](repeating: nil, count: children.count)
        var parameters = [[Double]](repeating: [], count: children.count)
        for row in rows {
            guard let c = row["combination"]?.numberValue.map(Int.init), children.indices.contains(c) else { continue }
            finalEquity[c] = row["final_equity"]?.numberValue
            parameters[c] = axes.map { row[$0]?.numberValue ?? .nan }
        }
        return Run(
            seconds: seconds, submitSeconds: submitSeconds, status: sweep["status"]?.stringValue ?? "?",
            serverSeconds: finished - created, finalEquity: finalEquity, parameters: parameters,
            childSeconds: childSeconds, firstStart: firstStart, lastFinish: lastFinish, created: created,
            finished: finished, peakRSS: peakRSS)
    }

    /// Starts `command` (split on spaces) with `pid` appended.
    private static func start(_ command: String, pid: Int32) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command.split(separator: " ").map(String.init) + [String(pid)]
        try process.run()
        usleep(500_000) // let it attach before the sweep starts
        return process
    }

    /// Epoch seconds of a server time `2026-12-03T17:44:55.123Z` (milliseconds kept).
    static func time(_ value: JSONValue?) -> Double? {
        guard let text = value?.stringValue, let dot = text.firstIndex(of: ".") else { return nil }
        guard let whole = UTCTime.parse(String(text[..<dot]) + "Z") else { return nil }
        let millis = Double(text[text.index(after: dot)...].dropLast()) ?? 0
        return Double(whole) + millis / 1000
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
