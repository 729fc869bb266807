// Validation of the analytics settings: the ranges of the risk-free rate, periods per year and
// session gap, and that the benchmark names an asset of the bars or a column of the context.

extension ConfigurationValidator {
    /// Every problem of `settings` against the data and context, in field order.
    func analyticsProblems(_ settings: AnalyticsSettings) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        let rate = settings.riskFreeRate
        if !(rate > -1 && rate <= 1) {
            problems.append(
                .invalid(
                    .riskFreeRate,
                    "risk_free_rate is an annual rate as a fraction (0.02 for 2 %), above -1 and at most 1, got \(rate)"
                ))
        }
        let periods = settings.periodsPerYear
        if !(periods >= 1 && periods <= AnalyticsSettings.maxPeriodsPerYear) {
            problems.append(
                .invalid(
                    .periodsPerYear,
                    "periods_per_year is how many sessions make a year (252 for exchange days, 365 for every day), from 1 to 100,000, got \(periods)"
                ))
        }
        if let gap = settings.sessionGap, !(1...AnalyticsSettings.maxSessionGap).contains(gap) {
            problems.append(
                .invalid(
                    .sessionGap,
                    "session_gap is the break between bars that starts a new session, from 1 second to 7 days, got \(gap) seconds"
                ))
        }
        switch settings.benchmark {
        case nil: break
        case .asset(let name):
            if !data.assets.contains(name) {
                problems.append(
                    ConfigurationError(
                        code: ConfigurationError.unknownAsset, field: .benchmarkAsset,
                        message:
                            "the dataset has no asset \"\(Suggestions.echo(name))\".\(Suggestions.didYouMean(name, in: data.assets)) Assets: \(Suggestions.list(data.assets))."
                    ))
            }
        case .context(let name):
            let columns = catalog.context?.names ?? []
            if catalog.context == nil {
                problems.append(
                    ConfigurationError(
                        code: ConfigurationError.unknownColumn, field: .benchmarkContext,
                        message:
                            "a context benchmark reads a column of the job's context, but it names none; add \"context\": \"ds_…\" or use {\"asset\": …}"
                    ))
            } else if !columns.contains(name) {
                problems.append(
                    ConfigurationError(
                        code: ConfigurationError.unknownColumn, field: .benchmarkContext,
                        message:
                            "the context has no column \"\(Suggestions.echo(name))\".\(Suggestions.didYouMean(name, in: columns)) Columns: \(Suggestions.list(columns))."
                    ))
            }
        }
        return problems
    }
}
