// LoopbackHTTP: the small requests the sweep timing sends to a local `backtestd` (submit, long-poll,
// results, child records), each on its own connection (`Connection: close`, read to the end, the
// socket helpers of UploadTiming), with a chunked body decoded.
import BacktestService
import Foundation

/// One answer of the server.
struct LoopbackAnswer {
    /// The status code.
    let status: Int
    /// The body, chunked transfer coding removed.
    let body: [UInt8]

    /// The body parsed as JSON (nil when it is not).
    var json: JSONValue? { try? JSONParser.parse(body) }

    /// The body as text, for messages.
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// HTTP/1.1 over loopback, one connection per request.
enum LoopbackHTTP {
    /// Sends `method path` (with `body` as `contentType` when given) and reads the whole answer.
    static func request(
        _ method: String, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json",
        port: UInt16
    ) throws -> LoopbackAnswer {
        let fd = try UploadTiming.connect(port: port)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        if let body { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n" }
        try UploadTiming.send(Array((head + "\r\n").utf8) + (body ?? []), fd)
        return try parse(UploadTiming.receiveAll(fd))
    }

    /// Splits a raw answer into its status and body.
    static func parse(_ raw: [UInt8]) throws -> LoopbackAnswer {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = raw.firstRange(of: separator) else {
            throw UploadTimingError(description: "no header end in the answer: \(raw.count) bytes")
        }
        let head = String(decoding: raw[..<end.lowerBound], as: UTF8.self).lowercased()
        let statusLine = head.split(separator: "\r\n").first ?? ""
        guard let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw UploadTimingError(description: "no status in \(statusLine)")
        }
        let rest = Array(raw[end.upperBound...])
        let chunked = head.split(separator: "\r\n").contains {
            $0.hasPrefix("transfer-encoding:") && $0.contains("chunked")
        }
        return LoopbackAnswer(status: status, body: chunked ? try dechunk(rest) : rest)
    }

    /// The payload of a chunked body.
    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while let lineEnd = bytes[i...].firstRange(of: [13, 10]) {
            let sizeText = String(decoding: bytes[i..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else {
                throw UploadTimingError(description: "bad chunk size \(sizeText)")
            }
            if size == 0 { return out }
            let start = lineEnd.upperBound
            guard start + size <= bytes.count else { throw UploadTimingError(description: "truncated chunk") }
            out += bytes[start..<start + size]
            i = start + size + 2
        }
        throw UploadTimingError(description: "chunked body without its last chunk")
    }
}
