// TestClient: a tiny blocking HTTP/1.1 client over POSIX sockets for the loopback server tests
// (raw sockets keep full control: HEAD, ranges, oversized or aborted bodies, many idle connections).

import MicroHTTP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of the test client itself.
struct ClientError: Error, CustomStringConvertible {
    let description: String
}

/// A parsed HTTP response.
struct RawResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// One client connection to 127.0.0.1.
final class TestConnection {
    let fd: Int32

    /// Connects to 127.0.0.1:`port`, with a receive timeout so a broken test fails instead of hanging.
    init(port: UInt16, receiveTimeoutSeconds: Int = 15) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket() failed") }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
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
            // No close here: every stored property is set, so `deinit` runs when this throws and
            // closes the socket. Closing it here too closed whatever descriptor the number had been
            // given to meanwhile (another test's connection, which then failed with ENOTSOCK).
            throw ClientError(description: "connect() failed: errno \(errno)")
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ClientError(description: "send() failed: errno \(errno)") }
            sent += n
        }
    }

    /// Writes `text` as UTF-8.
    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Reads until the server closes the connection.
    func readToEnd() throws -> [UInt8] {
        var all: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return all }
            if n < 0 {
                if errno == ECONNRESET { return all }
                throw ClientError(description: "recv() failed: errno \(errno) after \(all.count) bytes")
            }
            all.append(contentsOf: chunk[0..<n])
        }
    }

    /// Sends a `Connection: close` request and parses the whole answer.
    func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    )
        throws -> RawResponse
    {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        try send(Array((head + "\r\n").utf8) + body)
        return try readResponse(isHead: method == "HEAD")
    }

    /// Reads to the end and parses the response.
    func readResponse(isHead: Bool = false) throws -> RawResponse {
        try RawResponse.parse(readToEnd(), isHead: isHead)
    }
}

extension RawResponse {
    /// Parses one response (status line, headers, body by Content-Length, chunked, or to the end).
    static func parse(_ raw: [UInt8], isHead: Bool) throws -> RawResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = raw.indices.first(where: { raw[$0...].starts(with: separator) }) else {
            throw ClientError(
                description: "no header end in \(raw.count) bytes: \(String(decoding: raw, as: UTF8.self))")
        }
        let lines = String(decoding: raw[..<end], as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.split(separator: " ").count >= 2,
            let status = Int(statusLine.split(separator: " ")[1])
        else { throw ClientError(description: "bad status line") }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        var body = Array(raw[(end + 4)...])
        if isHead {
            body = []
        } else if headers["Transfer-Encoding"]?.lowercased() == "chunked" {
            body = try dechunk(body)
        } else if let length = headers["Content-Length"].flatMap({ Int($0) }) {
            body = Array(body.prefix(length))
        }
        return RawResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < data.count {
            guard let lineEnd = data[index...].indices.first(where: { data[$0] == 13 }) else { break }
            let sizeText = String(decoding: data[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16) else { throw ClientError(description: "bad chunk size") }
            if size == 0 { return out }
            let start = lineEnd + 2
            guard start + size <= data.count else { throw ClientError(description: "truncated chunk") }
            out.append(contentsOf: data[start..<(start + size)])
            index = start + size + 2
        }
        throw ClientError(description: "missing last chunk")
    }
}
