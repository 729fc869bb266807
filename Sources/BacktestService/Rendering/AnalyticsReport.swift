// A computed analytics view (attribution, drawdowns, monthly returns, rolling Sharpe, signal
// quality) and its rows, described once for both JSON and CSV like the result tables.
import BacktestEngine

/// A computed analytics view, ready to be written.
enum AnalyticsReport {
    /// Per asset, plus the reconciliation totals.
    case attribution([AssetAttribution], initialCash: Double, finalEquity: Double, borrowFees: Double)
    case drawdowns([DrawdownPeriod])
    case monthlyReturns(CalendarReturns)
    case rollingSharpe(RollingSharpe, AnalyticsSettings)
    /// Each signal's quality, and the horizons and quantile count asked for.
    case signalQuality([SignalQuality], horizons: [Int], quantiles: Int)

    /// The view's columns: its CSV header and its JSON items' keys.
    var columns: [String] {
        switch self {
        case .attribution:
            [
                "asset", "pnl", "realized_pnl", "open_pnl", "contribution", "commission", "slippage", "traded_value",
                "fills", "trades", "winning_trades", "win_rate", "position", "last_close",
            ]
        case .drawdowns:
            ["peak", "start", "trough", "end", "recovery", "depth", "peak_equity", "trough_equity", "bars"]
        case .monthlyReturns: ["year", "month", "return", "sessions"]
        case .rollingSharpe: ["timestamp", "sharpe"]
        case .signalQuality:
            [
                "signal", "horizon", "observations", "periods", "ic", "ic_std", "ic_ir", "ic_t", "rank_ic",
                "rank_ic_std", "rank_ic_ir", "rank_ic_t", "pooled_ic", "pooled_rank_ic", "quantile", "count",
                "min_signal", "max_signal", "mean_signal", "mean_forward_return", "hit_rate",
            ]
        }
    }

    /// Writes the view's rows (signal quality: one per signal, horizon and quantile, the horizon's
    /// coefficients repeated on each of its quantiles).
    func encodeRows<E: RowEncoder>(into e: inout E) {
        switch self {
        case .attribution(let rows, _, _, _):
            for a in rows {
                e.beginRow()
                e.string("asset", a.asset)
                e.number("pnl", a.pnl, .money)
                e.number("realized_pnl", a.realizedPnL, .money)
                e.number("open_pnl", a.openPnL, .money)
                e.number("contribution", a.contribution, .ratio)
                e.number("commission", a.commission, .money)
                e.number("slippage", a.slippage, .money)
                e.number("traded_value", a.tradedValue, .money)
                e.int("fills", a.fills)
                e.int("trades", a.trades)
                e.int("winning_trades", a.winningTrades)
                e.number("win_rate", a.trades == 0 ? nil : Double(a.winningTrades) / Double(a.trades), .ratio)
                e.quantity("position", a.position)
                e.number("last_close", a.lastClose, .money)
                e.endRow()
            }
        case .drawdowns(let periods):
            for p in periods {
                e.beginRow()
                e.timestamp("peak", p.peak)
                e.timestamp("start", p.start)
                e.timestamp("trough", p.trough)
                e.timestamp("end", p.end)
                e.timestamp("recovery", p.recovery)
                e.number("depth", p.depth, .ratio)
                e.number("peak_equity", p.peakEquity, .money)
                e.number("trough_equity", p.troughEquity, .money)
                e.int("bars", p.bars)
                e.endRow()
            }
        case .monthlyReturns(let calendar):
            for m in calendar.months {
                e.beginRow()
                e.int("year", m.year)
                e.int("month", m.month ?? 0)
                e.number("return", m.value, .ratio)
                e.int("sessions", m.sessions)
                e.endRow()
            }
        case .rollingSharpe(let rolling, _):
            for (t, value) in zip(rolling.timestamps, rolling.values) {
                e.beginRow()
                e.timestamp("timestamp", t)
                e.number("sharpe", value, .ratio)
                e.endRow()
            }
        case .signalQuality(let signals, _, _):
            for s in signals {
                for h in s.horizons {
                    for q in h.quantiles {
                        e.beginRow()
                        e.string("signal", s.signal)
                        Self.encodeCoefficients(h, into: &e)
                        Self.encodeQuantile(q, into: &e)
                        e.endRow()
                    }
                }
            }
        }
    }

    /// A horizon's coefficients (the signal quality columns after `signal`, before `quantile`).
    static func encodeCoefficients<E: RowEncoder>(_ h: HorizonQuality, into e: inout E) {
        e.int("horizon", h.horizon)
        e.int("observations", h.observations)
        e.int("periods", h.periods)
        e.number("ic", h.ic, .ratio)
        e.number("ic_std", h.icStd, .ratio)
        e.number("ic_ir", h.icIR, .ratio)
        e.number("ic_t", h.icT, .ratio)
        e.number("rank_ic", h.rankIC, .ratio)
        e.number("rank_ic_std", h.rankICStd, .ratio)
        e.number("rank_ic_ir", h.rankICIR, .ratio)
        e.number("rank_ic_t", h.rankICT, .ratio)
        e.number("pooled_ic", h.pooledIC, .ratio)
        e.number("pooled_rank_ic", h.pooledRankIC, .ratio)
    }

    /// A quantile's columns.
    static func encodeQuantile<E: RowEncoder>(_ q: QuantileQuality, into e: inout E) {
        e.int("quantile", q.quantile)
        e.int("count", q.count)
        e.number("min_signal", q.minSignal, .ratio)
        e.number("max_signal", q.maxSignal, .ratio)
        e.number("mean_signal", q.meanSignal, .ratio)
        e.number("mean_forward_return", q.meanForwardReturn, .ratio)
        e.number("hit_rate", q.hitRate, .ratio)
    }

    /// The view as CSV with a header line.
    func csv(_ precision: Precision) -> [UInt8] {
        var encoder = CSVRowEncoder(header: columns, reserving: 4096, precision: precision)
        encodeRows(into: &encoder)
        return encoder.bytes
    }
}
