// InflaterTests: streaming gzip / deflate decoding in chunks of any size, concatenated members, the
// output limit (a gzip bomb stops at the limit), corrupt and truncated input, Content-Encoding parsing.

import Testing

@testable import MicroHTTP

@Suite struct InflaterTests {
    /// Feeds `input` to a fresh inflater in `chunk`-byte pieces and returns the output.
    func inflate(
        _ input: [UInt8], _ coding: ContentCoding, chunk: Int, limit: Int = .max
    ) throws(InflateError)
        -> [UInt8]
    {
        let inflater = try Inflater(coding)
        var out: [UInt8] = []
        var start = 0
        while start < input.count {
            let end = min(input.count, start + chunk)
            let result = input[start..<end].withUnsafeBytes { piece -> InflateError? in
                do throws(InflateError) {
                    try inflater.inflate(piece, limit: limit) { out.append(contentsOf: $0) }
                    return nil
                } catch { return error }
            }
            if let result { throw result }
            start = end
        }
        try inflater.finish()
        #expect(inflater.totalOut == out.count)
        return out
    }

    @Test(arguments: [1, 7, 4096, 65_536, 1 << 20])
    func gzipDecodesInChunksOfAnySize(chunk: Int) throws {
        let text = sampleText(chunk == 1 ? 20_000 : 3_000_000)
        #expect(try inflate(Compression.gzip(text), .gzip, chunk: chunk) == text)
    }

    @Test func deflateDecodes() throws {
        let text = sampleText(500_000)
        #expect(try inflate(Compression.deflate(text), .deflate, chunk: 10_000) == text)
    }

    @Test func concatenatedGzipMembersDecodeInOrder() throws {
        let a = sampleText(100_000)
        let b = Array("and a second member\n".utf8)
        #expect(try inflate(Compression.gzip(a) + Compression.gzip(b), .gzip, chunk: 3_000) == a + b)
    }

    @Test func outputPastTheLimitStopsDecoding() throws {
        // 64 MiB of zeros compress to about 64 KiB: a small bomb.
        let bomb = try Compression.gzip([UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 200_000)
        let inflater = try Inflater(.gzip)
        var produced = 0
        let error = bomb.withUnsafeBytes { bytes -> InflateError? in
            do throws(InflateError) {
                try inflater.inflate(bytes, limit: 1 << 20) { produced += $0.count }
                return nil
            } catch { return error }
        }
        #expect(error == .limitExceeded)
        #expect(produced <= 1 << 20)
        #expect(inflater.totalOut <= 1 << 20)
    }

    @Test func corruptInputIsReported() throws {
        #expect(throws: InflateError.self) { try inflate(Array("timestamp,asset\n".utf8), .gzip, chunk: 100) }
        do {
            _ = try inflate(Array("not gzip at all".utf8), .gzip, chunk: 100)
            Issue.record("decoded garbage")
        } catch {
            guard case .corrupt(let reason) = error else { throw error }
            #expect(reason.contains("header"))
            #expect(error.code == "corrupt")
        }
        // A damaged middle: flip bytes after the header.
        var damaged = try Compression.gzip(sampleText(50_000))
        for i in 20..<60 { damaged[i] ^= 0x5A }
        #expect(throws: InflateError.self) { try inflate(damaged, .gzip, chunk: 1_000) }
        #expect(throws: InflateError.self) { try inflate(damaged, .gzip, chunk: 1000) }
    }

    @Test func truncatedInputFailsAtTheEnd() throws {
        let whole = try Compression.gzip(sampleText(50_000))
        #expect(throws: InflateError.truncated) { try inflate(Array(whole.prefix(whole.count / 2)), .gzip, chunk: 999) }
        // Only the 8-byte trailer missing is truncated too.
        #expect(throws: InflateError.truncated) { try inflate(Array(whole.dropLast(8)), .gzip, chunk: 999) }
        // Nothing at all is an empty body, not a truncated one.
        #expect(try inflate([], .gzip, chunk: 1).isEmpty)
    }

    @Test func contentEncodingHeaderParses() {
        #expect(ContentCoding.parse([]) == .success(nil))
        #expect(ContentCoding.parse(["identity"]) == .success(nil))
        #expect(ContentCoding.parse([" GZIP "]) == .success(.gzip))
        #expect(ContentCoding.parse(["x-gzip"]) == .success(.gzip))
        #expect(ContentCoding.parse(["identity, deflate"]) == .success(.deflate))
        #expect(ContentCoding.parse(["br"]) == .failure(.init(value: "br")))
        #expect(ContentCoding.parse(["gzip", "compress"]) == .failure(.init(value: "gzip, compress")))
        #expect(ContentCoding.parse(["gzip, gzip"]) == .failure(.init(value: "gzip, gzip")))
    }
}
