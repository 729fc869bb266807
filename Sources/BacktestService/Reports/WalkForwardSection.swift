// The walk-forward part of a sweep's report: the stitched out-of-sample equity as a chart, then one
// table row per window with its train and test dates, the parameters its train part chose, their
// train value, the test run's result and the window's deflated Sharpe ratio.
import BacktestEngine

/// Renders a walk-forward sweep's windows into its report page.
enum WalkForwardSection {
    static func html(_ page: inout HTML, _ result: WalkForwardResult) {
        let sweep = result.sweep
        page.raw("<h2>Out-of-sample equity</h2>")
        page.raw(
            SVGChart(
                name: "equity walk-forward", title: "Stitched test runs", timestamps: result.equity.map(\.timestamp),
                values: result.equity.map(\.equity), label: { BacktestReport.money($0, decimals: 0) }
            ).markup)
        page.raw("<h2>Windows</h2><table class=\"windows\"><thead><tr><th>#</th><th>train</th><th>test</th>")
        for axis in sweep.spec.axes {
            page.raw("<th>")
            page.text(axis.name)
            page.raw("</th>")
        }
        let objective = sweep.spec.walkForward?.objective.metric ?? "objective"
        page.raw("<th>train \(HTML.escape(objective))</th><th>test final_equity</th><th>test sharpe</th>")
        page.raw("<th>deflated Sharpe</th><th></th></tr></thead><tbody>")
        for (k, window) in (sweep.walkForward?.windows ?? []).enumerated() {
            page.raw("<tr><td>\(k)</td><td>")
            page.text(span(window.trainSpan))
            page.raw("</td><td>")
            page.text(span(window.testSpan))
            page.raw("</td>")
            let values = window.chosen.map { sweep.spec.values(of: $0) }
            for i in sweep.spec.axes.indices {
                page.raw("<td>")
                page.text(values.map { JSONWriter.text($0[i]) } ?? "")
                page.raw("</td>")
            }
            page.raw("<td>")
            page.text(BacktestReport.ratio(window.chosenValue))
            page.raw("</td>")
            let test = result.tests.indices.contains(k) ? result.tests[k]?.record : nil
            page.raw("<td>")
            page.text(test?.summary.map { BacktestReport.money($0.finalEquity) } ?? "")
            page.raw("</td><td>")
            page.text(test?.summary.map { BacktestReport.ratio($0.sharpe) } ?? "")
            page.raw("</td><td>")
            page.text(window.statistics.map { BacktestReport.ratio($0.deflatedSharpe) } ?? "")
            page.raw("</td><td>")
            if let test, test.status == .succeeded {
                page.link("/v1/backtests/\(test.id)/report", "report")
            } else {
                page.text(test?.status.rawValue ?? window.note ?? (window.decided ? "" : "training"))
            }
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table><p class=\"muted\">")
        page.link("/v1/sweeps/\(sweep.id)/walk_forward", "windows as JSON")
        page.raw("</p>")
    }

    /// `2024-01-01 – 2024-06-28`: the part's first and last days.
    private static func span(_ span: ClosedRange<Int64>) -> String {
        "\(UTCTime.format(span.lowerBound).prefix(10)) – \(UTCTime.format(span.upperBound).prefix(10))"
    }
}
