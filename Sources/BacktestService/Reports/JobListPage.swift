// The HTML of `GET /` for people: what the server is and where to go (as the JSON index says), then
// the recent sweeps and the recent backtests submitted on their own (a sweep's children are on its
// report), with their status and progress, each linking to its report or document. While any of them runs the page reloads itself every five seconds.

/// The job list page.
enum JobListPage {
    /// Jobs and sweeps listed, newest first.
    static let limit = 50

    /// The page for the given recent sweeps and backtests (newest first).
    static func html(sweeps: [SweepView], backtests: [BacktestRecord]) -> [UInt8] {
        var page = HTML()
        let running = sweeps.contains { !$0.status.isTerminal } || backtests.contains { !$0.status.isTerminal }
        ReportStyle.head(&page, title: "\(ServiceIndex.name) \(BacktestServer.version)", refresh: running ? 5 : nil)
        page.raw("<header><h1>")
        page.text(ServiceIndex.name)
        page.raw(" <small class=\"muted\">")
        page.text(BacktestServer.version)
        page.raw("</small></h1>")
        page.element("p", OpenAPIDocument.title, class: "lead")
        if let summary = OpenAPIDocument.document["info"]?["summary"]?.stringValue {
            page.element("p", summary, class: "muted")
        }
        page.raw("<p>")
        for link in ServiceIndex.links {
            page.link(link.path, link.path)
            page.raw(" ")
        }
        page.raw("</p></header>")
        if !sweeps.isEmpty {
            page.raw("<h2>Sweeps</h2><table class=\"sweeps\"><thead><tr><th class=\"left\">sweep</th>")
            page.raw("<th class=\"left\">name</th><th class=\"left\">status</th><th>progress</th><th>combinations</th>")
            page.raw("<th>succeeded</th><th>failed</th><th class=\"left\">created</th></tr></thead><tbody>")
            for sweep in sweeps {
                let record = sweep.record
                page.raw("<tr><td class=\"left\">")
                page.link("/v1/sweeps/\(record.id)/report", record.id)
                page.raw("</td><td class=\"left\">")
                page.text(record.spec.name ?? "")
                page.raw("</td>")
                status(&page, sweep.status, progress: sweep.progress)
                page.raw(
                    "<td>\(record.children.count)</td><td>\(sweep.tally.succeeded)</td><td>\(sweep.tally.failed)</td>")
                page.raw("<td class=\"left\">")
                page.text(BacktestRecord.time(record.createdAt))
                page.raw("</td></tr>")
            }
            page.raw("</tbody></table>")
        }
        page.raw("<h2>Backtests</h2>")
        guard !backtests.isEmpty else {
            page.raw("<p class=\"muted\">None yet: submit one with <code>POST /v1/backtests</code>.</p>")
            page.raw("</main></body></html>\n")
            return Array(page.markup.utf8)
        }
        page.raw("<table class=\"jobs\"><thead><tr><th class=\"left\">backtest</th><th class=\"left\">name</th>")
        page.raw("<th class=\"left\">status</th><th>progress</th><th>final equity</th><th>Sharpe</th>")
        page.raw("<th class=\"left\">created</th><th class=\"left\"></th></tr></thead><tbody>")
        for record in backtests {
            page.raw("<tr><td class=\"left\">")
            page.link("/v1/backtests/\(record.id)", record.id)
            page.raw("</td><td class=\"left\">")
            page.text(record.spec.name ?? "")
            page.raw("</td>")
            status(&page, record.status, progress: record.progress)
            page.raw("<td>")
            page.text(record.summary.map { BacktestReport.money($0.finalEquity) } ?? "")
            page.raw("</td><td>")
            page.text(record.summary.map { BacktestReport.ratio($0.sharpe) } ?? "")
            page.raw("</td><td class=\"left\">")
            page.text(BacktestRecord.time(record.createdAt))
            page.raw("</td><td class=\"left\">")
            if record.status == .succeeded { page.link("/v1/backtests/\(record.id)/report", "report") }
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table></main></body></html>\n")
        return Array(page.markup.utf8)
    }

    private static func status(_ page: inout HTML, _ status: JobStatus, progress: Double) {
        page.raw("<td class=\"left\"><span class=\"status \(status.rawValue)\">\(status.rawValue)</span></td>")
        let percent = Int((min(1, max(0, progress)) * 100).rounded())
        page.raw(
            "<td><span class=\"bar\" title=\"\(percent) %\"><i style=\"width:\(percent)%\"></i></span> \(percent) %</td>"
        )
    }
}
