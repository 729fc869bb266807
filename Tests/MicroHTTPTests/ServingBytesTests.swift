// ServingBytesTests: byte ranges (206 / 416), multi-range fallback, ETag and If-None-Match (304).

import Testing

@testable import MicroHTTP

@Suite struct ServingBytesTests {
    private let body = Array("0123456789abcdefghij".utf8) // 20 bytes

    private func serve(_ headers: HTTPHeaders, method: HTTPMethod = .GET, etag: String? = "v1") -> Response {
        Response.servingBytes(
            body, contentType: "text/csv", etag: etag, for: Request(method: method, path: "/r", headers: headers))
    }

    private func bytes(_ response: Response) -> String {
        guard case .bytes(let bytes) = response.body else { return "<stream>" }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func fullBodyAdvertisesRanges() {
        let response = serve([:])
        #expect(response.status == .ok)
        #expect(response.headers["Accept-Ranges"] == "bytes")
        #expect(response.headers["ETag"] == "\"v1\"")
        #expect(response.headers["Content-Type"] == "text/csv")
        #expect(response.contentLength == 20)
    }

    @Test(arguments: [
        ("bytes=0-3", "0123", "bytes 0-3/20"),
        ("bytes=10-", "abcdefghij", "bytes 10-19/20"),
        ("bytes=-5", "fghij", "bytes 15-19/20"),
        ("bytes=5-100", "56789abcdefghij", "bytes 5-19/20"),
        ("bytes=-50", "0123456789abcdefghij", "bytes 0-19/20"),
    ])
    func singleRanges(range: String, expected: String, contentRange: String) {
        let response = serve(["Range": range])
        #expect(response.status == .partialContent)
        #expect(bytes(response) == expected)
        #expect(response.headers["Content-Range"] == contentRange)
    }

    @Test(arguments: ["bytes=20-", "bytes=25-30", "bytes=-0"])
    func unsatisfiableRanges(range: String) {
        let response = serve(["Range": range])
        #expect(response.status == .rangeNotSatisfiable)
        #expect(response.headers["Content-Range"] == "bytes */20")
    }

    @Test(arguments: ["bytes=0-1,4-5", "bytes=5-2", "items=0-3", "bytes=a-b", "bytes="])
    func ignoredRangesServeWhole(range: String) {
        let response = serve(["Range": range])
        #expect(response.status == .ok)
        #expect(bytes(response) == "0123456789abcdefghij")
    }

    @Test func ifNoneMatchGivesNotModified() {
        #expect(serve(["If-None-Match": "\"v1\""]).status == .notModified)
        #expect(serve(["If-None-Match": "\"v0\", W/\"v1\""]).status == .notModified)
        #expect(serve(["If-None-Match": "*"]).status == .notModified)
        #expect(serve(["If-None-Match": "\"v2\""]).status == .ok)
        #expect(serve(["If-None-Match": "\"v1\""], etag: nil).status == .ok)
    }

    @Test func staleIfRangeServesWhole() {
        #expect(serve(["Range": "bytes=0-3", "If-Range": "\"v0\""]).status == .ok)
        #expect(serve(["Range": "bytes=0-3", "If-Range": "\"v1\""]).status == .partialContent)
    }

    @Test func emptyResourceRangeIsUnsatisfiable() {
        let response = Response.servingBytes(
            [], contentType: "text/csv", etag: nil,
            for: Request(method: .GET, path: "/r", headers: ["Range": "bytes=0-3"]))
        #expect(response.status == .rangeNotSatisfiable)
    }
}
