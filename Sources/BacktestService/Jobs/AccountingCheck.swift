// The service's check on a finished run before it is stored as succeeded: the account must have
// stayed in the finite range. Prices are bounded at ingest, but cash, leverage and sizing can still
// push equity past what a Double holds; such a run fails with a reason instead of "succeeding"
// with a null final equity.
import BacktestEngine

/// Whether a finished run's accounting stayed finite.
enum AccountingCheck {
    /// The job error for a run whose equity, cash or costs left the finite range; nil when they
    /// stayed finite throughout.
    static func failure(of result: BacktestResult) -> JobError? {
        let metrics = result.metrics
        if let point = result.equity.first(where: { !$0.equity.isFinite || !$0.cash.isFinite }) {
            return error("at \(UTCTime.format(point.timestamp)) equity was \(point.equity) and cash \(point.cash)")
        }
        for (name, value) in [
            ("final equity", metrics.finalEquity), ("total commission", metrics.totalCommission),
            ("total slippage", metrics.totalSlippage), ("total borrow fees", metrics.totalBorrowFees),
        ] where !value.isFinite {
            return error("the \(name) was \(value)")
        }
        return nil
    }

    private static func error(_ what: String) -> JobError {
        JobError(
            code: "non_finite_accounting",
            message:
                "the run's accounting left the range of finite numbers (\(what)); lower account.initial_cash or "
                + "the leverage, or rescale prices (the server takes 0.000001 to 1000000000000)")
    }
}
