// `GET /v1/sweeps/{id}/report`: a sweep as a page: its progress, the best combination and the
// overfitting statistics, a heatmap of one statistic over two swept paths, and the top
// combinations; for a walk-forward sweep, the stitched out-of-sample equity and a table of its
// windows instead. A convenience over `GET /v1/sweeps/{id}` and its results, which carry every
// number.
import BacktestEngine
import Foundation

/// The HTML report of a sweep.
enum SweepReport {
    /// Combinations listed under the heatmap, best first.
    static let top = 20

    /// The page, with the heatmap of `metric` over paths `x` and `y` (indices of the sweep's axes).
    /// Where other paths are swept too, each cell shows the best value over them (by the
    /// objective's direction).
    static func html(
        _ view: SweepView, _ results: SweepResults, metric: String, x: Int?, y: Int?,
        walkForward: WalkForwardResult? = nil
    ) -> [UInt8] {
        let record = view.record
        var page = HTML()
        let title = "Sweep \(record.id)" + (record.spec.name.map { " · \($0)" } ?? "")
        ReportStyle.head(&page, title: title, refresh: view.status.isTerminal ? nil : 5)
        page.raw("<header><p class=\"crumbs\"><a href=\"/\">jobs</a> / sweep</p><h1>")
        page.text(title)
        page.raw("</h1><p class=\"lead\">")
        page.text(
            "\(record.spec.count) combinations · \(view.status.rawValue) · \(Int((view.progress * 100).rounded())) % · \(view.tally.succeeded) succeeded, \(view.tally.failed) failed"
        )
        page.raw("</p></header><section class=\"cards\">")
        let objective = record.spec.objective
        ReportStyle.card(&page, "objective", "\(objective.maximize ? "max" : "min") \(objective.metric)")
        if let statistics = record.statistics {
            ReportStyle.card(&page, "best", statistics.best.map { "#\($0)" } ?? "–")
            ReportStyle.card(&page, "deflated Sharpe", BacktestReport.ratio(statistics.deflatedSharpe))
            ReportStyle.card(&page, "PBO", statistics.pbo.map { BacktestReport.ratio($0) } ?? "–")
            ReportStyle.card(&page, "trials", String(statistics.trials))
        }
        if let walkForward {
            let final = walkForward.equity.last?.equity
            ReportStyle.card(
                &page, "out-of-sample return",
                final.map { BacktestReport.ratio($0 / walkForward.initialCash - 1) } ?? "–")
            ReportStyle.card(&page, "windows", String(record.walkForward?.windows.count ?? 0))
        }
        page.raw("</section>")
        if let walkForward {
            WalkForwardSection.html(&page, walkForward)
        } else {
            heatmap(&page, record, results, metric: metric, x: x, y: y)
            best(&page, record, results)
        }
        page.raw("<footer>")
        page.link("/v1/sweeps/\(record.id)", "JSON")
        page.raw(" ")
        page.link("/v1/sweeps/\(record.id)/results?format=csv", "results as CSV")
        page.raw("</footer></main></body></html>\n")
        return Array(page.markup.utf8)
    }

    /// The statistic `metric` of each row (NaN when it has none).
    private static func values(_ results: SweepResults, metric: String) -> [Double] {
        guard let i = BacktestRecord.summaryNames.firstIndex(of: metric) else { return results.rows.map { _ in .nan } }
        return results.rows.map { $0.statistics?[i].value ?? .nan }
    }

