// MultipartFormTests: the multipart/form-data scanner on what real clients send (curl -F byte for
// byte, bare LF, preambles, quoting) and on every way a body can be wrong; MediaType parsing.

import Testing

@testable import MicroHTTP

@Suite struct MultipartFormTests {
    /// What curl 7.88.1 sent for `curl -F "file=@tiny.csv;type=text/csv" -F kind=bars` (captured).
    static let curlBoundary = "------------------------4f1c6a0b4188183a"
    static let curlBody =
        "--------------------------4f1c6a0b4188183a\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"tiny.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n"
        + "timestamp,asset,close\r\n2020-01-02,AAA,10\r\n\r\n"
        + "--------------------------4f1c6a0b4188183a\r\n"
        + "Content-Disposition: form-data; name=\"kind\"\r\n\r\n"
        + "bars\r\n"
        + "--------------------------4f1c6a0b4188183a--\r\n"

    func parts(_ body: String, boundary: String) throws(MultipartError) -> [MultipartPart] {
        let bytes = Array(body.utf8)
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(MultipartError) in try MultipartForm.parts(raw, boundary: Array(boundary.utf8)) }
        }
        return try result.get()
    }

    func content(_ body: String, _ part: MultipartPart) -> String {
        String(decoding: Array(body.utf8)[part.content], as: UTF8.self)
    }

    @Test func curlFormSplitsIntoFileAndField() throws {
        let found = try parts(Self.curlBody, boundary: Self.curlBoundary)
        #expect(found.count == 2)
        #expect(found[0].name == "file")
        #expect(found[0].filename == "tiny.csv")
        #expect(found[0].contentType == "text/csv")
        #expect(found[0].isFile)
        // The CSV keeps its own CRLFs; only the line break before the boundary is dropped.
        #expect(content(Self.curlBody, found[0]) == "timestamp,asset,close\r\n2020-01-02,AAA,10\r\n")
        #expect(found[1].name == "kind" && !found[1].isFile)
        #expect(content(Self.curlBody, found[1]) == "bars")
    }

    @Test func bareLineFeedsPreambleEpilogueAndQuotedParameters() throws {
        let body =
            "a preamble line\n--xyz  \nContent-Disposition: form-data; name=\"up\"; "
            + "filename=\"we\\\"ird; name.csv\"\ncontent-type: application/octet-stream\n\n"
            + "a,b\n1,2 --xyz is not a boundary here\n--xyz\nContent-Disposition: form-data; name=empty\n\n\n"
            + "--xyz--\nepilogue"
        let found = try parts(body, boundary: "xyz")
        #expect(found.count == 2)
        #expect(found[0].filename == "we\"ird; name.csv")
        #expect(found[0].contentType == "application/octet-stream")
        #expect(content(body, found[0]) == "a,b\n1,2 --xyz is not a boundary here")
        #expect(found[1].name == "empty")
        #expect(found[1].content.isEmpty)
    }

    @Test func partWithoutHeadersAndRFC5987FilenameAreRead() throws {
        let body =
            "--b\r\n\r\nraw\r\n--b\r\nContent-Disposition: form-data; name=f; filename*=UTF-8''bars%20x.csv\r\n\r\nx\r\n--b--"
        let found = try parts(body, boundary: "b")
        #expect(found.count == 2)
        #expect(found[0].name == nil && content(body, found[0]) == "raw")
        #expect(found[1].filename == "bars%20x.csv")
    }

    @Test func closeRightAwayIsAFormWithoutParts() throws {
        #expect(try parts("--b--\r\n", boundary: "b").isEmpty)
    }

    @Test func brokenBodiesAreTypedErrors() {
        #expect(throws: MultipartError.truncated) { try parts("", boundary: "b") }
        #expect(throws: MultipartError.noOpeningBoundary) { try parts("timestamp,asset\n1,2\n", boundary: "b") }
        #expect(throws: MultipartError.noOpeningBoundary) { try parts(Self.curlBody, boundary: "other") }
        let cut = String(Self.curlBody.prefix(Self.curlBody.count - 60))
        #expect(throws: MultipartError.truncated) { try parts(cut, boundary: Self.curlBoundary) }
        #expect(throws: MultipartError.truncated) { try parts("--b\r\nContent-Disposition: form-data", boundary: "b") }
        #expect(throws: MultipartError.malformedPartHeaders(part: 1)) {
            try parts("--b\r\nno colon here\r\n\r\nx\r\n--b--", boundary: "b")
        }
        #expect(throws: MultipartError.malformedPartHeaders(part: 1)) {
            try parts("--bX\r\n\r\nx\r\n--b--", boundary: "b")
        }
        let endless = "--b\r\n" + String(repeating: "X-Long: header\r\n", count: 2000) + "\r\nx\r\n--b--"
        #expect(throws: MultipartError.malformedPartHeaders(part: 1)) { try parts(endless, boundary: "b") }
    }

    @Test func boundaryComesFromTheContentType() throws {
        let type = try #require(MediaType("multipart/form-data; boundary=\"--a b\"; charset=utf-8"))
        #expect(type.essence == "multipart/form-data")
        #expect(MultipartForm.boundary(of: type) == .success(Array("--a b".utf8)))
        let bare = try #require(MediaType("Multipart/Form-Data"))
        #expect(MultipartForm.boundary(of: bare) == .failure(.missingBoundary))
        let empty = try #require(MediaType("multipart/form-data; boundary="))
        #expect(MultipartForm.boundary(of: empty) == .failure(.invalidBoundary("")))
        let long = try #require(MediaType("multipart/form-data; boundary=" + String(repeating: "x", count: 201)))
        guard case .failure(.invalidBoundary) = MultipartForm.boundary(of: long) else {
            Issue.record("a 201-character boundary was accepted")
            return
        }
    }

    @Test func mediaTypesParse() throws {
        let csv = try #require(MediaType(" Text/CSV ; Charset=UTF-8"))
        #expect(csv.essence == "text/csv")
        #expect(csv.parameter("charset") == "UTF-8")
        #expect(MediaType("") == nil)
        #expect(MediaType("csv") == nil)
        #expect(MediaType("text/") == nil)
    }

    @Test func aLargeFilePartIsFoundWhole() throws {
        let csv = String(decoding: sampleText(2_000_000), as: UTF8.self)
        let body =
            "--" + Self.curlBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
            + csv + "\r\n--" + Self.curlBoundary + "--\r\n"
        let found = try parts(body, boundary: Self.curlBoundary)
        #expect(found.count == 1)
        #expect(found[0].content.count == csv.utf8.count)
        #expect(content(body, found[0]) == csv)
    }
}
