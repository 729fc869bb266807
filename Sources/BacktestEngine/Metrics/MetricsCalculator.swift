// Turns a finished run's records into `Metrics` (once per result, not in the loop): sessions and
// their returns, drawdown, CAGR, trade statistics, activity, costs and the benchmark comparison.

/// Computes the summary statistics of a finished run.
struct MetricsCalculator {
    let initialCash: Double
    let marks: EquityMarks
    let ledger: Ledger
    let openPositions: Int
    var settings = AnalyticsSettings.standard
    /// The benchmark's level at every bar, when the settings name one.
    var benchmark: BenchmarkLevels?

    func metrics() -> Metrics {
        let points = marks.points
        let finalEquity = points.last?.equity ?? initialCash
        let sessions = Sessions(timestamps: points.map(\.timestamp), gap: settings.sessionGap)
        let returns = SessionReturns(equity: points, initialCash: initialCash, sessions: sessions)
        let statistics = ReturnStatistics(returns, settings: settings)
        let growth = finalEquity / initialCash
        let (maxDrawdown, duration) = Self.drawdown(points)
        let cagrSessions = statistics.cagrSessions(growth: growth)
        let bars = Double(max(points.count, 1))
        let meanEquity = marks.equitySum / bars
        var m = Metrics(
            finalEquity: finalEquity,
            totalReturn: growth - 1,
            cagr: statistics.calendarCAGR(
                growth: growth, first: points.first?.timestamp ?? 0, last: points.last?.timestamp ?? 0),
            annualVolatility: .nan, sharpe: .nan, sortino: .nan,
            maxDrawdown: maxDrawdown,
            maxDrawdownDurationBars: duration,
            calmar: maxDrawdown == 0 ? .nan : cagrSessions / maxDrawdown,
            fills: ledger.fills.count,
            orders: ledger.orders.count,
            trades: ledger.trades.count,
            rejections: ledger.rejections,
            openPositions: openPositions,
            winRate: .nan, profitFactor: nil, averageWin: .nan, averageLoss: .nan,
            exposure: points.isEmpty ? 0 : marks.exposureSum / bars,
            turnover: meanEquity == 0 ? 0 : ledger.fillValue / meanEquity,
            totalCommission: ledger.totalCommission, totalSlippage: ledger.totalSlippage,
            totalBorrowFees: ledger.borrowFees,
            costDrag: (ledger.totalCommission + ledger.totalSlippage + ledger.borrowFees) / initialCash)
        m.cagrSessions = cagrSessions
        statistics.write(into: &m)
        TradeStatistics(ledger.trades).write(into: &m)
        let periods = DrawdownPeriod.periods(of: points, initialCash: initialCash)
        m.drawdownPeriods = periods.count
        m.averageDrawdown = periods.isEmpty ? .nan : periods.reduce(0) { $0 + $1.depth } / Double(periods.count)
        m.recoveryFactor = maxDrawdown == 0 ? .nan : m.totalReturn / maxDrawdown
        m.timeInMarket = points.isEmpty ? .nan : Double(marks.investedBars) / bars
        if let benchmark {
            m.benchmark = BenchmarkComparison(returns: returns, sessions: sessions, levels: benchmark)
                .metrics(settings)
        }
        return m
    }

    /// Maximum per-bar drawdown and the longest run of consecutive bars with drawdown > 0.
    static func drawdown(_ points: [EquityPoint]) -> (max: Double, durationBars: Int) {
        var maximum = 0.0
        var longest = 0
        var run = 0
        for point in points {
            maximum = max(maximum, point.drawdown)
            if point.drawdown > 0 {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        return (maximum, longest)
    }
}
