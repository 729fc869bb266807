// Every ingest error: its code, line and column, and a message that names the fix.

import BacktestEngine
import Testing

@testable import BacktestService

@Suite struct CSVIngestErrorTests {
    let header = "timestamp,asset,open,high,low,close,volume,ml_pred"
    let good = "2020-01-02T14:30:00Z,AAPL,100,101,99,100.5,10,0.5"

    @Test func emptyBody() {
        for text in ["", "\n\n", "  \r\n", "\u{FEFF}"] {
            expectSingleProblem(
                ingestProblems { _ = try parseBars(text) }, code: "empty_body", line: nil, column: nil,
                mentions: ["empty", "header"])
        }
    }

    @Test func headerOnly() {
        expectSingleProblem(
            ingestProblems { _ = try parseBars(header + "\n\n") }, code: "empty_body", line: nil, column: nil,
            mentions: ["no data rows", "add at least one row"])
    }

    @Test func missingColumnWithSuggestion() {
        let found = ingestProblems { _ = try parseBars("timestamp,asset,Close\n2020-01-02,A,1\n") }
        expectSingleProblem(
            found, code: "missing_column", line: 1, column: "close",
            mentions: ["found: timestamp, asset, Close", "did you mean Close?", "Rename it to close"])
        let misspelt = ingestProblems { _ = try parseBars("timestmp,symbol,close\n") }
        #expect(misspelt.map(\.code) == ["missing_column", "missing_column"])
        #expect(misspelt.map(\.column) == ["timestamp", "asset"])
        #expect(misspelt[0].message.contains("did you mean timestmp?"))
        #expect(misspelt[1].message.contains("did you mean symbol?"))
        let unrelated = ingestProblems { _ = try parseBars("timestamp,asset,price_x\n") }
        expectSingleProblem(
            unrelated, code: "missing_column", line: 1, column: "close", mentions: ["add a close column"])
    }

