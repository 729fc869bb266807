// The rounded number text of `?precision=rounded`: the examples the specification gives, edge cases
// whose expected text Python's `decimal` module computed (exact value, ROUND_HALF_EVEN), and many
// random values compared with `ReferenceRounding` (the C library's exact printf). The formatter is
// never compared with itself.
import Foundation
import TestSupport
import Testing

@testable import BacktestService

@Suite("Rounded number text")
struct RoundedNumberTests {
    static func text(_ x: Double, _ kind: NumberKind, nonFinite: String = "") -> String {
        var bytes: [UInt8] = []
        NumberText.append(x, rounding: kind, to: &bytes, nonFinite: nonFinite)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func examplesOfTheSpecification() {
        #expect(Self.text(9.394369999999999, .money) == "9.39437")
        #expect(Self.text(19.862570000000083, .money) == "19.86257")
        #expect(Self.text(1000000.0000000001, .money) == "1000000")
        #expect(Self.text(0.1 + 0.2, .money) == "0.3")
        #expect(Self.text(-0.0, .money) == "0")
        #expect(Self.text(-1e-12, .money) == "0")
        #expect(Self.text(.nan, .money) == "")
        #expect(Self.text(-.infinity, .ratio, nonFinite: "null") == "null")
    }

    /// (value, money text, ratio text), the texts from Python: `Decimal(x).quantize(10^max(-D, E-S+1),
    /// ROUND_HALF_EVEN)`, plain below 10^S, `'{:e}'.format(q.normalize())` from there.
    static let edges: [(Double, String, String)] = [
        (9.394369999999999, "9.39437", "9.39437"),
        (19.862570000000083, "19.86257", "19.86257"),
        (1000000.0000000001, "1000000", "1000000"),
        (0.30000000000000004, "0.3", "0.3"),
        (0.0009765625, "0.000976562", "0.0009765625"),
        (-0.0009765625, "-0.000976562", "-0.0009765625"),
        (0.00146484375, "0.001464844", "0.00146484375"),
        (9.313225746154785e-10, "0.000000001", "0.000000000931"),
        (999999.9999999999, "1000000", "1000000"),
        (999999999999999.5, "1e+15", "1e+15"),
        (999999999999998.5, "999999999999998", "1e+15"),
        (1000000000000000.0, "1e+15", "1e+15"),
        (-1000000000000000.0, "-1e+15", "-1e+15"),
        (1.2345678901234568e+17, "1.23456789012346e+17", "1.23456789012e+17"),
        (1e+300, "1e+300", "1e+300"),
        (-1.7976931348623157e+308, "-1.79769313486232e+308", "-1.79769313486e+308"),
        (5e-10, "0.000000001", "0.0000000005"),
        (-5e-10, "-0.000000001", "-0.0000000005"),
        (4.5e-10, "0", "0.00000000045"),
        (1.5e-09, "0.000000001", "0.0000000015"),
        (2.5e-09, "0.000000003", "0.0000000025"),
        (4.457999999999565e-05, "0.00004458", "0.00004458"),
        (1.1102230246251565e-16, "0", "0"),
        (9.223372036854776e+18, "9.22337203685478e+18", "9.22337203685e+18"),
        (1.8446744073709556e+19, "1.84467440737096e+19", "1.84467440737e+19"),
        (1234567.123456789, "1234567.12345679", "1234567.12346"),
        (98765432.12345679, "98765432.1234568", "98765432.1235"),
        (0.000123456789012345, "0.000123457", "0.000123456789"),
        (Double.leastNonzeroMagnitude, "0", "0"),
        (-0.0, "0", "0"),
        (1028950.0000000012, "1028950", "1028950"),
        (4503599627370495.5, "4.5035996273705e+15", "4.50359962737e+15"),
        (12345678901234.56, "12345678901234.6", "1.23456789012e+13"),
        (0.5, "0.5", "0.5"),
        (2.5, "2.5", "2.5"),
        (102.0, "102", "102"),
        (-3.0000000000000004, "-3", "-3"),
        (7e+22, "7e+22", "7e+22"),
        (1000000000000.5, "1000000000000.5", "1e+12"),
        (999999999999.9995, "1000000000000", "1e+12"),
        (1.1805916207174113e+21, "1.18059162071741e+21", "1.18059162072e+21"),
        (1.0000000000000001e+21, "1e+21", "1e+21"),
    ]

    @Test func edgeCasesAgreeWithPythonDecimal() {
        for (x, money, ratio) in Self.edges {
            #expect(Self.text(x, .money) == money, "money \(x)")
            #expect(Self.text(x, .ratio) == ratio, "ratio \(x)")
            #expect(ReferenceRounding.money(x) == money, "reference money \(x)")
            #expect(ReferenceRounding.ratio(x) == ratio, "reference ratio \(x)")
        }
    }

    /// Values a run produces (prices with float noise, sums of money) and values anywhere in the
    /// double range, including exact binary ties at every rounding position.
    static func randomValues(count: Int) -> [Double] {
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = []
        for i in 0..<count {
            let x: Double
            switch i % 6 {
            case 0: x = Double(Int.random(in: 1...10_000_000, using: &rng)) / 100 * 1.0000000000000002
            case 1: x = Double.random(in: -1e7...1e7, using: &rng)
            case 2: x = Double.random(in: 0..<1, using: &rng) * Double.random(in: 0..<1e-3, using: &rng)
            case 3:
                // Exact binary ties (odd multiples of 2^-k) and huge powers.
                let k = Int.random(in: -40...70, using: &rng)
                x = Double(
                    sign: .plus, exponent: k, significand: 1 + Double(Int.random(in: 0...255, using: &rng)) / 256)
            case 4:
                // Near a tie: a half-integer divided by a power of ten lands just above or below the
                // halfway point at that many places (only the FMA correction decides those).
                let places = Int.random(in: 0...12, using: &rng)
                x = (Double(Int.random(in: 0...99_999, using: &rng)) + 0.5) / pow(10, Double(places))
            default:
                x = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
            }
            values.append(x.isFinite ? x : 1)
        }
        return values
    }

    @Test func randomValuesAgreeWithTheCLibrary() {
        for x in Self.randomValues(count: 60_000) {
            for (kind, reference) in [(NumberKind.money, ReferenceRounding.money), (.ratio, ReferenceRounding.ratio)] {
                let text = Self.text(x, kind)
                guard text == reference(x) else {
                    Issue.record("\(kind) \(x) (\(x.bitPattern)): \(text) != \(reference(x) ?? "nil")")
                    return
                }
            }
        }
    }

    @Test func textReadsBackAndRewritesIdentically() {
        for x in Self.randomValues(count: 20_000) {
            for kind in [NumberKind.money, .ratio] {
                let text = Self.text(x, kind)
                let back = Double(text)
                #expect(back != nil, "\(text)")
                guard let back else { return }
                #expect(Self.text(back, kind) == text, "\(x) \(kind): \(text) reads back as \(back)")
            }
        }
    }
}
