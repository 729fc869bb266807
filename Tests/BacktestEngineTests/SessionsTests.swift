// The session rule: a break of at least the session gap, or a day since the session's first bar,
// starts a new session. The case that motivated it: minute bars whose session crosses UTC midnight
// spanned 25 UTC dates for 20 sessions, so UTC-day returns split every session in two.
import Testing

@testable import BacktestEngine

@Suite struct SessionsTests {
    static let minute: Int64 = 60
    static let hour: Int64 = 3_600
    static let day: Int64 = 86_400

    /// Minute bars from 22:00 UTC to 05:59 the next day on the weekdays from Wednesday 2020-01-01
    /// to Tuesday 2020-01-28: 20 sessions over 25 UTC dates (each session touches two; the Friday
    /// ones end on Saturday).
    static let overnight: [Int64] = {
        var timestamps: [Int64] = []
        let first = CivilDate.days(year: 2020, month: 1, day: 1)
        for d in first..<(first + 28) where (1...5).contains(CivilDate.weekday(days: d)) {
            let open = d * day + 22 * hour
            timestamps += (0..<480).map { open + Int64($0) * minute }
        }
        return timestamps
    }()

    @Test func overnightSessionsAreCountedOnceNotPerUTCDate() {
        let sessions = Sessions(timestamps: Self.overnight)
        #expect(Set(Self.overnight.map(Sessions.day(of:))).count == 25)
        #expect(sessions.count == 20)
        #expect(sessions.gap == Self.hour) // max(5 × 1 minute, 1 hour)
        // Each session is its 480 bars, dated by its last bar (05:59 the next day).
        #expect(sessions.lastBars == (1...20).map { $0 * 480 - 1 })
        #expect(Sessions.day(of: Self.overnight[479]) == CivilDate.days(year: 2020, month: 1, day: 2))
    }

    /// A backtest on those bars reports 20 sessions, and its Sharpe ratio is that of the 20
    /// session returns.
    @Test func aRunOnOvernightBarsHas20SessionReturns() {
        let bars = Self.overnight.enumerated().map { i, t in
            let price = 100 + Double(i % 97) * 0.01 + Double(i / 480)
            return BarSpec(timestamp: t, asset: 0, open: price, close: price, signals: [i % 480 == 0 ? 0.9 : 0.5])
        }
        let data = Fixtures.marketData(assets: ["A"], signalNames: ["sig"], bars: bars)
        let result = Fixtures.run(data, Fixtures.configuration(cash: 10_000, sizing: .fixedQuantity(10)))
        #expect(result.metrics.sessions == 20)
        let returns = SessionReturns(result, initialCash: 10_000, settings: .standard)
        #expect(returns.count == 20 && returns.timestamps.last == Self.overnight.last)
        let mean = returns.values.reduce(0, +) / 20
        let sd = (returns.values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 19).squareRoot()
        #expect(isClose(result.metrics.sharpe, mean / sd * 252.0.squareRoot()))
    }

    /// Daily bars (weekdays at midnight) are each a session, weekends and holidays included.
    @Test func dailyBarsAreEachASession() {
        let days: [Int64] = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 15].map { $0 * Self.day }
        let sessions = Sessions(timestamps: days)
        #expect(sessions.count == days.count && sessions.gap == 5 * Self.day)
    }

    /// A market that never closes: 24-hour sessions from the first bar (UTC days when it starts at
    /// midnight).
    @Test func continuousBarsGetDaySessions() {
        let fromMidnight = (0..<(3 * 1_440)).map { Int64($0) * Self.minute }
        #expect(Sessions(timestamps: fromMidnight).lastBars == [1_439, 2_879, 4_319])
        let offset = fromMidnight.map { $0 + 13 * Self.hour + 37 * Self.minute }
        #expect(Sessions(timestamps: offset).lastBars == [1_439, 2_879, 4_319])
    }

    /// A futures session from 18:00 to 16:59 the next day (23 hours) ends at its one-hour break.
    @Test func futuresSessionsEndAtTheMaintenanceBreak() {
        var timestamps: [Int64] = []
        for d: Int64 in 0..<3 {
            let open = d * Self.day + 18 * Self.hour
            timestamps += (0..<(23 * 60)).map { open + Int64($0) * Self.minute }
        }
        #expect(Sessions(timestamps: timestamps).lastBars == [1_379, 2_759, 4_139])
    }

    /// A long lunch break splits an exchange day in two unless the gap is set above it.
    @Test func aLunchBreakNeedsALargerGap() {
        var timestamps: [Int64] = []
        for d: Int64 in 0..<2 {
            let morning = d * Self.day
            timestamps += (0..<150).map { morning + Int64($0) * Self.minute } // 00:00-02:29
            timestamps += (0..<150).map { morning + 3 * Self.hour + 30 * Self.minute + Int64($0) * Self.minute }
        }
        #expect(Sessions(timestamps: timestamps).count == 4) // 61-minute lunch >= the 1-hour default
        #expect(Sessions(timestamps: timestamps, gap: 2 * Self.hour).lastBars == [299, 599])
    }

    @Test func defaultGapIsFiveMedianIntervalsAndAtLeastAnHour() {
        #expect(Sessions.defaultGap([0]) == Self.hour && Sessions.defaultGap([]) == Self.hour)
        // Intervals 10, 10, 7200: median 10 -> max(50, 3600).
        #expect(Sessions.defaultGap([0, 10, 20, 7_220]) == Self.hour)
        // Hourly bars: 5 hours.
        #expect(Sessions.defaultGap((0..<10).map { Int64($0) * Self.hour }) == 5 * Self.hour)
        #expect(Sessions(timestamps: []).count == 0 && Sessions(timestamps: [5]).lastBars == [0])
        #expect(Sessions.day(of: -1) == -1 && Sessions.day(of: 86_399) == 0)
    }
}
