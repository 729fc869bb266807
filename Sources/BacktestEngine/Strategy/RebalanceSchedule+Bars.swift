// Which bars a rebalance schedule names, computed once before the loop from the bar timestamps
// (UTC epoch seconds of each bar's start), so the decision reads one flag per bar.

extension RebalanceSchedule {
    /// Per bar index: whether the strategy rebalances on that bar's close.
    func bars(timestamps: [Int64]) -> [Bool] {
        switch self {
        case .everyBars(let n):
            return timestamps.indices.map { $0 % n == 0 }
        case .calendar(let period):
            var flags = [Bool](repeating: false, count: timestamps.count)
            var previous = Int64.min
            for (t, timestamp) in timestamps.enumerated() {
                let key = period.index(of: timestamp)
                flags[t] = t == 0 || key != previous
                previous = key
            }
            return flags
        }
    }
}

extension CalendarPeriod {
    /// A number that is the same for two timestamps exactly when they fall in the same period, and
    /// grows with time: days since 1970-01-01, ISO weeks since the week of 1970-01-01 (a Thursday;
    /// weeks start on Mondays), or months since year 0.
    func index(of timestamp: Int64) -> Int64 {
        let days = Self.floorDivide(timestamp, 86_400)
        switch self {
        case .day: return days
        // 1970-01-05 (day 4) is the first Monday: days 4 ... 10 are week 1.
        case .week: return Self.floorDivide(days + 3, 7)
        case .month:
            let (year, month, _) = CivilDate.date(days: days)
            return year * 12 + month - 1
        }
    }

    /// `a / b` rounded toward negative infinity (`b > 0`).
    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return a % b < 0 ? q - 1 : q
    }
}
