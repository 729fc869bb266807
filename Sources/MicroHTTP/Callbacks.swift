// Callbacks: the C functions libmicrohttpd calls (access handler, request completed, error log). They
// capture nothing; their Swift context arrives through `cls` (Unmanaged, retained by HTTPServer).

import CMicroHTTPD
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The access handler: called for the head, once per body chunk, then once more with no data (and once
/// again after a resume). Everything from the wire is validated; nothing here may trap.
func accessHandler(
    _ cls: UnsafeMutableRawPointer?,
    _ connection: OpaquePointer?,
    _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?,
    _ version: UnsafePointer<CChar>?,
    _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?,
    _ requestSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let uploadDataSize, let requestSlot else { return .NO }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    guard let raw = requestSlot.pointee else {
        let state = RequestState(connection: connection, url: url, method: method, budget: context.bodyBudget)
        // passRetained: released in `requestCompleted` (MHD_OPTION_NOTIFY_COMPLETED), which libmicrohttpd
        // calls for every request whose slot was set, however it ends.
        requestSlot.pointee = Unmanaged.passRetained(state).toOpaque()
        context.requestBegan()
        return MHDCall.result(RequestFlow.headReceived(state, connection: connection, context: context))
    }
    let state = Unmanaged<RequestState>.fromOpaque(raw).takeUnretainedValue()
    let size = uploadDataSize.pointee
    if size > 0 {
        uploadDataSize.pointee = 0
        guard let uploadData, state.isReceiving else { return .YES }
        state.append(UnsafeRawBufferPointer(start: uploadData, count: size), limit: context.configuration.maxBodyBytes)
        if state.isReceiving { return .YES }
        // Refused in the middle of the body (too large, over budget, undecodable): answer at once
        // rather than reading on to an end that may never come.
        return MHDCall.result(RequestFlow.refusedDuringBody(state, connection: connection, context: context))
    }
    return MHDCall.result(RequestFlow.bodyReceived(state, connection: connection, context: context))
}

/// NOTIFY_COMPLETED: libmicrohttpd is done with a request (answered, aborted, timed out or stopped).
func requestCompleted(
    _ cls: UnsafeMutableRawPointer?,
    _ connection: OpaquePointer?,
    _ requestSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ termination: MHD_RequestTerminationCode
) {
    guard let cls, let requestSlot, let raw = requestSlot.pointee else { return }
    // Balances the passRetained in `accessHandler`'s first call for this request.
    Unmanaged<RequestState>.fromOpaque(raw).release()
    requestSlot.pointee = nil
    Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().requestEnded()
}

/// libmicrohttpd's error log, formatted with `vsnprintf` and sent to the server's logger.
func logFromLibrary(_ cls: UnsafeMutableRawPointer?, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) {
    guard let cls, let format, let arguments else { return }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    var buffer = [CChar](repeating: 0, count: 512)
    let text = buffer.withUnsafeMutableBufferPointer { pointer -> String in
        guard let base = pointer.baseAddress else { return "" }
        _ = vsnprintf(base, pointer.count, format, arguments)
        return String(cString: base)
    }
    context.logger.debug("libmicrohttpd: \(text.trimmingSpaces.split(separator: "\n").joined(separator: " "))")
}

/// UNESCAPE_CALLBACK: percent-decodes a URL path or query component in place, as libmicrohttpd's
/// default does, except that `%00` is left as written. A decoded NUL would end the C string early,
/// so `/v1/datasets/%00abc` would silently be routed as `/v1/datasets/`; kept literal, it is just an
/// id that matches nothing. Returns the new length.
func unescapeKeepingNUL(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ text: UnsafeMutablePointer<CChar>?
) -> Int {
    guard let text else { return 0 }
    func hexValue(_ c: CChar) -> UInt8? {
        switch UInt8(bitPattern: c) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(bitPattern: c) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(bitPattern: c) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(bitPattern: c) - UInt8(ascii: "A") + 10
        default: nil
        }
    }
    var read = 0
    var write = 0
    while text[read] != 0 {
        if text[read] == CChar(UInt8(ascii: "%")), let high = hexValue(text[read + 1]),
            let low = hexValue(text[read + 2]), high << 4 | low != 0
        {
            text[write] = CChar(bitPattern: high << 4 | low)
            read += 3
        } else {
            text[write] = text[read]
            read += 1
        }
        write += 1
    }
    text[write] = 0
    return write
}
