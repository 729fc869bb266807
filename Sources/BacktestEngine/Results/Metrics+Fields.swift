// Every statistic of `Metrics` and `BenchmarkMetrics` by a stable snake_case name, in the order the
// API's summary writes them: the summary, the stored form and equality all walk this one list, so a
// statistic added to the struct is added here once.

extension Metrics {
    /// Every statistic, in the summary's order (`initial_cash` and `bars` are the job's, not here).
    public static let fields: [MetricField<Metrics>] = [
        .double("final_equity", .money, \.finalEquity), .double("total_return", .ratio, \.totalReturn),
        .double("cagr", .ratio, \.cagr), .double("cagr_sessions", .ratio, \.cagrSessions), .int("sessions", \.sessions),
        .double("mean_session_return", .ratio, \.meanSessionReturn), .double("best_session", .ratio, \.bestSession),
        .double("worst_session", .ratio, \.worstSession), .double("session_win_rate", .ratio, \.sessionWinRate),
        .double("annual_volatility", .ratio, \.annualVolatility), .double("sharpe", .ratio, \.sharpe),
        .double("sortino", .ratio, \.sortino), .double("downside_deviation", .ratio, \.downsideDeviation),
        .double("skew", .ratio, \.skew), .double("kurtosis", .ratio, \.kurtosis),
        .double("value_at_risk", .ratio, \.valueAtRisk), .double("expected_shortfall", .ratio, \.expectedShortfall),
        .double("tail_ratio", .ratio, \.tailRatio), .double("omega", .ratio, \.omega),
        .double("max_drawdown", .ratio, \.maxDrawdown), .int("max_drawdown_duration_bars", \.maxDrawdownDurationBars),
        .double("average_drawdown", .ratio, \.averageDrawdown), .int("drawdown_periods", \.drawdownPeriods),
        .double("calmar", .ratio, \.calmar), .double("recovery_factor", .ratio, \.recoveryFactor),
        .int("fills", \.fills), .int("orders", \.orders), .int("trades", \.trades),
        .int("open_positions", \.openPositions), .int("rejections", \.rejections),
        .double("exposure", .ratio, \.exposure), .double("time_in_market", .ratio, \.timeInMarket),
        .double("turnover", .ratio, \.turnover), .double("win_rate", .ratio, \.winRate),
        MetricField("profit_factor", .ratio, { $0.profitFactor }, { $0.profitFactor = $1 }),
        .double("expectancy", .money, \.expectancy), .double("payoff_ratio", .ratio, \.payoffRatio),
        .double("average_win", .money, \.averageWin), .double("average_loss", .money, \.averageLoss),
        .double("largest_win", .money, \.largestWin), .double("largest_loss", .money, \.largestLoss),
        .double("average_trade_return", .ratio, \.averageTradeReturn),
        .double("average_bars_held", .ratio, \.averageBarsHeld), .double("average_mfe", .ratio, \.averageMFE),
        .double("average_mae", .ratio, \.averageMAE), .int("max_consecutive_wins", \.maxConsecutiveWins),
        .int("max_consecutive_losses", \.maxConsecutiveLosses), .int("long_trades", \.longTrades),
        .int("short_trades", \.shortTrades), .double("total_commission", .money, \.totalCommission),
        .double("total_slippage", .money, \.totalSlippage), .double("total_borrow_fees", .money, \.totalBorrowFees),
        MetricField("total_costs", .money, { $0.totalCosts }, nil), .double("cost_drag", .ratio, \.costDrag),
    ]
}

extension BenchmarkMetrics {
    /// Every statistic, in the summary's order.
    public static let fields: [MetricField<BenchmarkMetrics>] = [
        .int("sessions", \.sessions), .double("total_return", .ratio, \.totalReturn), .double("alpha", .ratio, \.alpha),
        .double("beta", .ratio, \.beta), .double("correlation", .ratio, \.correlation),
        .double("tracking_error", .ratio, \.trackingError), .double("information_ratio", .ratio, \.informationRatio),
    ]

    /// Every statistic undefined, to be set by name.
    public static var undefined: BenchmarkMetrics {
        BenchmarkMetrics(
            sessions: 0, totalReturn: .nan, beta: .nan, alpha: .nan, correlation: .nan, trackingError: .nan,
            informationRatio: .nan)
    }
}

extension Metrics: Equatable {
    /// Equal when every statistic is: the same value, or both NaN (an undefined statistic equals
    /// itself, so runs compare equal when they agree).
    public static func == (lhs: Metrics, rhs: Metrics) -> Bool {
        sameFields(Metrics.fields, lhs, rhs)
            && (lhs.benchmark == nil) == (rhs.benchmark == nil)
            && (lhs.benchmark.map { sameFields(BenchmarkMetrics.fields, $0, rhs.benchmark!) } ?? true)
    }
}

extension BenchmarkMetrics: Equatable {
    /// Equal when every statistic is the same value or both are NaN.
    public static func == (lhs: BenchmarkMetrics, rhs: BenchmarkMetrics) -> Bool {
        sameFields(BenchmarkMetrics.fields, lhs, rhs)
    }
}

private func sameFields<R>(_ fields: [MetricField<R>], _ a: R, _ b: R) -> Bool {
    fields.allSatisfy { field in
        switch (field.get(a), field.get(b)) {
        case (nil, nil): true
        case (let x?, let y?): x == y || (x.isNaN && y.isNaN)
        default: false
        }
    }
}
