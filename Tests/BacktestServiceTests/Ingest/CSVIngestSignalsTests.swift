// Signals uploads in long format: parsing, ordering, availability defaults, revisions, and their
// specific errors.

import BacktestEngine
import Testing

@testable import BacktestService

@Suite struct CSVIngestSignalsTests {
    @Test(arguments: [1, 3])
    func parsesSortsAndDefaultsAvailability(parallelism: Int) throws {
        // Columns in any order; rows in any order; an empty available_at is the timestamp, one before
        // the timestamp counts as the timestamp; an empty value is missing.
        let series = try parseSignals(
            """
            asset,value,name,timestamp,available_at
            B,0.5,ml_pred,2020-01-03,2020-01-03T16:00:00Z
            A,0.25,exit_model,2020-01-02,
            A,0.75,ml_pred,2020-01-02,2020-01-01
            A,,ml_pred,2020-01-03,
            A,0.8,ml_pred,2020-01-02,2020-01-04
            """, parallelism: parallelism)
        #expect(series.assets == ["A", "B"])
        #expect(series.names == ["exit_model", "ml_pred"])
        // (name, asset, timestamp, available_at) order.
        #expect(series.name == [0, 1, 1, 1, 1])
        #expect(series.asset == [0, 0, 0, 0, 1])
        #expect(
            series.timestamp == [
                utc("2020-01-02"), utc("2020-01-02"), utc("2020-01-02"), utc("2020-01-03"), utc("2020-01-03"),
            ])
        #expect(
            series.availableAt == [
                utc("2020-01-02"), utc("2020-01-02"), utc("2020-01-04"), utc("2020-01-03"),
                utc("2020-01-03T16:00:00Z"),
            ])
        #expect(series.value[0] == 0.25 && series.value[1] == 0.75 && series.value[2] == 0.8)
        #expect(series.value[3].isNaN && series.value[4] == 0.5)
    }

    @Test func withoutAvailableAtEveryValueIsKnownAtItsTimestamp() throws {
        let series = try parseSignals("timestamp,asset,name,value\n2020-01-02,A,p,1\n2020-01-01,A,p,2\n")
        #expect(series.availableAt == series.timestamp)
        #expect(series.value == [2, 1])
    }

    @Test func rejectsDuplicatesWithBothLines() {
        let found = ingestProblems {
            _ = try parseSignals(
                "timestamp,asset,name,value,available_at\n2020-01-02,A,p,1,\n2020-01-03,A,p,1,\n2020-01-02,A,p,2,2020-01-01\n"
            )
        }
        expectSingleProblem(
            found, code: "duplicate_signal", line: 4, column: "value",
            mentions: ["line 4", "\"p\"", "\"A\"", "already appears on line 2", "later available_at"])
    }

    @Test func namesTheMissingColumnsWithSuggestions() {
        let found = ingestProblems { _ = try parseSignals("timestamp,symbol,signal,prediction\n2020-01-02,A,p,1\n") }
        // Each near miss is offered as the fix for its missing column, and not reported again.
        #expect(found.map(\.code) == ["missing_column", "missing_column", "missing_column"])
        #expect(found[0].message.contains("did you mean symbol? Rename it to asset"))
        #expect(found[1].message.contains("did you mean signal? Rename it to name"))
        #expect(found[2].message.contains("did you mean prediction? Rename it to value"))
    }

    @Test func rejectsOtherColumnsAsLongFormat() {
        let found = ingestProblems {
            _ = try parseSignals("timestamp,asset,name,value,availabe_at\n2020-01-02,A,p,1,2020-01-02\n")
        }
        expectSingleProblem(
            found, code: "unexpected_column", line: 1, column: "availabe_at",
            mentions: ["long format", "did you mean \"available_at\""])
    }

    @Test func rejectsAnEmptyNameAndABadAvailability() {
        let found = ingestProblems {
            _ = try parseSignals("timestamp,asset,name,value,available_at\n2020-01-02,A,,1,\n2020-01-02,A,p,1,soon\n")
        }
        #expect(found.map(\.code) == ["empty_signal_name", "bad_timestamp"])
        #expect(found.map(\.line) == [2, 3])
        #expect(found.map(\.column) == ["name", "available_at"])
    }
}
