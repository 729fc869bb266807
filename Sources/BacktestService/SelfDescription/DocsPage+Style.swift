// The docs page's inline style sheet: a fixed navigation column, readable text, method badges.

extension DocsPage {
    /// The CSS of the page (inline: the page loads nothing else).
    static let style = """
        :root{--fg:#1d2330;--muted:#5b6475;--line:#e3e6ec;--bg:#fff;--soft:#f6f7f9;--code:#f1f3f6;--link:#1f5fbf}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
        code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        code{background:var(--code);padding:1px 4px;border-radius:3px}
        pre{background:var(--code);padding:10px 12px;border-radius:6px;overflow-x:auto}pre code{padding:0;background:none}
        nav{position:fixed;top:0;left:0;bottom:0;width:280px;overflow-y:auto;padding:16px 14px 40px;background:var(--soft);border-right:1px solid var(--line);font-size:13px}
        nav .brand{font-weight:600;font-size:15px;margin-bottom:12px}nav .brand a{color:var(--fg)}
        nav ul{list-style:none;margin:2px 0 12px;padding:0}nav li{margin:1px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        nav li a{color:var(--fg)}nav .navtag{display:block;text-transform:uppercase;letter-spacing:.05em;font-size:11px;color:var(--muted);font-weight:600;margin-top:8px}
        main{margin-left:280px;padding:24px 40px 80px;max-width:1180px}
        h1{font-size:28px;margin:0 0 4px}h2{font-size:22px;margin:40px 0 8px;padding-bottom:6px;border-bottom:2px solid var(--line);text-transform:capitalize}
        h3{font-size:17px;margin:20px 0 6px}h4{font-size:14px;margin:16px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .version{font-size:13px;font-weight:500;color:var(--muted);background:var(--code);padding:2px 8px;border-radius:10px;vertical-align:middle}
        .lead{font-size:17px;color:var(--muted);margin:4px 0 8px}.links{color:var(--muted);font-size:14px}
        .op,.schema{border:1px solid var(--line);border-radius:8px;padding:4px 18px 14px;margin:18px 0;background:var(--bg)}
        .op h3 .path{font-size:15px;background:none;padding:0}.summary{margin:0 0 6px;font-weight:500}
        .m{display:inline-block;min-width:58px;text-align:center;font:600 11px/1.9 ui-monospace,Menlo,monospace;color:#fff;border-radius:4px;padding:0 6px;vertical-align:1px}
        nav .m{min-width:46px;font-size:10px;line-height:1.7;margin-right:4px}
        .m.get{background:#2f7d32}.m.post{background:#1f5fbf}.m.put,.m.patch{background:#a0620a}.m.delete{background:#b3261e}.m.head,.m.options,.m.trace{background:#6b7280}
        table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:14px}
        th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
        th{font-size:12px;color:var(--muted);font-weight:600;background:var(--soft)}
        td p{margin:0 0 4px}td p:last-child{margin:0}td ul{margin:2px 0;padding-left:18px}
        table.params,table.props,table.responses,table.bodies{table-layout:fixed}
        .params th:nth-child(1){width:15%}.params th:nth-child(2){width:8%}.params th:nth-child(3){width:10%}.params th:nth-child(4){width:25%}
        .props th:nth-child(1){width:20%}.props th:nth-child(2){width:28%}.props th:nth-child(3){width:10%}
        .responses th:nth-child(1){width:8%}.responses th:nth-child(3){width:28%}.responses th:nth-child(4){width:24%}
        .bodies th:nth-child(1){width:30%}.responses td div{margin:0 0 4px}
        td:first-child code{word-break:break-all}td{overflow-wrap:anywhere}
        .status{font:600 13px ui-monospace,Menlo,monospace;padding:1px 6px;border-radius:4px}
        .s2{background:#e3f3e4;color:#1f5e22}.s3{background:#e8eefb;color:#1f4a8f}.s4{background:#fdf0dc;color:#8a4b00}.s5{background:#fbe3e1;color:#8c1d16}
        .req{font-size:11px;font-weight:600;color:#b3261e;text-transform:uppercase}.opt{font-size:11px;color:var(--muted)}
        .t{font-family:ui-monospace,Menlo,monospace;font-size:13px}.notes,.fmt{color:var(--muted);font-size:12px}.notes code{font-size:12px}
        .note{display:block;color:var(--muted);font-size:12px}.example{color:var(--muted);font-size:12px;margin-top:2px}
        .schema h3 .type{font-weight:400;margin-left:8px}.variant{border-left:3px solid var(--line);padding-left:12px;margin:10px 0}
        .nested{font-size:13px}table.md{width:auto}
        @media (max-width:900px){nav{position:static;width:auto;border-right:0}main{margin-left:0;padding:16px}}
        """
}
