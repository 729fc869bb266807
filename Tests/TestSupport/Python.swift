// Runs the Python peer scripts (backtrader, the data generator, the comparer) from tests.
import Foundation

/// Runs Python scripts and reports their output.
public enum Python {
    /// What a script printed and how it ended.
    public struct Outcome: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output and standard error, interleaved.
        public var output: String
    }

    /// Runs `python3 script args…` and waits for it; stdout and stderr together in `output`.
    public static func run(_ script: URL, _ arguments: [String]) throws -> Outcome {
        try runTool("python3", [script.path] + arguments)
    }

    /// Runs an installed command-line tool (`openapi-python-client`, `ruff`) found on `PATH` and waits
    /// for it; stdout and stderr together in `output`.
    public static func runTool(_ tool: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `runTool` on a dispatch thread, for async tests: waiting for a process inside a task would
    /// hold one of the few threads of Swift's cooperative pool for as long as the process runs, and
    /// the other tests' requests would wait behind it.
    public static func runToolOffPool(_ tool: String, _ arguments: [String]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runTool(tool, arguments) })
            }
        }
    }

    /// `run` on a dispatch thread, for async tests (see `runToolOffPool`).
    public static func runOffPool(_ script: URL, _ arguments: [String]) async throws -> Outcome {
        try await runToolOffPool("python3", [script.path] + arguments)
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bt-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
