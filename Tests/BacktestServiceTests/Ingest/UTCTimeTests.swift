// Checks UTCTime parsing of every accepted form, rejections, and formatting round trips.

import BacktestEngine
import BacktestFixtures
import Testing

@testable import BacktestService

@Suite struct UTCTimeTests {
    @Test func acceptedForms() {
        let expected: Int64 = 1_577_975_400 // 2020-01-02T14:30:00Z
        #expect(UTCTime.parse("2020-01-02T14:30:00Z") == expected)
        #expect(UTCTime.parse("2020-01-02T14:30:00.000Z") == expected)
        #expect(UTCTime.parse("2020-01-02T14:30:00.000000Z") == expected)
        #expect(UTCTime.parse("2020-01-02T14:30:00+00:00") == expected)
        #expect(UTCTime.parse("2020-01-02T14:30:00-00:00") == expected)
        #expect(UTCTime.parse("2020-01-02 14:30:00") == expected)
        #expect(UTCTime.parse("2020-01-02 14:30:00+00:00") == expected)
        #expect(UTCTime.parse("2020-01-02") == expected - (14 * 3600 + 30 * 60))
        #expect(UTCTime.parse("1970-01-01T00:00:00Z") == 0)
        #expect(UTCTime.parse("1969-12-31T23:59:59Z") == -1)
        #expect(UTCTime.parse("2024-02-29") == 1_709_164_800)
    }

    @Test func rejectedForms() {
        for text in [
            "", "2020", "2020-1-2", "2020/01/02", "2020-13-01", "2020-00-10", "2021-02-29", "2020-04-31",
            "2020-01-02T24:00:00Z", "2020-01-02T14:60:00Z", "2020-01-02T14:30:60Z", "2020-01-02T14:30Z",
            "2020-01-02T14:30:00.500Z", "2020-01-02T14:30:00.Z", "2020-01-02T14:30:00+05:00",
            "2020-01-02T14:30:00+0000", "2020-01-02T14:30:00ZZ", "2020-01-02x", "20200102",
        ] {
            #expect(UTCTime.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsKnownInstants() {
        #expect(UTCTime.format(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.format(1_577_975_400) == "2020-01-02T14:30:00Z")
        #expect(UTCTime.format(-1) == "1969-12-31T23:59:59Z")
        #expect(UTCTime.format(951_782_400) == "2000-02-29T00:00:00Z")
        var buffer = Array("x=".utf8)
        UTCTime.append(86_399, to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "x=1970-01-01T23:59:59Z")
    }

    @Test func roundTripsRandomInstants() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<20_000 {
            let seconds = Int64(rng.next() % 8_000_000_000) - 2_000_000_000
            #expect(UTCTime.parse(UTCTime.format(seconds)) == seconds)
        }
    }

    @Test func parsesFromRawBytes() {
        let bytes = Array("2020-01-02T14:30:00Z".utf8)
        #expect(bytes.withUnsafeBytes { UTCTime.parse($0) } == 1_577_975_400)
    }
}
