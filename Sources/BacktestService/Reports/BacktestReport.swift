// `GET /v1/backtests/{id}/report`: one succeeded backtest as a page people look at: the headline
// numbers, equity and drawdown charts (inline SVG), the monthly returns as a heatmap, every summary
// statistic, the first trades and the orders' rejections, with links to the full tables. A
// convenience over the JSON API, never a second one: every number here is in the JSON too.
import BacktestEngine
import Foundation

/// The HTML report of a succeeded backtest.
enum BacktestReport {
    /// Most trades and rejections listed (the tables link to the whole CSV).
    static let rows = 100

    /// The page.
    static func html(_ record: BacktestRecord, _ result: BacktestResult) -> [UInt8] {
        var page = HTML()
        let title = "Backtest \(record.id)" + (record.spec.name.map { " · \($0)" } ?? "")
        ReportStyle.head(&page, title: title)
        page.raw("<header><p class=\"crumbs\"><a href=\"/\">jobs</a> / backtest</p><h1>")
        page.text(title)
        page.raw("</h1><p class=\"lead\">")
        page.text(
            "\(record.spec.json["strategy"]?["template"]?.stringValue ?? "strategy") on \(record.spec.dataset) · \(result.equity.count) bars · \(result.assets.count) assets"
        )
        if let sweep = record.sweep {
            page.raw(" · combination of ")
            page.link("/v1/sweeps/\(sweep)", sweep)
        }
        page.raw("</p></header>")
        let m = result.metrics
        page.raw("<section class=\"cards\">")
        ReportStyle.card(&page, "final equity", money(m.finalEquity))
        ReportStyle.card(&page, "total return", percent(m.totalReturn))
        ReportStyle.card(&page, "Sharpe", ratio(m.sharpe))
        ReportStyle.card(&page, "max drawdown", percent(m.maxDrawdown))
        ReportStyle.card(&page, "trades", String(m.trades))
        ReportStyle.card(&page, "fills", String(m.fills))
        page.raw("</section>")
        let times = result.equity.map(\.timestamp)
        page.raw(
            SVGChart(
                name: "equity", title: "Equity", timestamps: times, values: result.equity.map(\.equity),
                label: { money($0, decimals: 0) }
            ).markup)
        // Shallow drawdowns get more decimals, so that the axis labels differ.
        let deepest = result.equity.map(\.drawdown).max() ?? 0
        let decimals = deepest >= 0.04 ? 1 : deepest >= 0.004 ? 2 : 3
        page.raw(
            SVGChart(
                name: "drawdown", title: "Drawdown", timestamps: times, values: result.equity.map { -$0.drawdown },
                label: { percent($0, decimals: decimals) }, area: true
            ).markup)
        monthly(&page, record, result)
        metrics(&page, record, m)
        trades(&page, record, result)
        rejections(&page, record, result)
        page.raw("<footer>")
        for (name, path) in [
            ("JSON", ""), ("fills", "/fills"), ("orders", "/orders"), ("trades", "/trades"), ("equity", "/equity"),
        ] {
            page.link("/v1/backtests/\(record.id)\(path)\(path.isEmpty ? "" : "?format=csv")", name)
            page.raw(" ")
        }
        page.raw("</footer></main></body></html>\n")
        return Array(page.markup.utf8)
    }

    /// Years by months, each cell the month's compounded session return, shaded by its size.
    private static func monthly(_ page: inout HTML, _ record: BacktestRecord, _ result: BacktestResult) {
        let configuration = record.spec.configuration
        let calendar = CalendarReturns(
            SessionReturns(result, initialCash: configuration.initialCash, settings: configuration.analytics))
        page.raw("<h2>Monthly returns</h2>")
        guard !calendar.years.isEmpty else { return page.raw("<p class=\"muted\">no sessions</p>") }
        let largest = max(1e-12, calendar.months.map { abs($0.value) }.max() ?? 0)
        page.raw("<table class=\"heatmap\"><thead><tr><th>year</th>")
        for name in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] {
            page.raw("<th>\(name)</th>")
        }
        page.raw("<th>year</th></tr></thead><tbody>")
        for year in calendar.years {
            page.raw("<tr><th>\(year.year)</th>")
            for month in 1...12 {
                guard let cell = calendar.months.first(where: { $0.year == year.year && $0.month == month }) else {
                    page.raw("<td></td>")
                    continue
                }
                let alpha = min(1, abs(cell.value) / largest) * 0.75 + 0.08
                let color = cell.value >= 0 ? "46,125,50" : "179,38,30"
                page.raw("<td style=\"background:rgba(\(color),\(String(format: "%.2f", alpha)))\">")
                page.text(percent(cell.value, decimals: 1))
                page.raw("</td>")
            }
            page.raw("<td class=\"total\">")
            page.text(percent(year.value, decimals: 1))
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")
    }

