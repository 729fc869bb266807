// Helpers for the ingest tests: parse CSV text and assert on the problems it produces.

import BacktestEngine
import Testing

@testable import BacktestService

/// Parses bars from text (or raw bytes) with a chosen number of parser threads.
func parseBars(_ text: String, parallelism: Int = 1) throws(IngestError) -> MarketData {
    try parseBars(bytes: Array(text.utf8), parallelism: parallelism)
}

func parseBars(bytes: [UInt8], parallelism: Int = 1) throws(IngestError) -> MarketData {
    let result = bytes.withUnsafeBytes { raw in
        Result { () throws(IngestError) in try CSVIngest.bars(raw, parallelism: parallelism) }
    }
    return try result.get()
}

/// Parses a context series from text.
func parseContext(_ text: String, parallelism: Int = 1) throws(IngestError) -> ContextSeries {
    let result = Array(text.utf8).withUnsafeBytes { raw in
        Result { () throws(IngestError) in try CSVIngest.context(raw, parallelism: parallelism) }
    }
    return try result.get()
}

/// The problems a failing parse reports (records an issue when it succeeds).
func ingestProblems(
    _ parse: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) -> [IngestProblem] {
    do {
        try parse()
    } catch {
        guard let error = error as? IngestError else {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return []
        }
        #expect(!error.problems.isEmpty, sourceLocation: sourceLocation)
        #expect(error.problems.count <= IngestError.maximumProblems, sourceLocation: sourceLocation)
        return error.problems
    }
    Issue.record("expected the upload to be rejected", sourceLocation: sourceLocation)
    return []
}

/// Expects exactly one problem with the given code, line and column whose message contains `words`.
@discardableResult
func expectSingleProblem(
    _ found: [IngestProblem], code: String, line: Int?, column: String?, mentions words: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) -> IngestProblem? {
    #expect(found.count == 1, "problems: \(found)", sourceLocation: sourceLocation)
    guard let problem = found.first else { return nil }
    #expect(problem.code == code, sourceLocation: sourceLocation)
    #expect(problem.line == line, sourceLocation: sourceLocation)
    #expect(problem.column == column, sourceLocation: sourceLocation)
    for word in words {
        #expect(
            problem.message.contains(word), "\"\(problem.message)\" lacks \"\(word)\"", sourceLocation: sourceLocation)
    }
    return problem
}

/// Epoch seconds of a UTC timestamp written as text (test shorthand).
func utc(_ text: String) -> Int64 { UTCTime.parse(text)! }

/// Parses a signals dataset from text.
func parseSignals(_ text: String, parallelism: Int = 1) throws(IngestError) -> SignalSeries {
    let result = Array(text.utf8).withUnsafeBytes { raw in
        Result { () throws(IngestError) in try CSVIngest.signals(raw, parallelism: parallelism) }
    }
    return try result.get()
}
