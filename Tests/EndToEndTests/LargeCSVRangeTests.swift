// HEAD and byte ranges of a large CSV result (as polars reads a URL) over the real server: the table
// is measured once for all of them, concurrent first requests included, and every range is the
// same bytes as the whole download has there.
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Large CSV results: HEAD and ranges without re-rendering")
struct LargeCSVRangeTests {
    @Test func headAndParallelRangesRenderTheTableOnce() async throws {
        try await TestServer.with(streamCSVRows: 1000) { s in
            let csv = SyntheticCSV.canonical(assets: 1, bars: 20_000, seed: 9)
            let upload = try await s.client.send("POST", "/v1/datasets", body: Data(csv), contentType: "text/csv")
            try #require(upload.status == 201, "\(upload.text)")
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let submitted = try await s.client.submit(CanonicalSpec.json(dataset: dataset, fraction: 0.5))
            let id = try #require(try submitted.json["id"]?.stringValue)
            try #require(try await s.client.waitForJob(id)["status"]?.stringValue == "succeeded")
            let url = "/v1/backtests/\(id)/equity?format=csv"

            // A plain first GET streams the text without holding it.
            let whole = try await s.client.get(url)
            #expect(whole.status == 200)
            let text = [UInt8](whole.body)
            #expect(text.count > 20_000 * 20)
            #expect(s.renders.renders == 0)

            // Eight parallel 100-byte ranges (one inside the header, one at the very end) and a HEAD.
            let starts = [0, 10, 4096, 65_535, text.count / 3, text.count / 2, text.count - 250, text.count - 100]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for start in starts {
                    group.addTask {
                        let range = try await s.client.get(url, headers: ["Range": "bytes=\(start)-\(start + 99)"])
                        #expect(range.status == 206)
                        #expect(range.header("Content-Range") == "bytes \(start)-\(start + 99)/\(text.count)")
                        #expect([UInt8](range.body) == Array(text[start..<start + 100]), "range at \(start)")
                    }
                }
                try await group.waitForAll()
            }
            let head = try await s.client.send("HEAD", url)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(text.count))
            #expect(head.header("Accept-Ranges") == "bytes")
            let suffix = try await s.client.get(url, headers: ["Range": "bytes=-37"])
            #expect([UInt8](suffix.body) == Array(text.suffix(37)))
            #expect(try await s.client.get(url, headers: ["Range": "bytes=\(text.count)-"]).status == 416)
            let etag = try #require(whole.header("ETag"))
            #expect(try await s.client.get(url, headers: ["If-None-Match": etag]).status == 304)
            // Once measured, a plain GET carries its length too, and is the same text.
            let again = try await s.client.get(url)
            #expect(again.header("Content-Length") == String(text.count))
            #expect([UInt8](again.body) == text)
            #expect(s.renders.renders == 1)
        }
    }
}
