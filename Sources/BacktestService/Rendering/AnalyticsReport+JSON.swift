// An analytics view as JSON: its rows as `items` (the same fields as its CSV, through
// `ObjectRowEncoder`) beside what the view adds (attribution totals, yearly returns, the rolling
// window), and signal quality nested by signal, horizon and quantile. Views are small (one row per
// asset, period, month or session), so they are built as values before being written.
import BacktestEngine

extension AnalyticsReport {
    /// The view as a JSON document, computed numbers in `precision`.
    func json(_ precision: Precision) -> JSONValue {
        func number(_ x: Double, _ kind: NumberKind) -> JSONValue {
            guard x.isFinite else { return .null }
            return precision == .full ? .number(x) : .rounded(x, kind)
        }
        var items = ObjectRowEncoder(precision: precision)
        switch self {
        case .attribution(let rows, let initialCash, let finalEquity, let borrowFees):
            encodeRows(into: &items)
            return .object([
                "items": .array(items.rows.map(JSONValue.object)),
                "totals": .object([
                    "pnl": number(rows.reduce(0) { $0 + $1.pnl }, .money), "borrow_fees": number(borrowFees, .money),
                    "equity_change": number(finalEquity - initialCash, .money),
                ]),
            ])
        case .drawdowns:
            encodeRows(into: &items)
            return .object(["items": .array(items.rows.map(JSONValue.object))])
        case .monthlyReturns(let calendar):
            encodeRows(into: &items)
            let years = calendar.years.map { y in
                JSONValue.object([
                    "year": .int(y.year), "return": number(y.value, .ratio), "sessions": .int(y.sessions),
                ])
            }
            return .object(["items": .array(items.rows.map(JSONValue.object)), "years": .array(years)])
        case .rollingSharpe(let rolling, let settings):
            encodeRows(into: &items)
            return .object([
                "window": .int(rolling.window), "periods_per_year": .number(settings.periodsPerYear),
                "risk_free_rate": .number(settings.riskFreeRate), "items": .array(items.rows.map(JSONValue.object)),
            ])
        case .signalQuality(let signals, let horizons, let quantiles):
            let measured = signals.map { s in
                JSONValue.object([
                    "signal": .string(s.signal),
                    "horizons": .array(
                        s.horizons.map { h in
                            var coefficients = ObjectRowEncoder(precision: precision)
                            coefficients.beginRow()
                            Self.encodeCoefficients(h, into: &coefficients)
                            var table = ObjectRowEncoder(precision: precision)
                            for q in h.quantiles {
                                table.beginRow()
                                Self.encodeQuantile(q, into: &table)
                            }
                            var object = coefficients.rows[0]
                            object.append("quantiles", .array(table.rows.map(JSONValue.object)))
                            return .object(object)
                        }),
                ])
            }
            return .object([
                "horizons": .array(horizons.map(JSONValue.int)), "quantiles": .int(quantiles),
                "signals": .array(measured),
            ])
        }
    }
}
