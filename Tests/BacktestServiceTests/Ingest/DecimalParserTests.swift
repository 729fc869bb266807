// Checks that DecimalParser equals Swift's Double(String) bit for bit on many generated numbers.

import BacktestEngine
import BacktestFixtures
import Testing

@testable import BacktestService

@Suite struct DecimalParserTests {
    private func parsed(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalParser.parseField($0) }
    }

    private func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = Double(text)
        let actual = parsed(text)
        #expect(
            actual?.bitPattern == expected?.bitPattern,
            "\(text): \(String(describing: actual)) vs \(String(describing: expected))",
            sourceLocation: sourceLocation)
    }

    @Test func handPickedForms() {
        for text in [
            "0", "-0", "+0", "0.0", "-0.0", "1", "+5", "-5", ".5", "5.", "-.5", "+.5", "101.25",
            "0.1", "0.3", "1e5", "1E5", "1e+05", "1e-7", "-2.5e-3", "123456789012345", "1234567890123456",
            "12345678901234567", "123456789012345678901234567890", "9007199254740993", "9007199254740992",
            "0.000000000000000000000001", "1e22", "1e23", "1e-22", "1e-23", "4.9e-324", "2e-324", "1e308",
            "1.7976931348623157e308", "2.2250738585072014e-308", "0.12345678901234567", "00012.5000",
            "1e400", "-1e400", "1e-400", "3.14159265358979323846264338327950288",
        ] {
            expectSame(text)
        }
    }

    @Test func rejectsWhatDoubleRejects() {
        for text in ["", "-", "+", ".", "-.", "e5", "1e", "1e+", "1.2.3", "abc", "1,5", "--1", "1 "] {
            #expect(parsed(text) == nil, "\(text)")
            #expect(Double(text) == nil, "\(text)")
        }
    }

    @Test func wordsForInfinityAndNaNButNoHex() {
        #expect(parsed("inf") == .infinity)
        #expect(parsed("-Infinity") == -.infinity)
        #expect(parsed("NaN")?.isNaN == true)
        #expect(parsed("+nan")?.isNaN == true)
        for text in ["0x10", "0x1p3", "-0X1.8p1", "infinit", "nana"] {
            #expect(parsed(text) == nil, "\(text) is not a decimal number")
        }
    }

    @Test func randomDoublesRoundTrip() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<50_000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            expectSame("\(value)")
            expectSame(String(describing: -value.magnitude))
        }
    }

    @Test func randomDecimalStrings() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<100_000 {
            let digitCount = 1 + Int(rng.next() % 20)
            var digits = (0..<digitCount).map { _ in Character(String(rng.next() % 10)) }
            var text = ""
            switch rng.next() % 4 {
            case 0: text = "-"
            case 1: text = "+"
            default: break
            }
            let point = Int(rng.next() % UInt64(digitCount + 1))
            if rng.next() % 5 != 0 { digits.insert(".", at: point) }
            text += String(digits)
            if rng.next() % 3 == 0 {
                let exponent = Int(rng.next() % 80) - 40
                text += (rng.next() % 2 == 0 ? "e" : "E") + String(exponent)
            }
            expectSame(text)
        }
    }

    @Test func centsAndMicrosAreExact() {
        for cents in stride(from: 1, to: 2_000_000, by: 997) {
            expectSame("\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)")
        }
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let micros = rng.next() % 1_000_001
            let fraction = String(micros % 1_000_000)
            expectSame("\(micros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)")
        }
    }
}
