// ServerEncodingTests: Content-Encoding over a real server: gzip and deflate bodies reach handlers
// decoded, a gzip bomb answers 413 at the decoded limit, corrupt and truncated data 400, unknown
// codings 415 before the body is read.

import Testing

@testable import MicroHTTP

@Suite struct ServerEncodingTests {
    func post(_ server: HTTPServer, _ body: [UInt8], encoding: String) throws -> RawResponse {
        try TestConnection(port: server.port).request(
            "POST", "/upload", headers: [("Content-Encoding", encoding)], body: body)
    }

    @Test func gzipAndDeflateBodiesArriveDecoded() async throws {
        let text = sampleText(3_000_000)
        let sum = text.reduce(UInt64(0)) { $0 &+ UInt64($1) }
        let configuration = testConfiguration { $0.connectionMemoryLimit = 64 * 1024 }
        try await withServer(configuration, handler: bodyRouter().handle) { server in
            for (encoding, body) in [("gzip", try Compression.gzip(text)), ("deflate", try Compression.deflate(text))] {
                let answer = try post(server, body, encoding: encoding)
                #expect(answer.status == 200, "\(encoding): \(answer.text)")
                #expect(answer.text == "\(text.count):\(sum)", "\(encoding)")
            }
            #expect(
                try post(server, Array("plain".utf8), encoding: "identity").text
                    == "5:\(Array("plain".utf8).reduce(0) { $0 + Int($1) })")
        }
    }

    @Test func gzipBombAnswers413AtTheDecodedLimit() async throws {
        let bomb = try Compression.gzip([UInt8](repeating: UInt8(ascii: "0"), count: 256 << 20))
        try await withServer(testConfiguration { $0.maxBodyBytes = 1 << 20 }, handler: bodyRouter().handle) { server in
            #expect(bomb.count < 1 << 20, "the compressed bomb itself is under the limit")
            let answer = try post(server, bomb, encoding: "gzip")
            #expect(answer.status == 413)
            #expect(answer.headers["Content-Type"] == "application/problem+json")
            #expect(answer.text.contains("decoded"))
            #expect(await eventually { server.liveRequests == 0 })
            #expect(try TestConnection(port: server.port).request("POST", "/upload", body: [1, 2]).text == "2:3")
        }
    }

    @Test func corruptOrTruncatedGzipAnswers400() async throws {
        let whole = try Compression.gzip(sampleText(100_000))
        try await withServer(handler: bodyRouter().handle) { server in
            for body in [Array("timestamp,asset,close\n".utf8), Array(whole.prefix(whole.count - 4))] {
                let answer = try post(server, body, encoding: "gzip")
                #expect(answer.status == 400)
                #expect(answer.headers["Content-Type"] == "application/problem+json")
                #expect(answer.text.contains("\"code\":\"invalid_content_encoding\""), "\(answer.text)")
            }
        }
    }

    @Test func unsupportedEncodingAnswers415BeforeTheBody() async throws {
        try await withServer(handler: bodyRouter().handle) { server in
            let connection = try TestConnection(port: server.port)
            // Only the head is sent: the answer must not wait for the body.
            try connection.send(
                "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Encoding: br\r\nContent-Length: 100000\r\n\r\n")
            let answer = try connection.readResponse()
            #expect(answer.status == 415)
            #expect(answer.headers["Accept-Encoding"] == "gzip, deflate")
            #expect(answer.text.contains("\"code\":\"unsupported_content_encoding\""))
            #expect(answer.text.contains("gzip"))
            #expect(try post(server, [1], encoding: "compress").status == 415)
        }
    }
}
