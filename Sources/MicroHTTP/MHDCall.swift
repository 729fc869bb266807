// MHDCall: the one place where libmicrohttpd's status results (MHD_Result, NULL handles) become
// typed errors; call sites never compare MHD_YES / MHD_NO themselves.

import CMicroHTTPD

/// A libmicrohttpd call that reported failure.
struct MHDCallError: Error, Sendable, CustomStringConvertible {
    /// The libmicrohttpd operations MicroHTTP checks.
    enum Operation: String, Sendable {
        case createResponse = "MHD_create_response"
        case addHeader = "MHD_add_response_header"
        case queueResponse = "MHD_queue_response"
    }

    /// The call that failed.
    let operation: Operation

    var description: String { "\(operation.rawValue) failed" }
}

/// Converts libmicrohttpd results into typed errors.
enum MHDCall {
    /// Throws unless `result` is `MHD_YES`.
    static func check(_ result: MHD_Result, _ operation: MHDCallError.Operation) throws(MHDCallError) {
        guard result == .YES else { throw MHDCallError(operation: operation) }
    }

    /// Returns the handle, or throws when libmicrohttpd returned NULL.
    static func check<Handle>(_ handle: Handle?, _ operation: MHDCallError.Operation) throws(MHDCallError) -> Handle {
        guard let handle else { throw MHDCallError(operation: operation) }
        return handle
    }

    /// The access handler's answer: `MHD_YES` to go on, `MHD_NO` to close the connection.
    static func result(_ keepGoing: Bool) -> MHD_Result {
        keepGoing ? .YES : .NO
    }
}
