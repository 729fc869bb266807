// ResponseSubmitter: turns a Response into an MHD_Response and queues it on a connection. Whole bodies
// are handed over without a copy (free callback); streams go through MHD_create_response_from_callback.

import CMicroHTTPD

/// Keeps a `[UInt8]` alive while libmicrohttpd sends it.
///
/// `bytes` is immutable, so its storage never moves; libmicrohttpd reads it through `baseAddress`
/// until it calls `releaseBytes`.
private final class ByteBox {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// Keeps a stream source alive while libmicrohttpd pulls from it.
private final class StreamBox {
    let source: any StreamSource
    let length: UInt64?
    init(source: any StreamSource, length: UInt64?) {
        self.source = source
        self.length = length
    }
}

/// Builds and queues libmicrohttpd responses.
enum ResponseSubmitter {
    /// The largest piece libmicrohttpd asks a stream for at once.
    static let streamBlockSize = 64 * 1024

    /// Queues `response` on `connection` (from the thread running its access handler).
    static func queue(_ response: Response, on connection: OpaquePointer) throws(MHDCallError) {
        let handle = try makeHandle(response.body)
        // Reference counted: the queued response lives until sent.
        defer { MHD_destroy_response(handle) }
        for (name, value) in response.headers where isSendable(name: name, value: value) {
            try MHDCall.check(MHD_add_response_header(handle, name, value), .addHeader)
        }
        let status = (100...999).contains(response.status.rawValue) ? response.status.rawValue : 500
        try MHDCall.check(MHD_queue_response(connection, UInt32(status), handle), .queueResponse)
    }

    private static func makeHandle(_ body: ResponseBody) throws(MHDCallError) -> OpaquePointer {
        switch body {
        case .bytes(let bytes):
            let box = ByteBox(bytes)
            // passRetained: released in `releaseBytes` (libmicrohttpd's free callback), or just below
            // when the response cannot be created.
            let context = Unmanaged.passRetained(box).toOpaque()
            let base = box.bytes.withUnsafeBufferPointer { UnsafeMutableRawPointer(mutating: $0.baseAddress) }
            let handle = MHD_create_response_from_buffer_with_free_callback_cls(
                box.bytes.count, base, releaseBytes, context)
            if handle == nil { Unmanaged<ByteBox>.fromOpaque(context).release() }
            return try MHDCall.check(handle, .createResponse)
        case .stream(let length, let source):
            // passRetained: released in `releaseStream` (libmicrohttpd's free callback), or just below
            // when the response cannot be created.
            let context = Unmanaged.passRetained(StreamBox(source: source, length: length)).toOpaque()
            let handle = MHD_create_response_from_callback(
                length ?? cmhd_size_unknown(), streamBlockSize, readStream, context, releaseStream)
            if handle == nil { Unmanaged<StreamBox>.fromOpaque(context).release() }
            return try MHDCall.check(handle, .createResponse)
        }
    }

    /// libmicrohttpd computes Content-Length and Transfer-Encoding itself; CR/LF would split the response.
    static func isSendable(name: String, value: String) -> Bool {
        if HTTPHeaders.sameName(name, "Content-Length") || HTTPHeaders.sameName(name, "Transfer-Encoding") {
            return false
        }
        let forbidden: (UInt8) -> Bool = { $0 == 13 || $0 == 10 || $0 == 0 }
        return !name.isEmpty && !name.utf8.contains(where: forbidden) && !value.utf8.contains(where: forbidden)
    }
}

/// Free callback for whole bodies: balances the `passRetained` in `ResponseSubmitter.makeHandle`.
private func releaseBytes(_ cls: UnsafeMutableRawPointer?) {
    guard let cls else { return }
    Unmanaged<ByteBox>.fromOpaque(cls).release()
}

/// Free callback for streams: balances the `passRetained` in `ResponseSubmitter.makeHandle`.
private func releaseStream(_ cls: UnsafeMutableRawPointer?) {
    guard let cls else { return }
    Unmanaged<StreamBox>.fromOpaque(cls).release()
}

/// Content reader: asks the source for the next piece; 0 ends a stream of unknown length.
private func readStream(
    _ cls: UnsafeMutableRawPointer?, _ position: UInt64, _ buffer: UnsafeMutablePointer<CChar>?, _ max: Int
) -> Int {
    guard let cls, let buffer, max > 0 else { return cmhd_end_with_error() }
    let box = Unmanaged<StreamBox>.fromOpaque(cls).takeUnretainedValue()
    var room = max
    if let length = box.length {
        guard position < length else { return cmhd_end_of_stream() }
        room = Int(min(UInt64(max), length - position))
    }
    let written = box.source.read(at: position, into: UnsafeMutableRawBufferPointer(start: buffer, count: room))
    if written == 0 { return box.length == nil ? cmhd_end_of_stream() : cmhd_end_with_error() }
    guard written > 0, written <= room else { return cmhd_end_with_error() }
    return written
}