    private static func metrics(_ page: inout HTML, _ record: BacktestRecord, _ m: Metrics) {
        page.raw("<h2>Metrics</h2><table class=\"metrics\"><tbody>")
        let statistics = record.summaryStatistics(m)
        // Two statistics per row, so the table stays short.
        for pair in stride(from: 0, to: statistics.count, by: 2) {
            page.raw("<tr>")
            for s in statistics[pair..<min(pair + 2, statistics.count)] {
                page.raw("<th>")
                page.text(s.name)
                page.raw("</th><td>")
                page.text(display(s.value, s.unit))
                page.raw("</td>")
            }
            page.raw("</tr>")
        }
        page.raw("</tbody></table>")
    }

    private static func trades(_ page: inout HTML, _ record: BacktestRecord, _ result: BacktestResult) {
        page.raw("<h2>Trades</h2>")
        note(&page, shown: min(rows, result.trades.count), of: result.trades.count, "trades", record)
        guard !result.trades.isEmpty else { return }
        page.raw("<table class=\"trades\"><thead><tr>")
        for name in [
            "asset", "side", "quantity", "entry", "price", "exit", "price", "pnl", "return", "bars", "exit reason",
        ] {
            page.raw("<th>\(name)</th>")
        }
        page.raw("</tr></thead><tbody>")
        for t in result.trades.prefix(rows) {
            let cells = [
                result.assets[Int(t.asset)], t.direction.rawValue, quantity(t.quantity), UTCTime.format(t.entryTime),
                money(t.entryPrice), UTCTime.format(t.exitTime), money(t.exitPrice), money(t.pnl),
                percent(t.returnFraction), String(t.barsHeld), t.exitReason.rawValue,
            ]
            row(&page, cells, class: t.pnl >= 0 ? "win" : "loss")
        }
        page.raw("</tbody></table>")
    }

    private static func rejections(_ page: inout HTML, _ record: BacktestRecord, _ result: BacktestResult) {
        let rejected = result.orders.filter { $0.status == .rejected }
        page.raw("<h2>Rejected orders</h2>")
        note(&page, shown: min(rows, rejected.count), of: rejected.count, "orders", record)
        guard !rejected.isEmpty else { return }
        page.raw("<table class=\"rejections\"><thead><tr>")
        for name in ["order", "created", "asset", "side", "type", "quantity", "reason"] { page.raw("<th>\(name)</th>") }
        page.raw("</tr></thead><tbody>")
        for o in rejected.prefix(rows) {
            row(
                &page,
                [
                    String(o.id), UTCTime.format(o.createdAt), result.assets[Int(o.asset)], o.side.rawValue,
                    o.type.rawValue, quantity(o.quantity), o.reason?.rawValue ?? "",
                ])
        }
        page.raw("</tbody></table>")
    }

    private static func note(_ page: inout HTML, shown: Int, of total: Int, _ table: String, _ record: BacktestRecord) {
        page.raw("<p class=\"muted\">")
        page.text(total == 0 ? "none" : shown == total ? "all \(total)" : "the first \(shown) of \(total); ")
        if shown < total { page.link("/v1/backtests/\(record.id)/\(table)?format=csv", "every row as CSV") }
        page.raw("</p>")
    }

    private static func row(_ page: inout HTML, _ cells: [String], class name: String? = nil) {
        page.raw(name.map { "<tr class=\"\($0)\">" } ?? "<tr>")
        for cell in cells {
            page.raw("<td>")
            page.text(cell)
            page.raw("</td>")
        }
        page.raw("</tr>")
    }

    /// A statistic for people: money with two decimals, counts whole, ratios with four; undefined
    /// ones as a dash.
    static func display(_ value: Double?, _ unit: MetricUnit) -> String {
        guard let value, value.isFinite else { return "–" }
        switch unit {
        case .money: return money(value)
        case .count: return String(Int(value))
        case .ratio: return ratio(value)
        }
    }

    static func money(_ x: Double, decimals: Int = 2) -> String {
        guard x.isFinite else { return "–" }
        let text = String(format: "%.\(decimals)f", abs(x))
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = ""
        for (i, c) in parts[0].reversed().enumerated() {
            if i > 0 && i % 3 == 0 { whole.append(",") }
            whole.append(c)
        }
        return (x < 0 ? "-" : "") + String(whole.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func percent(_ x: Double, decimals: Int = 2) -> String {
        x.isFinite ? String(format: "%.\(decimals)f %%", x * 100) : "–"
    }

    static func ratio(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "–" }

    static func quantity(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.4f", x)
    }
}
