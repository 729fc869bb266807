// A problem document stays small whatever it was built from: items past the cap are counted in a
// last item, and long texts are cut with a count of what was left out.
import Testing

@testable import BacktestService

@Suite("Problem bounds")
struct ProblemBoundsTests {
    @Test func itemsPastTheCapAreCounted() throws {
        let items = (0..<10_000).map { ProblemItem(path: "field_\($0)", message: "unknown") }
        let json = Problem.invalidSpec(items).json
        let errors = try #require(json["errors"]?.arrayValue)
        #expect(errors.count == Problem.maxListedErrors)
        #expect(errors[98]["path"]?.stringValue == "field_98")
        #expect(errors.last?["message"]?.stringValue?.hasPrefix("… and 9,901 more problems") == true)
        #expect(JSONWriter.encode(json).count < 16 << 10)
    }

    @Test func longTextsAreCutWithACount() throws {
        let long = String(repeating: "é", count: 1_000_000)
        let item = ProblemItem(line: 1, column: long, code: "x", message: long)
        let json = Problem(.badRequest, code: "x", title: "X", detail: long, errors: [item]).json
        let detail = try #require(json["detail"]?.stringValue)
        #expect(detail.hasSuffix("… (998,000 more characters)"))
        #expect(detail.count < Problem.maxTextCharacters + 40)
        let first = try #require(json["errors"]?.arrayValue?.first)
        #expect((first["column"]?.stringValue?.count ?? .max) <= 64)
        #expect(JSONWriter.encode(json).count < 16 << 10)
        // Short texts are untouched.
        #expect(Problem.bounded("short") == "short")
    }
}
