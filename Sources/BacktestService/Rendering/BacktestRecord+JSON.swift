// The job document the API answers with: status, timing, the resolved spec, metrics and links.
// The summary's computed numbers follow `?precision=`; the spec is echoed as given, so it can be
// submitted again unchanged.
import BacktestEngine

extension BacktestRecord {
    /// The job as `GET /v1/backtests/{id}` answers it by default.
    var json: JSONValue { json(.standard) }

    /// The job with its summary's computed numbers in `precision`.
    func json(_ precision: Precision) -> JSONValue {
        let base = "/v1/backtests/\(id)"
        var links: JSONObject = ["self": .string(base)]
        if status == .succeeded {
            for table in ResultTable.allCases { links[table.rawValue] = .string("\(base)/\(table.rawValue)") }
        }
        return .object([
            "id": .string(id),
            "name": .optional(spec.name),
            "status": .string(status.rawValue),
            "progress": .number(progress),
            "created_at": .string(Self.time(createdAt)),
            "started_at": .optional(startedAt.map(Self.time)),
            "finished_at": .optional(finishedAt.map(Self.time)),
            "dataset": .string(spec.dataset),
            "spec": spec.json,
            "summary": summary.map { summaryJSON($0, precision) } ?? .null,
            "error": error.map { .object(["code": .string($0.code), "message": .string($0.message)]) } ?? .null,
            "links": .object(links),
        ])
    }

    private func summaryJSON(_ m: Metrics, _ precision: Precision) -> JSONValue {
        func money(_ x: Double) -> JSONValue { precision == .full ? .finite(x) : .rounded(x, .money) }
        func ratio(_ x: Double) -> JSONValue { precision == .full ? .finite(x) : .rounded(x, .ratio) }
        return .object([
            "initial_cash": money(spec.configuration.initialCash),
            "final_equity": money(m.finalEquity),
            "total_return": ratio(m.totalReturn),
            "cagr": ratio(m.cagr),
            "annual_volatility": ratio(m.annualVolatility),
            "sharpe": ratio(m.sharpe),
            "sortino": ratio(m.sortino),
            "max_drawdown": ratio(m.maxDrawdown),
            "max_drawdown_duration_bars": .int(m.maxDrawdownDurationBars),
            "calmar": ratio(m.calmar),
            "bars": .int(bars ?? 0),
            "fills": .int(m.fills),
            "orders": .int(m.orders),
            "trades": .int(m.trades),
            "open_positions": .int(m.openPositions),
            "rejections": .int(m.rejections),
            "win_rate": ratio(m.winRate),
            "profit_factor": m.profitFactor.map(ratio) ?? .null,
            "average_win": money(m.averageWin),
            "average_loss": money(m.averageLoss),
            "exposure": ratio(m.exposure),
            "turnover": ratio(m.turnover),
            "total_commission": money(m.totalCommission),
            "total_slippage": money(m.totalSlippage),
            "total_borrow_fees": money(m.totalBorrowFees),
            "total_costs": money(m.totalCosts),
            "cost_drag": ratio(m.costDrag),
        ])
    }

    /// ISO-8601 UTC with milliseconds for wall-clock instants.
    static func time(_ seconds: Double) -> String {
        let whole = seconds.rounded(.down)
        let millis = Int((seconds - whole) * 1000)
        var text = UTCTime.format(Int64(whole))
        text.removeLast()
        let digits = String(millis)
        return text + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}
