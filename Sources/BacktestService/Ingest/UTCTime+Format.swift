// Formatting epoch seconds as `2020-01-02T14:30:00Z` into bytes, without Foundation (hot: one call
// per result row written).

import BacktestEngine

extension UTCTime {
    /// Formats epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ seconds: Int64) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(20)
        append(seconds, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ` for epoch seconds to `buffer` (years 0...9999).
    public static func append(_ seconds: Int64, to buffer: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilDate.date(days: days)
        let y = Int(max(0, min(9999, year)))
        appendDigits(y / 100, &buffer)
        appendDigits(y % 100, &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(Int(month), &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(Int(day), &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, &buffer)
        buffer.append(UInt8(ascii: "Z"))
    }

    @inline(__always)
    private static func appendDigits(_ value: Int, _ buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "0") + UInt8(value / 10))
        buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
