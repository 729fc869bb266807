// The job document the API answers with: status, timing, the resolved spec, metrics and links.
import BacktestEngine

extension BacktestRecord {
    /// The job as `GET /v1/backtests/{id}` answers it.
    var json: JSONValue {
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
            "summary": summary.map { summaryJSON($0) } ?? .null,
            "error": error.map { .object(["code": .string($0.code), "message": .string($0.message)]) } ?? .null,
            "links": .object(links),
        ])
    }

    private func summaryJSON(_ m: Metrics) -> JSONValue {
        .object([
            "initial_cash": .number(spec.configuration.initialCash),
            "final_equity": .finite(m.finalEquity),
            "total_return": .finite(m.totalReturn),
            "cagr": .finite(m.cagr),
            "annual_volatility": .finite(m.annualVolatility),
            "sharpe": .finite(m.sharpe),
            "sortino": .finite(m.sortino),
            "max_drawdown": .finite(m.maxDrawdown),
            "max_drawdown_duration_bars": .int(m.maxDrawdownDurationBars),
            "calmar": .finite(m.calmar),
            "bars": .int(bars ?? 0),
            "fills": .int(m.fills),
            "orders": .int(m.orders),
            "trades": .int(m.trades),
            "open_positions": .int(m.openPositions),
            "rejections": .int(m.rejections),
            "win_rate": .finite(m.winRate),
            "profit_factor": .optional(m.profitFactor),
            "average_win": .finite(m.averageWin),
            "average_loss": .finite(m.averageLoss),
            "exposure": .finite(m.exposure),
            "turnover": .finite(m.turnover),
            "total_commission": .finite(m.totalCommission),
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
