// Result rows as CSV and JSON: same fields, exact number text, CSV quoting.
import BacktestEngine
import Testing

@testable import BacktestService

@Suite("Result rendering")
struct RowEncoderTests {
    @Test func numbersPrintShortestAndIntegral() {
        func text(_ x: Double) -> String {
            var b: [UInt8] = []
            NumberText.append(x, to: &b, nonFinite: "")
            return String(decoding: b, as: UTF8.self)
        }
        #expect(text(102) == "102")
        #expect(text(-3) == "-3")
        #expect(text(0.1) == "0.1")
        #expect(text(101.25) == "101.25")
        #expect(text(1e-7) == "1e-07")
        #expect(text(.nan) == "")
        #expect(text(123456789.123) == "123456789.123")
        for x in [0.1 + 0.2, 1.0 / 3, 98.76000000000001, Double.leastNonzeroMagnitude] { #expect(Double(text(x)) == x) }
    }

    @Test func csvQuotesOnlyWhatNeedsIt() {
        var e = CSVRowEncoder(header: ["a", "b", "c"], reserving: 64)
        e.beginRow()
        e.string("a", "plain")
        e.string("b", "x,\"y\"")
        e.null("c")
        e.endRow()
        #expect(String(decoding: e.bytes, as: UTF8.self) == "a,b,c\nplain,\"x,\"\"y\"\"\",\n")
    }

    @Test func jsonRowsCarryTheSameFields() {
        var e = JSONRowEncoder()
        for i in 0..<2 {
            e.beginRow()
            e.int("n", i)
            e.timestamp("t", 86_400)
            e.number("x", Optional<Double>.none, .money)
            e.endRow()
        }
        #expect(
            String(decoding: e.writer.bytes, as: UTF8.self)
                == #"{"n":0,"t":"1970-01-02T00:00:00Z","x":null},{"n":1,"t":"1970-01-02T00:00:00Z","x":null}"#)
    }
}
