// The top_k template's checks: the ranking column, the counts, the schedule, the weights, and that
// shorts have a margin account.

extension ConfigurationValidator {
    /// The largest `vol_lookback`, as long as the rule functions' windows.
    static let maxVolLookback = RuleFunction.maxWindow

    /// Every problem of top_k parameters in `account`, in parameter order.
    func topKProblems(_ p: TopKParameters, account: AccountTerms) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if let problem = catalog.columnProblem(p.signal, field: .signal) {
            problems.append(problem)
        } else if case .context = catalog.source(of: p.signal) {
            problems.append(
                .invalid(
                    .signal,
                    "column \"\(Suggestions.echo(p.signal))\" is a context column, one value per bar shared by every asset, so it cannot rank them; rank by a signal column of the bars dataset"
                ))
        }
        if p.k < 1 {
            problems.append(.invalid(.topK(.k), "k is how many assets to hold long, a whole number >= 1, got \(p.k)"))
        }
        if case .everyBars(let n) = p.rebalance, n < 1 {
            problems.append(
                .invalid(
                    .topK(.rebalanceEvery),
                    "rebalance_every is a number of bars, a whole number >= 1 (1: every bar), got \(n)"))
        }
        if case .inverseVolatility(let n) = p.weighting, !(n >= 2 && n <= Self.maxVolLookback) {
            problems.append(
                .invalid(
                    .topK(.volLookback),
                    "vol_lookback is how many returns the volatility is measured over, a whole number from 2 to \(Self.maxVolLookback), got \(n)"
                ))
        }
        if !(p.fraction.isFinite && p.fraction > 0) {
            problems.append(
                .invalid(
                    .topK(.fraction),
                    "fraction is each side's book as a fraction of equity, a finite number > 0 (0.95 keeps 5 % for commission and gaps), got \(p.fraction)"
                ))
        }
        if let n = p.shortK {
            if n < 1 {
                problems.append(
                    .invalid(
                        .topK(.shortK),
                        "short_k is how many assets to hold short, a whole number >= 1 (leave it out for long only), got \(n)"
                    ))
            } else if account.type == .cash {
                problems.append(
                    .invalid(
                        .topK(.shortK),
                        "short_k sells short, which a cash account cannot; set \"account\": {\"type\": \"margin\"} or remove short_k"
                    ))
            }
        }
        if p.rankBuffer < 0 {
            problems.append(
                .invalid(
                    .topK(.rankBuffer),
                    "rank_buffer is how many ranks beyond k a held asset may slip and stay, a whole number >= 0, got \(p.rankBuffer)"
                ))
        }
        if let w = p.maxWeight, !(w.isFinite && w > 0) {
            problems.append(
                .invalid(
                    .topK(.maxWeight),
                    "max_weight is the largest value of one asset as a fraction of equity, a finite number > 0, got \(w)"
                ))
        }
        return problems
    }
}
