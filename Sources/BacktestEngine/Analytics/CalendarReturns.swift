// A run's returns by calendar month and year, compounded from its session returns; a session
// belongs to the UTC month of its last bar.

/// The compounded return of the sessions of one month or one year.
public struct PeriodReturn: Sendable, Equatable {
    /// The calendar year.
    public let year: Int
    /// The month, 1...12; nil for a whole year.
    public let month: Int?
    /// `Π (1 + r) - 1` over the period's sessions.
    public let value: Double
    /// Sessions in the period.
    public let sessions: Int
}

/// Monthly and yearly returns (quantstats' `monthly_returns` with `compounded=True`, the year
/// column its `EOY`), months and years that have no session left out.
public struct CalendarReturns: Sendable, Equatable {
    /// One entry per month with a session, in time order.
    public let months: [PeriodReturn]
    /// One entry per year with a session, in time order.
    public let years: [PeriodReturn]

    /// Groups `returns` by the UTC month and year of each session's last bar.
    public init(_ returns: SessionReturns) {
        months = Self.grouped(returns) { date in (Int(date.year), Int(date.month)) }
        years = Self.grouped(returns) { date in (Int(date.year), nil) }
    }

    private static func grouped(
        _ returns: SessionReturns, by key: ((year: Int64, month: Int64, day: Int64)) -> (Int, Int?)
    ) -> [PeriodReturn] {
        var out: [PeriodReturn] = []
        var current: (year: Int, month: Int?)?
        var growth = 1.0
        var count = 0
        for (timestamp, r) in zip(returns.timestamps, returns.values) {
            let k = key(CivilDate.date(days: Sessions.day(of: timestamp)))
            if let c = current, c.year != k.0 || c.month != k.1 {
                out.append(PeriodReturn(year: c.year, month: c.month, value: growth - 1, sessions: count))
                growth = 1
                count = 0
            }
            current = (k.0, k.1)
            growth *= 1 + r
            count += 1
        }
        if let c = current {
            out.append(PeriodReturn(year: c.year, month: c.month, value: growth - 1, sessions: count))
        }
        return out
    }
}
