// Uploads the way clients send them, over the real server: curl -F forms (CRLF, part Content-Type),
// gzip bodies and gzip'd forms, application/octet-stream, and the problems for stripped newlines,
// several or no file parts, broken forms, gzip bombs, corrupt gzip and unsupported encodings.
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Upload formats")
struct UploadFormatsTests {
    static let csv = SyntheticCSV.canonical(assets: 3, bars: 50, seed: 9)
    /// curl 7.88.1's boundary style (24 dashes and 16 hex digits).
    static let boundary = "------------------------4f1c6a0b4188183a"

    /// A form exactly as `curl -F "file=@bars.csv;type=text/csv" -F name=…` frames it.
    static func curlForm(_ files: [(field: String, bytes: [UInt8])], fields: [(String, String)] = []) -> [UInt8] {
        var body: [UInt8] = []
        for file in files {
            body +=
                Array(
                    ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"bars.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n").utf8) + file.bytes + Array("\r\n".utf8)
        }
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    static let formType = "multipart/form-data; boundary=\(boundary)"

    func post(
        _ s: TestServer, _ body: [UInt8], type: String, encoding: String? = nil, query: String = ""
    ) async throws -> TestResponse {
        try await s.client.send(
            "POST", "/v1/datasets" + query, body: Data(body), contentType: type,
            headers: encoding.map { ["Content-Encoding": $0] } ?? [:])
    }

    func expectProblem(_ r: TestResponse, _ status: Int, code: String, mentions: [String] = []) throws {
        #expect(r.status == status, "\(r.text)")
        #expect(r.header("Content-Type") == "application/problem+json")
        let problem = try r.json
        #expect(problem["code"]?.stringValue == code, "\(r.text)")
        let detail = problem["detail"]?.stringValue ?? ""
        for word in mentions { #expect(detail.contains(word), "detail \"\(detail)\" lacks \(word)") }
    }

    @Test func everyFramingStoresTheSameDataset() async throws {
        try await TestServer.with { s in
            let plain = try await post(s, Self.csv, type: "text/csv")
            try #require(plain.status == 201, "\(plain.text)")
            let rows = try plain.json["rows"]
            #expect(rows?.numberValue == 150)
            let form = Self.curlForm([("file", Self.csv)], fields: [("name", "from curl"), ("kind", "bars")])
            let gzipped = try Gzip.compress(Self.csv)
            let uploads: [(String, [UInt8], String, String?)] = [
                ("curl -F", form, Self.formType, nil),
                ("octet-stream", Self.csv, "application/octet-stream", nil),
                ("gzip", gzipped, "text/csv", "gzip"),
                ("gzip'd form", try Gzip.compress(form), Self.formType, "gzip"),
                ("identity", Self.csv, "application/csv", "identity"),
            ]
            for (label, body, type, encoding) in uploads {
                let r = try await post(s, body, type: type, encoding: encoding)
                #expect(r.status == 201, "\(label): \(r.text)")
                let json = try r.json
                #expect(json["rows"] == rows, "\(label)")
                #expect(json["bytes"]?.numberValue == Double(Self.csv.count), "\(label)")
                if label.contains("form") || label == "curl -F" {
                    #expect(json["name"]?.stringValue == "from curl", "\(label)")
                }
            }
            // A context series named by the form field alone.
            let context = Self.curlForm(
                [("upload", Array("timestamp,vix\n2020-01-02,12.5\n".utf8))], fields: [("kind", "context")])
            let r = try await post(s, context, type: Self.formType)
            #expect(r.status == 201, "\(r.text)")
            #expect(try r.json["kind"]?.stringValue == "context")
        }
    }

    @Test func strippedNewlinesGetTheirOwnProblem() async throws {
        try await TestServer.with { s in
            // What `curl -d @bars.csv` sends: the file without CR and LF, about 100 KB on one line.
            let stripped = SyntheticCSV.canonical(assets: 20, bars: 60, seed: 3).filter { $0 != 10 && $0 != 13 }
            let r = try await post(s, stripped, type: "text/csv")
            try expectProblem(r, 400, code: "newlines_stripped", mentions: ["--data-binary", "-F file=@"])
            #expect(r.body.count < 2_000, "the problem echoes too much: \(r.body.count) bytes")
            // A header-only file is not reported as stripped.
            try expectProblem(
                try await post(s, Array("timestamp,asset,close".utf8), type: "text/csv"), 400, code: "invalid_csv")
        }
    }

    @Test func formsWithoutOneFileOrBrokenAreProblems() async throws {
        try await TestServer.with { s in
            try expectProblem(
                try await post(s, Self.curlForm([("file", Self.csv), ("more", Self.csv)]), type: Self.formType),
                400, code: "multiple_files", mentions: ["2 file parts"])
            try expectProblem(
                try await post(s, Self.curlForm([], fields: [("kind", "bars")]), type: Self.formType),
                400, code: "missing_file", mentions: ["-F file=@"])
            try expectProblem(
                try await post(s, Self.curlForm([("file", Self.csv)]), type: "multipart/form-data"),
                400, code: "invalid_multipart", mentions: ["boundary"])
            let form = Self.curlForm([("file", Self.csv)])
            let cut = try await post(s, Array(form.prefix(form.count - 100)), type: Self.formType)
            try expectProblem(cut, 400, code: "invalid_multipart", mentions: ["cut short"])
            #expect(try cut.json["errors"]?.arrayValue?.first?["code"]?.stringValue == "truncated")
            try expectProblem(
                try await post(
                    s, Self.curlForm([("file", Self.csv)], fields: [("kind", "context")]), type: Self.formType,
                    query: "?kind=bars"),
                400, code: "conflicting_parameters")
        }
    }

    @Test func encodingProblems() async throws {
        try await TestServer.with(maxBodyBytes: 1 << 20) { s in
            let bomb = try Gzip.compress([UInt8](repeating: UInt8(ascii: "1"), count: 64 << 20))
            let r = try await post(s, bomb, type: "text/csv", encoding: "gzip")
            #expect(r.status == 413, "\(r.text)")
            #expect(r.header("Content-Type") == "application/problem+json")
            let gz = try Gzip.compress(Self.csv)
            try expectProblem(
                try await post(s, Array(gz.prefix(gz.count / 2)), type: "text/csv", encoding: "gzip"), 400,
                code: "invalid_content_encoding")
            try expectProblem(
                try await post(s, Self.csv, type: "text/csv", encoding: "gzip"), 400, code: "invalid_content_encoding")
            let br = try await post(s, Self.csv, type: "text/csv", encoding: "br")
            try expectProblem(br, 415, code: "unsupported_content_encoding", mentions: ["gzip"])
            #expect(br.header("Accept-Encoding") == "gzip, deflate")
            #expect(try await s.client.get("/healthz").status == 200)
        }
    }

    @Test func otherMediaTypesAre415ListingEveryAcceptedOne() async throws {
        try await TestServer.with { s in
            try expectProblem(
                try await post(s, Self.csv, type: "text/plain"), 415, code: "unsupported_media_type",
                mentions: ["text/csv", "application/csv", "application/octet-stream", "multipart/form-data"])
        }
    }
}
