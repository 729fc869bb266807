// Context series uploads: parsing, ordering, missing values, and their specific errors.

import BacktestEngine
import Testing

@testable import BacktestService

@Suite struct CSVIngestContextTests {
    @Test func parsesAndSorts() throws {
        let series = try parseContext(
            """
            timestamp,vix,regime
            2020-01-03,14.5,
            2020-01-02,13.25,1
            2020-01-06T00:00:00Z,NaN,2
            """)
        #expect(series.names == ["vix", "regime"])
        #expect(series.timestamps == [utc("2020-01-02"), utc("2020-01-03"), utc("2020-01-06")])
        #expect(series.columns[0][0] == 13.25 && series.columns[0][1] == 14.5 && series.columns[0][2].isNaN)
        #expect(series.columns[1][0] == 1 && series.columns[1][1].isNaN && series.columns[1][2] == 2)
        #expect(series.rowCount == 3)
    }

    @Test(arguments: [1, 3])
    func chunkedContext(parallelism: Int) throws {
        var text = "timestamp,x\n"
        for day in (1...28).reversed() { text += "2021-02-\(day < 10 ? "0" : "")\(day),\(day)\n" }
        let series = try parseContext(text, parallelism: parallelism)
        #expect(series.columns[0] == (1...28).map(Double.init))
    }

    @Test func rejectsAssetColumn() {
        let found = ingestProblems { _ = try parseContext("timestamp,asset,vix\n2020-01-02,A,1\n") }
        expectSingleProblem(
            found, code: "unexpected_column", line: 1, column: "asset",
            mentions: ["has no asset column", "remove it", "upload per-asset data as a dataset"])
    }

    @Test func rejectsDuplicateTimestamp() {
        let found = ingestProblems {
            _ = try parseContext("timestamp,vix\n2020-01-02,1\n2020-01-03,2\n2020-01-02T00:00:00Z,3\n")
        }
        expectSingleProblem(
            found, code: "duplicate_timestamp", line: 4, column: "timestamp",
            mentions: ["2020-01-02T00:00:00Z already appears on line 2", "keep one row per timestamp"])
    }

    @Test func requiresTimestampAndAValueColumn() {
        let noTimestamp = ingestProblems { _ = try parseContext("date,vix\n2020-01-02,1\n") }
        expectSingleProblem(
            noTimestamp, code: "missing_column", line: 1, column: "timestamp",
            mentions: ["did you mean date?"])
        let noValues = ingestProblems { _ = try parseContext("timestamp\n2020-01-02\n") }
        expectSingleProblem(
            noValues, code: "missing_column", line: 1, column: nil, mentions: ["at least one numeric column"])
    }

    @Test func rejectsInfinity() {
        let found = ingestProblems { _ = try parseContext("timestamp,vix\n2020-01-02,-inf\n") }
        expectSingleProblem(found, code: "non_finite", line: 2, column: "vix", mentions: ["\"-inf\""])
    }
}
