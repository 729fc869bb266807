// Calendar arithmetic of the engine's timestamps: known dates, weekdays, and round trips over
// four thousand years.
import BacktestEngine
import Testing

@Suite struct CivilDateTests {
    @Test func knownDates() {
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.days(year: 2020, month: 1, day: 2) == 18_263)
        #expect(CivilDate.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilDate.days(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilDate.date(days: 18_321) == (2020, 2, 29))
        #expect(CivilDate.weekday(days: 0) == 4) // a Thursday
        #expect(CivilDate.weekday(days: -1) == 3)
        #expect(CivilDate.weekday(days: 18_263) == 4)
    }

    @Test func daysAndDatesRoundTrip() {
        // Years -220 ... 4160, day by day.
        var previous = CivilDate.date(days: -800_001)
        for days in Int64(-800_000)...800_000 {
            let (year, month, day) = CivilDate.date(days: days)
            // The next day of the month, or the first of the next month.
            let next = year == previous.year && month == previous.month && day == previous.day + 1
            let first = day == 1 && month == previous.month % 12 + 1
            guard CivilDate.days(year: year, month: month, day: day) == days, next || first else {
                Issue.record("day \(days): \(year)-\(month)-\(day) after \(previous)")
                return
            }
            previous = (year, month, day)
        }
    }
}
