// The real `backtestd` executable as a child process, for tests that kill it (-9, or SIGTERM) and
// start it again on the same data directory.
import Foundation
import Glibc

/// A `backtestd` child process on a loopback port the kernel chose.
public final class ServerProcess: @unchecked Sendable {
    // Unchecked: `Process` is not Sendable; tests touch it from one task at a time.
    private let process = Process()
    private let log: URL
    /// A client for the server.
    public let client: TestClient

    /// The `backtestd` built beside the test bundle.
    public static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("backtestd")
    }

    /// Starts `backtestd --port 0 arguments…` and waits until it says which port it listens on.
    public init(_ arguments: [String], label: String) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("bt-\(label)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = Self.executable
        process.arguments = ["--host", "127.0.0.1", "--port", "0"] + arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        var port: Int?
        for _ in 0..<600 where port == nil {
            usleep(50_000)
            port = Self.port(in: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
            guard process.isRunning else { break }
        }
        guard let port else {
            process.terminate()
            throw ServerProcessError(output: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
        client = TestClient(baseURL: "http://127.0.0.1:\(port)")
    }

    /// The server's resident memory now (`VmRSS`) or at its peak so far (`VmHWM`), in bytes, from /proc.
    public func memory(peak: Bool) -> Int {
        let field = peak ? "VmHWM:" : "VmRSS:"
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
        }
        return 0
    }

    /// The loopback port the server listens on.
    public var port: UInt16 { UInt16(URL(string: client.baseURL)!.port!) }

    /// What the server logged so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    public func stop(_ signal: Int32) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    private static func port(in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.contains("listening") && line.contains("workers=") {
            guard let range = line.range(of: "port=") else { continue }
            return Int(line[range.upperBound...].prefix(while: \.isNumber))
        }
        return nil
    }
}

/// The server exited or never said it listened.
public struct ServerProcessError: Error, CustomStringConvertible {
    /// What it logged.
    public var output: String
    /// The log, for the test's failure message.
    public var description: String { "backtestd did not start:\n\(output)" }
}
