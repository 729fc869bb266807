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
        return try RuleProgram(try RuleParser.parse(text), catalog: catalog)
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
        let program = try RuleProgram(try RuleParser.parse("ml_pred > 0.8 and confidence > 0.7"), catalog: catalog)
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

/// Each rule function's column worked out by hand on two assets (B missing at bar 2).
@Suite struct RuleFunctionTests {
    // bar:    0   1   2   3   4
    // A sig:  1   2   4   8   NaN
    // B sig:  3   1   -   2   5
    static let data = Fixtures.marketData(
        assets: ["A", "B"], signalNames: ["sig"],
        bars: [
            BarSpec(timestamp: 100, asset: 0, open: 10, close: 10, signals: [1]),
            BarSpec(timestamp: 100, asset: 1, open: 10, close: 10, signals: [3]),
            BarSpec(timestamp: 200, asset: 0, open: 10, close: 10, signals: [2]),
            BarSpec(timestamp: 200, asset: 1, open: 10, close: 10, signals: [1]),
            BarSpec(timestamp: 300, asset: 0, open: 10, close: 10, signals: [4]),
            BarSpec(timestamp: 400, asset: 0, open: 10, close: 10, signals: [8]),
            BarSpec(timestamp: 400, asset: 1, open: 10, close: 10, signals: [2]),
            BarSpec(timestamp: 500, asset: 0, open: 10, close: 10, signals: [.nan]),
            BarSpec(timestamp: 500, asset: 1, open: 10, close: 10, signals: [5]),
        ])

    /// The expression's value on every row, in row order (A0 B0 A1 B1 A2 A3 B3 A4 B4).
    static func column(_ text: String) throws -> [Double] {
        try RuleProgram(try RuleParser.parse(text), catalog: ColumnCatalog(data: data, context: nil))
            .column(over: data)
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= 1e-12 }
    }

    static let nan = Double.nan

    @Test func timeSeriesFunctionsFollowEachAssetsOwnRows() throws {
        let n = Self.nan
        #expect(Self.same(try Self.column("sma(sig, 2)"), [n, n, 1.5, 2, 3, 6, 1.5, n, 3.5]))
        #expect(Self.same(try Self.column("lag(sig, 1)"), [n, n, 1, 3, 2, 4, 1, 8, 2]))
        #expect(Self.same(try Self.column("pct_change(sig, 2)"), [n, n, n, n, 3, 3, -1.0 / 3, n, 4]))
        #expect(Self.same(try Self.column("min(sig, 2)"), [n, n, 1, 1, 2, 4, 1, n, 2]))
        #expect(Self.same(try Self.column("max(sig, 3)"), [n, n, n, n, 4, 8, 3, n, 5]))
        let sd = { (x: [Double]) -> Double in
            let m = x.reduce(0, +) / Double(x.count)
            return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
        }
        #expect(
            Self.same(
                try Self.column("std(sig, 3)"),
                [n, n, n, n, sd([1, 2, 4]), sd([2, 4, 8]), sd([3, 1, 2]), n, sd([1, 2, 5])]))
        // α = 2 / 3: A 1, 1 + 2/3·1, …; a missing value gives a missing result and keeps the mean.
        let a1 = 2.0 / 3 * 2 + 1.0 / 3 * 1
        let a2 = 2.0 / 3 * 4 + 1.0 / 3 * a1
        let a3 = 2.0 / 3 * 8 + 1.0 / 3 * a2
        let b1 = 2.0 / 3 * 1 + 1.0 / 3 * 3
        let b3 = 2.0 / 3 * 2 + 1.0 / 3 * b1
        let b4 = 2.0 / 3 * 5 + 1.0 / 3 * b3
        #expect(Self.same(try Self.column("ema(sig, 2)"), [1, 3, a1, b1, a2, a3, b3, n, b4]))
    }

    @Test func crossesCompareWithTheAssetsPreviousRow() throws {
        let n = Self.nan
        // sig against 2.5: A goes 1 2 4 8 (above from bar 2); B goes 3 1 2 5 (below at bar 1, above at 4).
        #expect(Self.same(try Self.column("crosses_above(sig, 2.5)"), [n, n, 0, 0, 1, 0, 0, n, 1]))
        #expect(Self.same(try Self.column("crosses_below(sig, 2.5)"), [n, n, 0, 1, 0, 0, 0, n, 0]))
    }

    @Test func crossSectionalFunctionsLookAtOneBar() throws {
        let n = Self.nan
        // Bar 0: A 1 < B 3; bar 1: B 1 < A 2; bar 2: A alone; bar 3: B 2 < A 8; bar 4: B alone (A NaN).
        #expect(Self.same(try Self.column("pct_rank(sig)"), [0.5, 1, 1, 0.5, 1, 1, 0.5, n, 1]))
        #expect(Self.same(try Self.column("pct_rank(sig * 0)"), [0.75, 0.75, 0.75, 0.75, 1, 0.75, 0.75, n, 1]))
        #expect(Self.same(try Self.column("zscore(sig)"), [-1, 1, 1, -1, n, 1, -1, n, n]))
    }
}
