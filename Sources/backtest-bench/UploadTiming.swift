// UploadTiming: CSV uploads as a client meets them: a release `backtestd` started as its own process
// (durable store in a scratch directory, or `--in-memory`), the CSV POSTed over loopback from a
// plain socket, timed from the first byte sent to the last byte of the answer; the server's peak
// resident memory read from /proc afterwards (VmHWM). A fresh server per run, so that each peak is
// the upload's own.
import Foundation

/// Times uploads of one CSV through a `backtestd` process.
struct UploadTiming {
    /// The server executable.
    let server: String
    /// Extra server arguments (the store to use).
    let arguments: [String]

    /// One upload: MB/s over the wall time and the server's peak RSS in bytes.
    func run(_ csv: [UInt8]) throws -> (rate: Double, peakRSS: Int, seconds: Double) {
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = ["--port", String(port), "--log-level", "warning"] + arguments
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        try Self.waitUntilServing(port: port)
        let start = ContinuousClock.now
        let answer = try Self.post(csv, port: port)
        let elapsed = ContinuousClock.now - start
        guard answer.hasPrefix("HTTP/1.1 201") else {
            throw UploadTimingError(description: "upload not accepted: \(answer.prefix(300))")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (Double(csv.count) / 1e6 / seconds, Self.peakRSS(pid: process.processIdentifier), seconds)
    }

    /// POSTs `body` as text/csv and reads the whole answer (the server closes after it).
    static func post(_ body: [UInt8], port: UInt16) throws -> String {
        let fd = try connect(port: port)
        defer { close(fd) }
        let head =
            "POST /v1/datasets HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Content-Type: text/csv\r\nContent-Length: \(body.count)\r\n\r\n"
        try send(Array(head.utf8), fd)
        try send(body, fd)
        return String(decoding: receiveAll(fd), as: UTF8.self)
    }

    /// Every byte the peer sends until it closes the connection.
    static func receiveAll(_ fd: Int32) -> [UInt8] {
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return answer
    }

    static func send(_ bytes: [UInt8], _ fd: Int32) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + sent, min(1 << 20, bytes.count - sent), 0)
            }
            guard n > 0 else { throw UploadTimingError(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw UploadTimingError(description: "connect failed: errno \(errno)")
        }
        return fd
    }

    /// A port nobody listens on now (bound to 0 and released).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                Glibc.bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw UploadTimingError(description: "no free port: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    static func waitUntilServing(port: UInt16) throws {
        for _ in 0..<500 {
            if let fd = try? connect(port: port) {
                close(fd)
                return
            }
            usleep(20_000)
        }
        throw UploadTimingError(description: "the server did not start on port \(port)")
    }

    /// VmHWM of a process, in bytes (0 when unreadable).
    static func peakRSS(pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}

struct UploadTimingError: Error, CustomStringConvertible {
    let description: String
}