    private static func heatmap(
        _ page: inout HTML, _ record: SweepRecord, _ results: SweepResults, metric: String, x: Int?, y: Int?
    ) {
        page.raw("<h2>")
        page.text(metric)
        page.raw(" by parameters</h2>")
        guard case .grid = record.spec.method else {
            return page.raw(
                "<p class=\"muted\">a random sweep's values are drawn, not laid out on a grid: see the combinations below</p>"
            )
        }
        guard let x else {
            return page.raw("<p class=\"muted\">the sweep has no swept path to lay out</p>")
        }
        let maximize = record.spec.objective.metric == metric ? record.spec.objective.maximize : true
        let values = values(results, metric: metric)
        let columns = distinct(results.rows.map { $0.parameters[x] })
        let rowsValues = y.map { y in distinct(results.rows.map { $0.parameters[y] }) } ?? [.null]
        // Each cell: the best value among the combinations with these two values.
        var cells = [[Double]](repeating: [Double](repeating: .nan, count: columns.count), count: rowsValues.count)
        for (r, row) in results.rows.enumerated() where values[r].isFinite {
            guard let c = columns.firstIndex(of: row.parameters[x]) else { continue }
            let k = y.flatMap { rowsValues.firstIndex(of: row.parameters[$0]) } ?? 0
            let old = cells[k][c]
            if old.isNaN || (maximize ? values[r] > old : values[r] < old) { cells[k][c] = values[r] }
        }
        let finite = cells.flatMap { $0 }.filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 0
        page.raw("<table class=\"heatmap sweep\"><thead><tr><th>")
        page.text(y.map { "\(record.spec.axes[$0].name) \\ \(record.spec.axes[x].name)" } ?? record.spec.axes[x].name)
        page.raw("</th>")
        for column in columns {
            page.raw("<th>")
            page.text(JSONWriter.text(column))
            page.raw("</th>")
        }
        page.raw("</tr></thead><tbody>")
        for (k, rowValue) in rowsValues.enumerated() {
            page.raw("<tr><th>")
            page.text(y == nil ? "" : JSONWriter.text(rowValue))
            page.raw("</th>")
            for value in cells[k] {
                guard value.isFinite else {
                    page.raw("<td></td>")
                    continue
                }
                // Better cells are greener, worse ones redder, by their place between the extremes.
                let place = high > low ? (value - low) / (high - low) : 1
                let good = maximize ? place : 1 - place
                let color = good >= 0.5 ? "46,125,50" : "179,38,30"
                let alpha = abs(good - 0.5) * 1.4 + 0.08
                page.raw("<td style=\"background:rgba(\(color),\(String(format: "%.2f", alpha)))\">")
                page.text(BacktestReport.ratio(value))
                page.raw("</td>")
            }
            page.raw("</tr>")
        }
        page.raw("</tbody></table>")
        if record.spec.axes.count > (y == nil ? 1 : 2) {
            page.raw("<p class=\"muted\">other swept paths: each cell shows the best over them</p>")
        }
    }

    private static func best(_ page: inout HTML, _ record: SweepRecord, _ results: SweepResults) {
        var sorted = results
        if let column = sorted.sortableColumn(record.spec.objective.metric) {
            sorted.sort(by: column, descending: record.spec.objective.maximize)
        }
        page.raw("<h2>Best combinations</h2><table class=\"combinations\"><thead><tr><th>#</th>")
        for axis in record.spec.axes {
            page.raw("<th>")
            page.text(axis.name)
            page.raw("</th>")
        }
        let shown = ["final_equity", "sharpe", "max_drawdown", "trades"]
        for name in shown { page.raw("<th>\(name)</th>") }
        page.raw("<th></th></tr></thead><tbody>")
        for row in sorted.rows.prefix(top) {
            page.raw("<tr><td>\(row.combination)</td>")
            for value in row.parameters {
                page.raw("<td>")
                page.text(JSONWriter.text(value))
                page.raw("</td>")
            }
            for name in shown {
                let s = BacktestRecord.summaryNames.firstIndex(of: name).flatMap { row.statistics?[$0] }
                page.raw("<td>")
                page.text(s.map { BacktestReport.display($0.value, $0.unit) } ?? "")
                page.raw("</td>")
            }
            page.raw("<td>")
            if row.status == JobStatus.succeeded.rawValue {
                page.link("/v1/backtests/\(row.backtest)/report", "report")
            } else {
                page.text(row.status)
            }
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")
    }

    /// The distinct values in order of first appearance, numbers sorted ascending.
    private static func distinct(_ values: [JSONValue]) -> [JSONValue] {
        var seen: [JSONValue] = []
        for value in values where !seen.contains(value) { seen.append(value) }
        if seen.allSatisfy({ $0.numberValue != nil }) { seen.sort { $0.numberValue! < $1.numberValue! } }
        return seen
    }
}
