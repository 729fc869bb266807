// UTC timestamp parsing and formatting straight from and to bytes.
// Hand-written because ingest parses one timestamp per row (millions per upload) and results are
// formatted per fill and equity point; Foundation's ISO8601 formatters allocate and are far slower.

import BacktestEngine

/// Converts between ISO-8601 UTC text and epoch seconds without Foundation.
///
/// Accepted: `2020-01-02T14:30:00Z`, `2020-01-02T14:30:00.000Z` (any number of fractional digits,
/// all zero), `2020-01-02T14:30:00+00:00` (or `-00:00`), and a bare date `2020-01-02` (midnight).
/// A space may stand for the `T` (pandas writes that), and a time without a zone is read as UTC.
/// Any other offset is rejected: convert to UTC first.
public enum UTCTime {
    /// The formats ingest accepts, for error messages.
    static let acceptedFormats =
        "2020-01-02T14:30:00Z, 2020-01-02T14:30:00.000Z, 2020-01-02T14:30:00+00:00 or 2020-01-02"

    /// Parses UTC text to epoch seconds; nil when the text is not one of the accepted forms.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        return parse(base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    /// Parses UTC text to epoch seconds; nil when the text is not one of the accepted forms.
    public static func parse(_ string: String) -> Int64? {
        var copy = string
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Parses `count` bytes at `p`; the hot entry point used by ingest.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, count: Int) -> Int64? {
        guard count >= 10, let days = parseDate(p) else { return nil }
        if count == 10 { return days &* 86_400 }
        guard count >= 19, p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " "),
            p[13] == UInt8(ascii: ":"), p[16] == UInt8(ascii: ":"),
            let hour = twoDigits(p + 11), let minute = twoDigits(p + 14), let second = twoDigits(p + 17),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < count && p[i] == UInt8(ascii: "0") { i += 1 }
            guard i > start else { return nil }
        }
        if i < count {
            switch p[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard count - i == 6, p[i + 1] == UInt8(ascii: "0"), p[i + 2] == UInt8(ascii: "0"),
                    p[i + 3] == UInt8(ascii: ":"), p[i + 4] == UInt8(ascii: "0"), p[i + 5] == UInt8(ascii: "0")
                else { return nil }
                i += 6
            default:
                return nil
            }
        }
        guard i == count else { return nil }
        return days &* 86_400 &+ Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` prefix, validating month and day.
    @inline(__always)
    static func parseDate(_ p: UnsafePointer<UInt8>) -> Int64? {
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
            let c = twoDigits(p), let y = twoDigits(p + 2), let m = twoDigits(p + 5), let d = twoDigits(p + 8),
            m >= 1, m <= 12, d >= 1
        else { return nil }
        let year = c * 100 + y
        guard d <= daysInMonth(year: year, month: m) else { return nil }
        return CivilDate.days(year: Int64(year), month: Int64(m), day: Int64(d))
    }

    @inline(__always)
    private static func twoDigits(_ p: UnsafePointer<UInt8>) -> Int? {
        let a = p[0] &- UInt8(ascii: "0")
        let b = p[1] &- UInt8(ascii: "0")
        guard a < 10, b < 10 else { return nil }
        return Int(a) * 10 + Int(b)
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
