// Daily simple returns of an equity curve and the return statistics built on them.

/// Simple returns of equity sampled at the last bar of each UTC calendar date.
struct DailyReturns {
    /// `r[0] = E[day0] / initialCash - 1`, `r[i] = E[i] / E[i-1] - 1`.
    let values: [Double]

    /// Annualization factor (trading days per year).
    static let periodsPerYear = 252.0

    init(values: [Double]) {
        self.values = values
    }

    init(equity: [EquityPoint], initialCash: Double) {
        var samples: [Double] = []
        for (i, point) in equity.enumerated() {
            let isLastOfDay =
                i + 1 == equity.count || Self.day(of: equity[i + 1].timestamp) != Self.day(of: point.timestamp)
            if isLastOfDay { samples.append(point.equity) }
        }
        var values: [Double] = []
        values.reserveCapacity(samples.count)
        var previous = initialCash
        for sample in samples {
            values.append(sample / previous - 1)
            previous = sample
        }
        self.values = values
    }

    /// `floor(timestamp / 86400)`, also for timestamps before 1970.
    static func day(of timestamp: Int64) -> Int64 {
        let quotient = timestamp / 86_400
        return timestamp % 86_400 < 0 ? quotient - 1 : quotient
    }

    var mean: Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation (ddof = 1); nil with fewer than two values.
    var sampleStandardDeviation: Double? {
        guard values.count >= 2 else { return nil }
        let m = mean
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// `std(r, ddof=1) * sqrt(252)`; 0 with fewer than two days.
    var annualVolatility: Double {
        (sampleStandardDeviation ?? 0) * Self.periodsPerYear.squareRoot()
    }

    /// `mean / std(ddof=1) * sqrt(252)`; 0 with fewer than two days or zero variance.
    var sharpe: Double {
        guard let sd = sampleStandardDeviation, sd > 0 else { return 0 }
        return mean / sd * Self.periodsPerYear.squareRoot()
    }

    /// `mean / sqrt(mean(min(r, 0)^2)) * sqrt(252)`; 0 when there is no negative return.
    var sortino: Double {
        guard !values.isEmpty else { return 0 }
        let downside = values.reduce(0) { $0 + min($1, 0) * min($1, 0) } / Double(values.count)
        guard downside > 0 else { return 0 }
        return mean / downside.squareRoot() * Self.periodsPerYear.squareRoot()
    }
}
