// EarlyAnswer: writes a complete response straight to a connection's socket, for the one case
// libmicrohttpd 0.9.75 cannot queue one: a body refused part way through (it accepts a response only
// before the body or after its end). The connection is closed right after, so nothing else is sent.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes a response with a whole body as HTTP/1.1 with `Connection: close` and sends it.
enum EarlyAnswer {
    /// Sends `response` on `socket`; false when the socket's send buffer did not take it whole (the
    /// client then sees the connection close). Meant for small problem answers; a streamed body is
    /// sent as its headers only.
    static func write(_ response: Response, to socket: Int32) -> Bool {
        guard socket >= 0 else { return false }
        let body: [UInt8]
        if case .bytes(let bytes) = response.body { body = bytes } else { body = [] }
        var head = "HTTP/1.1 \(response.status.rawValue) \(response.status.reasonPhrase)\r\n"
        for (name, value) in response.headers where ResponseSubmitter.isSendable(name: name, value: value) {
            guard !HTTPHeaders.sameName(name, "Connection") else { continue }
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes {
                send(socket, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                sent += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        // The client reads the answer to its end before the close (which may reset what it still sends).
        shutdown(socket, Int32(SHUT_WR))
        return true
    }
}