    @Test func duplicateAndEmptyColumnNames() {
        let found = ingestProblems { _ = try parseBars("timestamp,asset,close, close ,,x\n") }
        #expect(found.map(\.code) == ["duplicate_column", "empty_column_name"])
        #expect(found[0].line == 1 && found[0].column == "close")
        #expect(found[0].message.contains("fields 3 and 4") && found[0].message.contains("rename or remove"))
        #expect(
            found[1].line == 1 && found[1].message.contains("field 5")
                && found[1].message.contains("give every column a name"))
    }

    @Test func raggedRow() {
        let text = "\(header)\n\(good)\n2020-01-02T14:31:00Z,AAPL,100,101,99,100.5,10\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(text) }, code: "ragged_row", line: 3, column: nil,
            mentions: ["expected 8 fields", "found 7", "add the missing cells"])
        let extra = "\(header)\n\(good),1\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(extra) }, code: "ragged_row", line: 2, column: nil,
            mentions: ["expected 8 fields", "found 9"])
    }

    @Test func badNumber() {
        let text = "\(header)\n\(good)\n2020-01-02T14:31:00Z,AAPL,100,101,99,abc,10,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(text) }, code: "bad_number", line: 3, column: "close",
            mentions: ["line 3, column close: \"abc\" is not a number; write a decimal like 101.25"])
        let empty = "\(header)\n2020-01-02T14:31:00Z,AAPL,100,101,99,,10,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(empty) }, code: "bad_number", line: 2, column: "close",
            mentions: ["empty", "write a decimal"])
        let signal = "\(header)\n2020-01-02T14:31:00Z,AAPL,100,101,99,100,10,0.5x\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(signal) }, code: "bad_number", line: 2, column: "ml_pred",
            mentions: ["\"0.5x\""])
        let long = "\(header)\n2020-01-02T14:31:00Z,AAPL,100,101,99,100,10,\(String(repeating: "z", count: 100))\n"
        let truncated = expectSingleProblem(
            ingestProblems { _ = try parseBars(long) }, code: "bad_number", line: 2,
            column: "ml_pred", mentions: ["…"])
        #expect((truncated?.message.count ?? 0) < 150)
    }

    @Test func nonFiniteValues() {
        let price = "\(header)\n2020-01-02T14:31:00Z,AAPL,100,101,99,NaN,10,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(price) }, code: "non_finite", line: 2, column: "close",
            mentions: ["\"NaN\"", "finite value"])
        let signal = "\(header)\n2020-01-02T14:31:00Z,AAPL,100,101,99,100,10,inf\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(signal) }, code: "non_finite", line: 2, column: "ml_pred",
            mentions: ["\"inf\"", "leave the cell empty"])
        let huge = "\(header)\n2020-01-02T14:31:00Z,AAPL,100,101,99,1e999,10,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(huge) }, code: "non_finite", line: 2, column: "close",
            mentions: ["1e999"])
    }

    @Test func nonPositivePrice() {
        let text = "\(header)\n2020-01-02T14:31:00Z,AAPL,0,101,99,100,10,0.5\n2020-01-03,AAPL,1,1,-1,1,1,\n"
        let found = ingestProblems { _ = try parseBars(text) }
        #expect(found.map(\.code) == ["non_positive_price", "non_positive_price"])
        #expect(found.map(\.line) == [2, 3] && found.map(\.column) == ["open", "low"])
        #expect(found.allSatisfy { $0.message.contains("must be greater than 0") })
    }

    @Test func highBelowLow() {
        let text = "\(header)\n2020-01-02T14:31:00Z,AAPL,100,99,101,100,10,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(text) }, code: "high_below_low", line: 2, column: "high",
            mentions: ["high 99.0 is below low 101.0", "high is at least low"])
        let defaulted = "timestamp,asset,low,close\n2020-01-02,A,5,4\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(defaulted) }, code: "high_below_low", line: 2, column: "close",
            mentions: ["below low 5.0"])
    }

    @Test func negativeVolume() {
        let text = "\(header)\n2020-01-02T14:31:00Z,AAPL,100,101,99,100,-5,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(text) }, code: "negative_volume", line: 2, column: "volume",
            mentions: ["\"-5\"", "write 0 or more"])
    }

    @Test func badTimestamp() {
        let text = "\(header)\n\(good)\n2020/01/02 14:31,AAPL,100,101,99,100,5,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(text) }, code: "bad_timestamp", line: 3, column: "timestamp",
            mentions: ["\"2020/01/02 14:31\"", "2020-01-02T14:30:00Z", "2020-01-02T14:30:00+00:00", "2020-01-02"])
        let offset = "\(header)\n2020-01-02T14:31:00+05:00,AAPL,100,101,99,100,5,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(offset) }, code: "bad_timestamp", line: 2, column: "timestamp",
            mentions: ["non-UTC offset", "convert it to UTC"])
        let fraction = "\(header)\n2020-01-02T14:31:00.250Z,AAPL,100,101,99,100,5,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(fraction) }, code: "bad_timestamp", line: 2, column: "timestamp",
            mentions: ["fractional seconds", "whole seconds"])
    }

    @Test(arguments: [1, 3])
    func duplicateBarNamesBothLines(parallelism: Int) {
        let sorted = "\(header)\n\(good)\n2020-01-02T14:31:00Z,AAPL,1,1,1,1,1,\n\(good)\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(sorted, parallelism: parallelism) }, code: "duplicate_bar",
            line: 4, column: "timestamp",
            mentions: ["line 4: asset \"AAPL\" at 2020-01-02T14:30:00Z already appears on line 2", "keep one bar"])
        let adjacent = "timestamp,asset,close\n2020-01-02,A,1\n\n2020-01-02,A,2\n2020-01-02,B,2\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(adjacent, parallelism: parallelism) }, code: "duplicate_bar",
            line: 4, column: "timestamp", mentions: ["already appears on line 2"])
    }

    @Test func notUTF8() {
        var bytes = Array("\(header)\n\(good)\n2020-01-02T14:31:00Z,AA".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(",100,101,99,100,5,0.5\n".utf8)
        expectSingleProblem(
            ingestProblems { _ = try parseBars(bytes: bytes) }, code: "not_utf8", line: 3, column: "asset",
            mentions: ["line 3, column asset", "save the file as UTF-8"])
        var inHeader = Array("timestamp,asset,close,x".utf8)
        inHeader += [0xC3]
        inHeader += Array("\n2020-01-02,A,1,1\n".utf8)
        expectSingleProblem(
            ingestProblems { _ = try parseBars(bytes: inHeader) }, code: "not_utf8", line: 1, column: nil,
            mentions: ["UTF-8"])
    }

    @Test func emptyAssetAndBadQuote() {
        let text =
            "\(header)\n2020-01-02T14:31:00Z,,100,101,99,100,5,0.5\n2020-01-02T14:32:00Z,\"AB,100,101,99,100,5,0.5\n"
        let found = ingestProblems { _ = try parseBars(text) }
        #expect(found.map(\.code) == ["empty_asset", "bad_quote"])
        #expect(found[0].line == 2 && found[0].column == "asset" && found[0].message.contains("such as AAPL"))
        #expect(found[1].line == 3 && found[1].column == "asset" && found[1].message.contains("no closing quote"))
    }

    @Test(arguments: [1, 2, 4])
    func problemsAreCappedInLineOrder(parallelism: Int) {
        var text = header + "\n"
        for i in 0..<40 { text += "2020-01-02T14:\(10 + i):00Z,AAPL,100,101,99,oops,5,0.5\n" }
        let found = ingestProblems { _ = try parseBars(text, parallelism: parallelism) }
        #expect(found.count == IngestError.maximumProblems)
        #expect(found.dropLast().map(\.line) == (2...20).map { Optional($0) })
        #expect(found.last?.code == "too_many_problems" && found.last?.line == nil)
    }

    @Test func lineNumbersSurviveChunking() {
        var text = header + "\n"
        for i in 0..<50 { text += "2020-01-02T14:\(10 + i):00Z,AAPL,100,101,99,100,5,0.5\n" }
        text += "\n2020-01-03T14:00:00Z,AAPL,100,101,99,-1,5,0.5\n"
        expectSingleProblem(
            ingestProblems { _ = try parseBars(text, parallelism: 4) }, code: "non_positive_price",
            line: 53, column: "close", mentions: ["line 53"])
    }
}
