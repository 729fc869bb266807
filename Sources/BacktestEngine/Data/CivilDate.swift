// Calendar arithmetic on the engine's timestamps (UTC epoch seconds): days since 1970-01-01 to and
// from a proleptic Gregorian (year, month, day), by Howard Hinnant's algorithms. Integer-only and
// `@inlinable`, because ingest converts one date per row and rendering one per result row.

/// Days since 1970-01-01 to and from calendar dates (proleptic Gregorian, UTC).
public enum CivilDate {
    /// Days since 1970-01-01 of a date (Hinnant's days_from_civil); `month` 1...12, `day` 1...31.
    @inlinable @inline(__always)
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01 (Hinnant's civil_from_days).
    @inlinable
    public static func date(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The weekday of a day count since 1970-01-01: 0 Sunday ... 6 Saturday.
    @inlinable
    public static func weekday(days: Int64) -> Int64 {
        let w = (days + 4) % 7
        return w >= 0 ? w : w + 7
    }
}
