// HTTPServerError: why an HTTPServer could not start, with a stable code per case.

/// Why `HTTPServer.start()` failed.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `start()` was called on a server that is running or was shut down.
    case alreadyStarted
    /// A configuration value is out of range; the text names it.
    case invalidConfiguration(String)
    /// The host is not a numeric IPv4/IPv6 address (nor `localhost`).
    case invalidHost(String)
    /// Another socket holds the address.
    case addressInUse(host: String, port: UInt16)
    /// libmicrohttpd refused to start; `errno` as it stood then (0 if none).
    case startFailed(errno: Int32)

    /// A stable, machine-readable code for logs and metrics.
    public var code: String {
        switch self {
        case .alreadyStarted: "already_started"
        case .invalidConfiguration: "invalid_configuration"
        case .invalidHost: "invalid_host"
        case .addressInUse: "address_in_use"
        case .startFailed: "start_failed"
        }
    }

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .alreadyStarted: "the server was already started"
        case .invalidConfiguration(let why): "invalid configuration: \(why)"
        case .invalidHost(let host): "'\(host)' is not a numeric IPv4 or IPv6 address"
        case .addressInUse(let host, let port): "\(host):\(port) is already in use"
        case .startFailed(let errno): "libmicrohttpd could not start the daemon (errno \(errno))"
        }
    }
}
