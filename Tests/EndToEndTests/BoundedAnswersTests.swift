// Problems stay small whatever the input, over the real server: the measured cases of a one-line
// upload (whose header used to be echoed in every missing-column problem), a wide header, and a
// 422 on a wide dataset (which used to list every column). Each answer is checked
// for its status, its code and its size.
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Bounded answers")
struct BoundedAnswersTests {
    /// No answer may be larger than this, whatever was sent.
    static let bound = 16 << 10
    /// Columns in the wide cases: the issue measured a million; the bound does not depend on the
    /// count, and a fifth of that keeps the suite fast in debug builds.
    static let wide = 200_000

    /// `count` comma-separated names `prefix0`, `prefix1`, …, as bytes.
    static func names(_ count: Int, prefix: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * (prefix.utf8.count + 8))
        let stem = Array(prefix.utf8)
        for i in 0..<count {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += stem
            bytes += String(i).utf8
        }
        return bytes
    }

    static func upload(_ s: TestServer, _ body: [UInt8]) async throws -> TestResponse {
        try await s.client.send("POST", "/v1/datasets", body: Data(body), contentType: "text/csv")
    }

    static func expectSmall(_ response: TestResponse, status: Int, code: String) throws {
        #expect(response.status == status, "\(response.text.prefix(300))")
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.body.count < bound, "a \(response.body.count)-byte answer")
        #expect(try response.json["code"]?.stringValue == code)
    }

    @Test func aOneLineUploadOfManyNamesIsNotEchoed() async throws {
        try await TestServer.with { s in
            // 200,000 names on one line (1.3 MB), no required column among them.
            let response = try await Self.upload(s, Self.names(Self.wide, prefix: "c"))
            try Self.expectSmall(response, status: 400, code: "invalid_csv")
            #expect(response.text.contains("… and 199,980 more"), "\(response.text.prefix(2000))")
        }
    }

    @Test func aOneLineUploadOfOneHugeNameIsNotEchoed() async throws {
        try await TestServer.with { s in
            let response = try await Self.upload(s, [UInt8](repeating: UInt8(ascii: "x"), count: 20 << 20))
            try Self.expectSmall(response, status: 400, code: "invalid_csv")
        }
    }

    @Test func aWideHeaderWithRowsGetsASmallProblem() async throws {
        try await TestServer.with { s in
            // Names that each come twice, and a data row: every kind of header problem.
            let half = Self.names(Self.wide / 2, prefix: "d")
            var body = half + [UInt8(ascii: ",")] + half
            body += Array("\n".utf8) + [UInt8](repeating: UInt8(ascii: ","), count: Self.wide - 1) + Array("\n".utf8)
            let response = try await Self.upload(s, body)
            try Self.expectSmall(response, status: 400, code: "invalid_csv")
        }
    }

    @Test func aSpecProblemOnAWideDatasetListsAFewColumns() async throws {
        try await TestServer.with { s in
            var body = Array("timestamp,asset,open,high,low,close,volume,".utf8) + Self.names(Self.wide, prefix: "s")
            var values: [UInt8] = []
            for _ in 0..<Self.wide { values += ",0.5".utf8 }
            body += Array("\n2020-01-02,AAA,10,11,9,10,100".utf8) + values
            body += Array("\n2020-01-03,AAA,10,11,9,10,100".utf8) + values + Array("\n".utf8)
            let upload = try await Self.upload(s, body)
            try #require(upload.status == 201, "\(upload.text.prefix(500))")
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let spec = CanonicalSpec.json(dataset: dataset).replacingOccurrences(of: "ml_pred", with: "nope")
            let response = try await s.client.submit(spec)
            try Self.expectSmall(response, status: 422, code: "invalid_request")
            #expect(response.text.contains("more"), "\(response.text.prefix(2000))")
        }
    }

    @Test func aSpecWithThousandsOfUnknownFieldsListsAFewProblems() async throws {
        try await TestServer.with { s in
            let upload = try await s.client.uploadCSV(BacktestFlowTests.csv)
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let unknown = (0..<20_000).map { "\"field_\($0)\": 1" }.joined(separator: ", ")
            let spec = CanonicalSpec.json(dataset: dataset, extra: unknown)
            let response = try await s.client.submit(spec)
            #expect(response.status == 422)
            let errors = try response.json["errors"]?.arrayValue ?? []
            #expect(errors.count <= Problem.maxListedErrors)
            #expect(response.body.count < 64 << 10, "a \(response.body.count)-byte answer")
        }
    }
}
