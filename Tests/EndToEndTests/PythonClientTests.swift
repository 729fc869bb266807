// The README's Python walk-through holds: polars and pandas read result CSVs straight from the URL.
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Python clients read result URLs")
struct PythonClientTests {
    @Test func polarsAndPandasReadFillsFromTheURL() async throws {
        try await TestServer.with { s in
            let csv = String(decoding: SyntheticCSV.canonical(assets: 5, bars: 300, seed: 4), as: UTF8.self)
            let id = try await BacktestFlowTests.run(s, csv: csv, fraction: 0.95)
            let json = try await s.client.get("/v1/backtests/\(id)/fills?limit=10000").json
            let items = try #require(json["items"]?.arrayValue)
            try #require(items.count > 10, "the synthetic data should trade")
            let expectedSum = items.compactMap { $0["quantity"]?.numberValue }.reduce(0, +)
            let url = "\(s.client.baseURL)/v1/backtests/\(id)/fills?format=csv"
            let script = ParityTests.peers.appendingPathComponent("read_url.py")
            let outcome = try await Python.runOffPool(script, [url, "quantity"])
            try #require(outcome.status == 0, "read_url.py failed: \(outcome.output)")
            let line = outcome.output.split(separator: "\n").last.map(String.init) ?? ""
            let read = try JSONParser.parse(Array(line.utf8))
            #expect(read["polars_rows"]?.numberValue == Double(items.count))
            #expect(read["pandas_rows"]?.numberValue == Double(items.count))
            #expect(read["polars_sum"]?.numberValue == expectedSum)
            #expect(read["pandas_sum"]?.numberValue == expectedSum)
            #expect(read["polars_columns"]?.arrayValue?.first?.stringValue == "timestamp")
        }
    }
}
