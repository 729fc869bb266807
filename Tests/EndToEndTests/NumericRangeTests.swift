// Prices outside the documented range are refused at upload with their line and column, and a run
// whose accounting still leaves the finite range fails with a reason instead of succeeding with a
// null final equity.
import Foundation
import TestSupport
import Testing

@Suite("Numeric range of prices and accounting")
struct NumericRangeTests {
    static let header = "timestamp,asset,open,high,low,close,volume,ml_pred,confidence\n"

    @Test(arguments: ["1e-320", "0.0000009", "1e308", "1000000000001"])
    func pricesOutsideTheRangeAreRefused(_ price: String) async throws {
        try await TestServer.with { s in
            let csv =
                Self.header + "2020-01-02,AAA,10,11,9,10,100,0.5,0.9\n"
                + "2020-01-03,AAA,10,\(price),\(price),\(price),100,0.5,0.9\n"
            let response = try await s.client.uploadCSV(csv)
            #expect(response.status == 400)
            let first = try response.json["errors"]?.arrayValue?.first
            #expect(first?["code"]?.stringValue == "price_out_of_range", "\(response.text)")
            #expect(first?["line"]?.numberValue == 3)
            #expect(first?["column"]?.stringValue == "high")
            #expect(first?["message"]?.stringValue?.contains("0.000001 to 1000000000000") == true)
        }
    }

    @Test func pricesAtTheEdgesOfTheRangeAreTaken() async throws {
        try await TestServer.with { s in
            let csv =
                Self.header + "2020-01-02,AAA,0.000001,0.000001,0.000001,0.000001,100,0.5,0.9\n"
                + "2020-01-03,AAA,1000000000000,1e12,1e12,1e12,100,0.5,0.9\n"
            let upload = try await s.client.uploadCSV(csv)
            #expect(upload.status == 201, "\(upload.text)")
        }
    }

    @Test func aRunWhoseAccountingOverflowsFails() async throws {
        try await TestServer.with { s in
            // A short held under an absurd borrow rate: the fees overflow to infinity.
            let csv =
                Self.header + "2020-01-02,AAA,100,101,99,100,1000,0.1,0.9\n"
                + "2020-01-03,AAA,100,101,99,100,1000,0.1,0.9\n" + "2020-01-06,AAA,100,101,99,100,1000,0.1,0.9\n"
                + "2020-01-07,AAA,100,101,99,100,1000,0.1,0.9\n"
            let upload = try await s.client.uploadCSV(csv)
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let spec = CanonicalSpec.json(
                dataset: dataset, params: #""short_below": 0.2, "cover_above": 0.5"#,
                account: #""type": "margin", "borrow_rate": 1e300"#)
            let submitted = try await s.client.submit(spec)
            try #require(submitted.status == 202, "\(submitted.text)")
            let id = try #require(try submitted.json["id"]?.stringValue)
            let job = try await s.client.waitForJob(id)
            #expect(job["status"]?.stringValue == "failed", "\(job)")
            #expect(job["error"]?["code"]?.stringValue == "non_finite_accounting", "\(job)")
            #expect(try await s.client.get("/v1/backtests/\(id)/equity").status == 409)
        }
    }
}
