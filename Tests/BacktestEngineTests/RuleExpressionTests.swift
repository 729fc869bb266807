// Rule expressions: the grammar's precedence, syntax errors at their character, and compiled
// programs evaluated by hand and against the threshold template's own entry test on random data.
import Testing

@testable import BacktestEngine

@Suite struct RuleExpressionTests {
    func name(_ n: String, _ p: Int) -> RuleExpression { .name(n, position: p) }

    @Test func precedenceIsOrAndNotComparisonSumProduct() throws {
        let e = try RuleParser.parse("a > 1 and not b < 2 * c + 1 or ctx.vix <= 30")
        let lhs = RuleExpression.binary(
            .and, .binary(.greater, name("a", 1), .number(1)),
            .not(
                .binary(.less, name("b", 15), .binary(.add, .binary(.multiply, .number(2), name("c", 23)), .number(1))))
        )
        #expect(e == .binary(.or, lhs, .binary(.lessOrEqual, name("ctx.vix", 32), .number(30))))
        #expect(try RuleParser.parse("-x - -2") == .binary(.subtract, .negate(name("x", 2)), .negate(.number(2))))
        #expect(
            try RuleParser.parse("(a + b) * c")
                == .binary(.multiply, .binary(.add, name("a", 2), name("b", 6)), name("c", 11)))
        #expect(
            try RuleParser.parse("pct_rank(momentum) > 0.8 AND sma(close, 20) > 1e2")
                == .binary(
                    .and, .binary(.greater, .call("pct_rank", [name("momentum", 10)], position: 1), .number(0.8)),
                    .binary(.greater, .call("sma", [name("close", 34), .number(20)], position: 30), .number(100))))
    }

    @Test(arguments: [
        ("ml_pred > ", 11, "expected a value, found the end"),
        ("(a > 1", 7, "expected \")\" to close the \"(\" at character 1, found the end"),
        ("a = 1", 3, "unexpected \"=\" (compare with \"==\")"),
        ("a > 1 b", 7, "expected an operator or the end, found \"b\""),
        ("0 < a < 1", 7, "comparisons do not chain; write \"a < b and b < c\""),
        ("a and and b", 7, "expected a value before \"and\""),
        ("a # b", 3, "unexpected \"#\""),
        ("   ", 1, "the expression is empty"),
        ("f(a,)", 5, "expected a value, found \")\""),
    ])
    func syntaxErrorsNameTheCharacter(text: String, position: Int, message: String) {
        #expect(throws: RuleSyntaxError(position: position, message: message)) { try RuleParser.parse(text) }
    }

    @Test func hostileExpressionsAreRefusedNotRecursedInto() {
        let deep = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        #expect(throws: RuleSyntaxError.self) { try RuleParser.parse(deep) }
        #expect(throws: RuleSyntaxError.self) { try RuleParser.parse(String(repeating: "not ", count: 1_000) + "a") }
        let long = Array(repeating: "a > 1", count: 1_000).joined(separator: " and ")
        #expect(throws: RuleSyntaxError(position: 4_097, message: "the expression has 9995 characters; at most 4096")) {
            try RuleParser.parse(long)
        }
    }

    static let data = Fixtures.singleAsset(opens: [10, 11, 12], closes: [10, 11, 12], signal: [0.9, .nan, 0.2])

    static func program(_ text: String) throws -> RuleProgram {
        let catalog = ColumnCatalog(data: data, context: nil)
        return try RuleProgram(try RuleParser.parse(text), resolve: catalog.resolveRule)
    }

    static let flat = RulePositionState(position: 0)

    @Test func evaluatesByHand() throws {
        // Row 0: sig 0.9, close 10.
        #expect(try Self.program("sig * 10 - close / 2").value(row: 0, bar: 0, Self.flat) == 0.9 * 10 - 10.0 / 2)
        #expect(try Self.program("sig > 0.8 and close >= 10").holds(row: 0, bar: 0, Self.flat))
        #expect(try !Self.program("sig > 0.8 and close > 10").holds(row: 0, bar: 0, Self.flat))
        #expect(try Self.program("sig < 0.1 or not close == 11").holds(row: 0, bar: 0, Self.flat))
        let short = RulePositionState(position: -5)
        #expect(try Self.program("position < 0 and -position * close == 60").holds(row: 2, bar: 2, short))
    }

    @Test func aMissingValueNeverFires() throws {
        // Row 1: sig is NaN.
        for text in [
            "sig > 0.5", "sig <= 0.5", "sig == sig", "sig != 0.5", "not sig > 0.5", "not sig", "sig", "sig or 0",
        ] {
            #expect(try !Self.program(text).holds(row: 1, bar: 1, Self.flat), "\(text)")
        }
        // Unknown or true is true; unknown and false is false (and so its negation is true).
        #expect(try Self.program("not (sig > 0.5) or 1").holds(row: 1, bar: 1, Self.flat))
        #expect(try Self.program("not (sig > 0.5 and close > 100)").holds(row: 1, bar: 1, Self.flat))
        #expect(try !Self.program("sig > 0.5 and close > 1").holds(row: 1, bar: 1, Self.flat))
    }

    @Test func unknownNamesAndFunctionsNameTheirPosition() {
        #expect(throws: RuleCompileError.unknownName("sgi", position: 5)) { try Self.program("1 < sgi") }
        #expect(throws: RuleCompileError.unknownFunction("frob", position: 1)) {
            try Self.program("frob(sig) > 1")
        }
    }

    /// The canonical entry, `ml_pred > 0.8 and confidence > 0.7`, holds on exactly the rows where the
    /// threshold template's own test (signal above, then its filter) passes, NaN rows included.
    @Test func theCanonicalEntryAgreesWithTheThresholdTestOnEveryRow() throws {
        let data = RandomData.make(assets: 7, bars: 300, seed: 5, sparse: true)
        let catalog = ColumnCatalog(data: data, context: nil)
        let program = try RuleProgram(
            try RuleParser.parse("ml_pred > 0.8 and confidence > 0.7"), resolve: catalog.resolveRule)
        let filter = ResolvedFilter(column: catalog.resolve("confidence"), op: .greater, value: 0.7)
        let signal = catalog.resolve("ml_pred")
        var agreed = 0
        for t in 0..<data.timestamps.count {
            for row in data.rowStart[t]..<data.rowStart[t + 1] {
                let threshold = signal.value(row: row, bar: t) > 0.8 && filter.passes(row: row, bar: t) == 1
                #expect(program.holds(row: row, bar: t, Self.flat) == threshold)
                if threshold { agreed += 1 }
            }
        }
        #expect(agreed > 10)
    }
}
