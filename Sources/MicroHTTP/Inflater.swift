// Inflater: streaming gzip / deflate decoding of a request body, one chunk at a time as it arrives,
// over the system zlib. Owns its `z_stream` (freed in deinit) and a fixed output buffer.

import CZlib

/// Decodes one compressed body incrementally; stops as soon as the output would pass a limit.
///
/// Not `Sendable`: it lives in one request's state and is used from that connection's thread only.
final class Inflater {
    /// The coding being decoded.
    let coding: ContentCoding
    /// Decoded bytes produced so far.
    private(set) var totalOut = 0
    /// The z_stream, at a fixed address (zlib keeps a pointer back to it in its state).
    private let stream: UnsafeMutablePointer<z_stream>
    /// Where inflate writes before the bytes are handed to the sink.
    private let window: UnsafeMutableRawBufferPointer
    /// Whether a complete compressed stream (gzip member) has been read and nothing after it yet.
    private var atStreamEnd = false
    /// Whether any compressed byte arrived.
    private var sawInput = false

    /// Output buffer size: 256 KiB per `inflate` call.
    static let windowBytes = 256 << 10

    /// Prepares zlib for `coding`.
    init(_ coding: ContentCoding) throws(InflateError) {
        self.coding = coding
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        window = .allocate(byteCount: Self.windowBytes, alignment: 16)
        let status = czlib_inflate_init2(stream, coding.windowBits)
        do {
            _ = try ZlibStatus.check(status, message: stream.pointee.msg)
        } catch {
            // inflateInit2 failed, so there is no zlib state to end; free only what Swift allocated.
            stream.deallocate()
            window.deallocate()
            throw error
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        window.deallocate()
    }

    /// Decodes `input`, handing each piece of output to `sink` in order.
    ///
    /// Throws `limitExceeded` before handing over any byte past `limit` decoded bytes in total, so a
    /// gzip bomb costs at most `limit` plus one window of work; throws `corrupt` on invalid data.
    func inflate(
        _ input: UnsafeRawBufferPointer, limit: Int, into sink: (UnsafeRawBufferPointer) -> Void
    ) throws(InflateError) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        sawInput = true
        // A chunk larger than zlib's 32-bit counters is fed in pieces.
        var offset = 0
        while offset < input.count {
            let count = min(input.count - offset, Int(UInt32.max))
            try inflatePiece(base + offset, count: count, limit: limit, into: sink)
            offset += count
        }
    }

    /// Checks that the body ended exactly at the end of a compressed stream (an empty body is fine).
    func finish() throws(InflateError) {
        guard sawInput else { return }
        guard atStreamEnd else { throw .truncated }
    }

    private func inflatePiece(
        _ start: UnsafeRawPointer, count: Int, limit: Int, into sink: (UnsafeRawBufferPointer) -> Void
    ) throws(InflateError) {
        // zlib never writes through next_in; the mutable type is only its C signature.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(count)
        var outputFull = false
        repeat {
            if atStreamEnd {
                // More bytes after a finished member: the next member of a concatenated gzip file.
                _ = try ZlibStatus.check(inflateReset(stream), message: stream.pointee.msg)
                atStreamEnd = false
            }
            stream.pointee.next_out = window.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(window.count)
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            let produced = window.count - Int(stream.pointee.avail_out)
            outputFull = stream.pointee.avail_out == 0
            if produced > 0 {
                guard produced <= limit - totalOut else { throw .limitExceeded }
                totalOut += produced
                sink(UnsafeRawBufferPointer(start: window.baseAddress, count: produced))
            }
            if try ZlibStatus.check(status, message: stream.pointee.msg) == .streamEnd {
                atStreamEnd = true
                outputFull = false
            } else if produced == 0 && !outputFull && stream.pointee.avail_in > 0 {
                // No output, input left, and zlib did not say why: it cannot go on (should not happen).
                throw .unexpectedStatus(status)
            }
        } while stream.pointee.avail_in > 0 || outputFull
    }
}
