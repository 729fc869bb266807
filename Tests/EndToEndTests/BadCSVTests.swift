// Every malformed upload answers 400 problem+json naming the line and column, over the real server.
import Foundation
import TestSupport
import Testing

@Suite("Bad CSV uploads")
struct BadCSVTests {
    static let header = "timestamp,asset,open,high,low,close,volume,ml_pred\n"
    static let good = "2020-01-02T14:30:00Z,AAA,10,11,9,10.5,100,0.5\n"

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var body: [UInt8]
        var code: String
        var line: Int?
        var column: String?
        /// Words the message must contain (the value or the fix).
        var mentions: [String]
        var testDescription: String { name }
    }

    static func csv(_ rows: String...) -> [UInt8] { Array((header + rows.joined()).utf8) }

    static let cases: [Case] = [
        Case(
            name: "non-numeric value", body: csv(good, "2020-01-03T14:30:00Z,AAA,10,11,9,abc,100,0.5\n"),
            code: "bad_number", line: 3, column: "close", mentions: ["abc"]),
        Case(
            name: "NaN price", body: csv(good, "2020-01-03T14:30:00Z,AAA,NaN,11,9,10,100,0.5\n"),
            code: "non_finite", line: 3, column: "open", mentions: []),
        Case(
            name: "infinite price", body: csv(good, "2020-01-03T14:30:00Z,AAA,10,inf,9,10,100,0.5\n"),
            code: "non_finite", line: 3, column: "high", mentions: []),
        Case(
            name: "non-positive price", body: csv(good, "2020-01-03T14:30:00Z,AAA,10,11,9,-1,100,0.5\n"),
            code: "non_positive_price", line: 3, column: "close", mentions: []),
        Case(
            name: "high below low", body: csv(good, "2020-01-03T14:30:00Z,AAA,10,8,9,10,100,0.5\n"),
            code: "high_below_low", line: 3, column: "high", mentions: []),
        Case(
            name: "duplicate bar", body: csv(good, "2020-01-03T14:30:00Z,AAA,10,11,9,10,100,0.5\n", good),
            code: "duplicate_bar", line: 4, column: "timestamp", mentions: ["2"]),
        Case(
            name: "missing required column", body: Array("timestamp,asset,Close\n2020-01-02,AAA,10\n".utf8),
            code: "missing_column", line: 1, column: "close", mentions: ["close"]),
        Case(
            name: "ragged row", body: csv(good, "2020-01-03T14:30:00Z,AAA,10,11,9,10\n"),
            code: "ragged_row", line: 3, column: nil, mentions: ["8"]),
        Case(
            name: "bad timestamp", body: csv(good, "03/01/2020,AAA,10,11,9,10,100,0.5\n"),
            code: "bad_timestamp", line: 3, column: "timestamp", mentions: ["03/01/2020"]),
        Case(name: "empty body", body: [], code: "empty_body", line: nil, column: nil, mentions: []),
        Case(
            name: "not UTF-8", body: csv(good) + [0x32, 0x30, 0xFF, 0xFE, 0x0A],
            code: "not_utf8", line: 3, column: "timestamp", mentions: []),
    ]

    @Test(arguments: cases)
    func answersProblemNamingThePlace(_ c: Case) async throws {
        try await TestServer.with { s in
            let r = try await s.client.send("POST", "/v1/datasets", body: Data(c.body), contentType: "text/csv")
            #expect(r.status == 400)
            #expect(r.header("Content-Type") == "application/problem+json")
            let problem = try r.json
            #expect(problem["status"]?.numberValue == 400)
            #expect(problem["code"]?.stringValue == "invalid_csv")
            let first = try #require(problem["errors"]?.arrayValue?.first, "no errors[] in \(r.text)")
            #expect(first["code"]?.stringValue == c.code, "\(r.text)")
            #expect(first["line"]?.numberValue.map(Int.init) == c.line, "\(r.text)")
            #expect(first["column"]?.stringValue == c.column, "\(r.text)")
            let message = first["message"]?.stringValue ?? ""
            for word in c.mentions { #expect(message.contains(word), "message \"\(message)\" lacks \(word)") }
        }
    }

    @Test func bodyOverTheLimitAnswers413() async throws {
        try await TestServer.with(maxBodyBytes: 4096) { s in
            let big = Data(repeating: UInt8(ascii: "1"), count: 64 * 1024)
            let r = try await s.client.send("POST", "/v1/datasets", body: big, contentType: "text/csv")
            #expect(r.status == 413)
            #expect(r.header("Content-Type") == "application/problem+json")
            // The server still answers afterwards.
            #expect(try await s.client.get("/healthz").status == 200)
        }
    }

    @Test func wrongContentTypeAnswers415() async throws {
        try await TestServer.with { s in
            let r = try await s.client.send(
                "POST", "/v1/datasets", body: Data(Self.csv(Self.good)),
                contentType: "application/x-www-form-urlencoded")
            #expect(r.status == 415)
            #expect(try r.json["detail"]?.stringValue?.contains("text/csv") == true)
        }
    }
}
