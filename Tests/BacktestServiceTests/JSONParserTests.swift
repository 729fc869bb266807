// The strict JSON parser: values, order, escapes, and the position of syntax errors.

import Testing

@testable import BacktestService

@Suite("JSON parser and writer")
struct JSONParserTests {
    func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func parsesValuesKeepingMemberOrder() throws {
        let v = try parse(#"{"b": [1, -2.5e3, true, null], "a": "x\"y\u00e9\ud83d\ude00"}"#)
        guard case .object(let o) = v else {
            Issue.record("not an object")
            return
        }
        #expect(o.keys == ["b", "a"])
        #expect(o["b"] == .array([.number(1), .number(-2500), .bool(true), .null]))
        #expect(o["a"] == .string("x\"yé😀"))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9), ("[1 2]", 1, 4), ("{\"a\" 1}", 1, 6), ("\n  tru", 2, 3), ("01", 1, 1),
        ("{\"a\": 1, \"a\": 2}", 1, 10), ("\"abc", 1, 5), ("", 1, 1), ("[1] x", 1, 5),
    ])
    func reportsWhereSyntaxBreaks(_ text: String, _ line: Int, _ column: Int) {
        do {
            _ = try parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.line == line && error.column == column, "\(text): \(error)")
        }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONSyntaxError.self) { try parse(deep) }
    }

    @Test func writesRoundTripNumbersAndEscapes() throws {
        let value: JSONValue = .object([
            "n": .number(0.1), "i": .number(1_000_000), "s": .string("a\"\n\u{1}"),
            "nan": .finite(.nan), "neg": .number(-2.5),
        ])
        let text = String(decoding: JSONWriter.encode(value), as: UTF8.self)
        #expect(text == #"{"n":0.1,"i":1000000,"s":"a\"\n\u0001","nan":null,"neg":-2.5}"#)
        #expect(try parse(text) == value.withNaNAsNull)
    }
}

extension JSONValue {
    /// The value as it reads back after writing (NaN becomes null).
    var withNaNAsNull: JSONValue {
        switch self {
        case .number(let x) where !x.isFinite: .null
        case .array(let a): .array(a.map(\.withNaNAsNull))
        case .object(let o):
            .object(JSONObject(members: o.members.map { (key: $0.key, value: $0.value.withNaNAsNull) }))
        default: self
        }
    }
}
