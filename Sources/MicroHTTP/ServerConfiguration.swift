// ServerConfiguration: the HTTP server's settings as plain data with documented defaults.

/// Settings of an `HTTPServer`; every field has a documented default.
public struct ServerConfiguration: Sendable {
    /// The numeric address to bind: IPv4 (`127.0.0.1`, `0.0.0.0`), IPv6 (`::1`, `::`) or `localhost`.
    /// Default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 picks a free port (read it from `HTTPServer.port` after `start`). Default 8080.
    public var port: UInt16 = 8080
    /// libmicrohttpd worker threads (its internal thread pool). Default 4.
    public var threads: Int = 4
    /// The largest request body accepted; larger ones get `413`. Default 2 GiB.
    public var maxBodyBytes: Int = 2 << 30
    /// Connections served at once, shared evenly by the threads; more wait in the kernel backlog.
    /// Suspended requests count, so keep it well above `maxSuspended`. Default 4096.
    public var connectionLimit: Int = 4096
    /// Seconds before an idle connection is closed; 0 never closes. Suspended ones never time out. Default 60.
    public var idleTimeoutSeconds: Int = 60
    /// Request bodies held or being consumed at once, over every connection; a request that would pass
    /// it gets `503` with `Retry-After` (at once when its `Content-Length` says so). Default 4 GiB.
    public var maxBodyBytesInFlight: Int = 4 << 30
    /// Per-connection buffer; body chunks reach the server in pieces of about half of it. Default 1 MiB.
    public var connectionMemoryLimit: Int = 1 << 20
    /// Deferred replies allowed to wait at once; past it requests get `503`. Default 1024.
    public var maxSuspended: Int = 1024

    /// Creates the default configuration.
    public init() {}

    /// Creates a configuration, overriding the defaults given.
    public init(
        host: String = "127.0.0.1",
        port: UInt16 = 8080,
        threads: Int = 4,
        maxBodyBytes: Int = 2 << 30,
        maxBodyBytesInFlight: Int = 4 << 30,
        connectionLimit: Int = 4096,
        idleTimeoutSeconds: Int = 60,
        connectionMemoryLimit: Int = 1 << 20,
        maxSuspended: Int = 1024
    ) {
        self.host = host
        self.port = port
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
        self.maxBodyBytesInFlight = maxBodyBytesInFlight
        self.connectionLimit = connectionLimit
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.connectionMemoryLimit = connectionMemoryLimit
        self.maxSuspended = maxSuspended
    }

    /// The first setting out of range, described for `HTTPServerError.invalidConfiguration`, or nil.
    var problem: String? {
        if threads < 1 || threads > 1024 { return "threads must be in 1...1024, got \(threads)" }
        if maxBodyBytes < 0 { return "maxBodyBytes must be >= 0, got \(maxBodyBytes)" }
        if maxBodyBytesInFlight < 0 { return "maxBodyBytesInFlight must be >= 0, got \(maxBodyBytesInFlight)" }
        if connectionLimit < threads || connectionLimit > Int(UInt32.max) {
            return "connectionLimit must be >= threads (\(threads)), got \(connectionLimit)"
        }
        if idleTimeoutSeconds < 0 || idleTimeoutSeconds > Int(UInt32.max) {
            return "idleTimeoutSeconds must be >= 0, got \(idleTimeoutSeconds)"
        }
        if connectionMemoryLimit < 4096 {
            return "connectionMemoryLimit must be >= 4096, got \(connectionMemoryLimit)"
        }
        if maxSuspended < 0 { return "maxSuspended must be >= 0, got \(maxSuspended)" }
        return nil
    }
}
