// InflateError: why a compressed request body could not be decoded, and the one place where zlib's
// status codes become these typed errors (call sites never compare Z_OK / Z_STREAM_END themselves).

import CZlib

/// Why decoding a `Content-Encoding: gzip` (or `deflate`) body failed.
public enum InflateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a valid stream of the coding; zlib's reason (e.g. "incorrect header check").
    case corrupt(String)
    /// The body ended before the compressed stream did.
    case truncated
    /// The decoded body would pass the size limit; decoding stopped there.
    case limitExceeded
    /// zlib could not allocate its state.
    case outOfMemory
    /// zlib reported a status MicroHTTP does not expect (a bug, never the client's fault).
    case unexpectedStatus(Int32)

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .corrupt: "corrupt"
        case .truncated: "truncated"
        case .limitExceeded: "limit_exceeded"
        case .outOfMemory: "out_of_memory"
        case .unexpectedStatus: "unexpected_status"
        }
    }

    /// A short explanation.
    public var description: String {
        switch self {
        case .corrupt(let reason): "the compressed data is invalid (\(reason))"
        case .truncated: "the compressed data ends before its end marker"
        case .limitExceeded: "the decoded body is larger than the limit"
        case .outOfMemory: "zlib could not allocate memory"
        case .unexpectedStatus(let status): "zlib returned status \(status)"
        }
    }
}

/// What a successful zlib call means for the caller.
enum ZlibProgress {
    /// Work was done, or nothing could be done without more input; go on.
    case proceed
    /// The end of a compressed stream (one gzip member) was reached.
    case streamEnd
}

/// Converts zlib status codes into `ZlibProgress` or `InflateError`.
enum ZlibStatus {
    /// Maps the status of `inflate` / `inflateInit2` / `inflateReset`; `message` is `z_stream.msg`.
    static func check(_ status: Int32, message: UnsafePointer<CChar>?) throws(InflateError) -> ZlibProgress {
        switch status {
        case Z_OK: return .proceed
        // No progress possible: inflate needs more input (or room), which the caller's loop provides.
        case Z_BUF_ERROR: return .proceed
        case Z_STREAM_END: return .streamEnd
        case Z_DATA_ERROR: throw .corrupt(message.map { String(cString: $0) } ?? "invalid data")
        case Z_NEED_DICT: throw .corrupt("the stream needs a preset dictionary")
        case Z_MEM_ERROR: throw .outOfMemory
        default: throw .unexpectedStatus(status)
        }
    }
}
