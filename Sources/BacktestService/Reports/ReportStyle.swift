// What every report page shares: the document head with its inline style sheet (the pages load
// nothing else: no font, no script, no icon), and an optional self-refresh for pages of jobs that
// are still running.

/// The head and style of the report pages.
enum ReportStyle {
    /// Opens the document up to `<main>`; `refresh` seconds makes the browser reload the page.
    static func head(_ page: inout HTML, title: String, refresh: Int? = nil) {
        page.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        if let refresh { page.raw("<meta http-equiv=\"refresh\" content=\"\(refresh)\">") }
        // An empty icon, so that the browser does not ask for /favicon.ico.
        page.raw("<link rel=\"icon\" href=\"data:,\"><title>")
        page.text(title)
        page.raw("</title><style>\(css)</style></head><body><main>")
    }

    /// One headline number: a small label above a large value.
    static func card(_ page: inout HTML, _ name: String, _ value: String) {
        page.raw("<div class=\"card\"><span>")
        page.text(name)
        page.raw("</span><b>")
        page.text(value)
        page.raw("</b></div>")
    }

    static let css = """
        :root{--fg:#1d2330;--muted:#5b6475;--line:#e3e6ec;--soft:#f6f7f9;--link:#1f5fbf;--up:#2e7d32;--down:#b3261e}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--soft)}
        main{max-width:1100px;margin:24px auto;padding:20px 28px 40px;background:#fff;border:1px solid var(--line);border-radius:10px}
        a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
        h1{font-size:24px;margin:0 0 2px}h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
        .crumbs,.lead,.muted{color:var(--muted)}.crumbs{margin:0;font-size:12px}.lead{margin:0 0 12px}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0 18px}
        .card{flex:1 1 140px;border:1px solid var(--line);border-radius:8px;padding:8px 12px}
        .card span{display:block;color:var(--muted);font-size:12px}.card b{font-size:18px}
        svg.chart{width:100%;height:auto;display:block;margin:4px 0 10px}
        svg .title{font-size:13px;font-weight:600;fill:var(--fg)}svg .axis,svg .empty{font-size:11px;fill:var(--muted)}
        svg .grid{stroke:var(--line);stroke-width:1}svg .line{stroke:var(--link);stroke-width:1.5}
        svg.drawdown .line{stroke:var(--down)}svg .area{fill:rgba(179,38,30,.18);stroke:none}
        table{border-collapse:collapse;width:100%;margin:4px 0 8px;font-size:13px}
        th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:right;white-space:nowrap}
        th{color:var(--muted);font-weight:600;background:var(--soft)}
        table.metrics th,table.metrics td{text-align:left}table.metrics td{font-variant-numeric:tabular-nums}
        table.heatmap td{text-align:center;min-width:58px}table.heatmap td.total{font-weight:600;background:var(--soft)}
        tr.win td:nth-child(8){color:var(--up)}tr.loss td:nth-child(8){color:var(--down)}
        td.left,th.left{text-align:left}
        .bar{display:inline-block;width:90px;height:8px;background:var(--line);border-radius:4px;vertical-align:middle;overflow:hidden}
        .bar i{display:block;height:100%;background:var(--link)}
        .status{font-weight:600}.status.succeeded{color:var(--up)}.status.failed{color:var(--down)}.status.cancelled{color:var(--muted)}
        footer{margin-top:24px;color:var(--muted)}footer a{margin-right:10px}
        """
}
