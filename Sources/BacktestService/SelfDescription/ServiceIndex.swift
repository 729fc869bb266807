// `GET /`: what this server is (name, version, one line) and where to go next (the docs, the
// contract, the route list, the health check), as a small HTML page or as JSON.

/// The root document in its two representations, built once.
enum ServiceIndex {
    /// The executable's name, as the index calls the service.
    static let name = "backtestd"

    /// Where a newcomer goes next: (JSON key, path, what it is).
    static let links: [(key: String, path: String, title: String)] = [
        ("docs", "/docs", "The API reference: every route, parameter, response and schema."),
        ("openapi_yaml", "/openapi.yaml", "The OpenAPI 3.1 contract, as YAML (the source)."),
        ("openapi_json", "/openapi.json", "The same contract as JSON."),
        ("routes", "/v1", "Every route with its method and summary, as JSON."),
        ("health", "/healthz", "Liveness, worker count and queue length."),
    ]

    /// The JSON document.
    static let json: [UInt8] = JSONWriter.encode(
        .object([
            "name": .string(name),
            "title": .string(OpenAPIDocument.title),
            "version": .string(BacktestServer.version),
            "summary": .optional(OpenAPIDocument.document["info"]?["summary"]?.stringValue),
            "links": .object(JSONObject(members: links.map { (key: $0.key, value: .string($0.path)) })),
        ]))

    /// The HTML page.
    static let html: [UInt8] = {
        var page = HTML()
        page.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        page.text("\(name) \(BacktestServer.version)")
        page.raw("</title><style>\(style)</style></head><body><main><h1>")
        page.text(name)
        page.raw(" <span class=\"version\">")
        page.text(BacktestServer.version)
        page.raw("</span></h1>")
        page.element("p", OpenAPIDocument.title, class: "title")
        if let summary = OpenAPIDocument.document["info"]?["summary"]?.stringValue {
            page.element("p", summary, class: "lead")
        }
        page.raw("<ul>")
        for link in links {
            page.raw("<li>")
            page.link(link.path, link.path)
            page.raw(" <span>")
            page.text(link.title)
            page.raw("</span></li>")
        }
        page.raw("</ul><p class=\"hint\">From a terminal: <code>curl -s http://HOST/</code> answers JSON; ")
        page.raw("<code>curl -s http://HOST/v1</code> lists the routes.</p></main></body></html>\n")
        return Array(page.markup.utf8)
    }()

    private static let style = """
        body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
        main{max-width:640px;margin:48px auto;padding:28px 32px;background:#fff;border:1px solid #e3e6ec;border-radius:10px}
        h1{margin:0;font-size:28px}.version{font-size:13px;font-weight:500;color:#5b6475;background:#f1f3f6;padding:2px 8px;border-radius:10px;vertical-align:middle}
        .title{margin:2px 0 0;font-weight:600}.lead{color:#5b6475;margin:4px 0 18px}
        ul{list-style:none;padding:0;margin:0}li{padding:9px 0;border-top:1px solid #e3e6ec}
        li a{display:inline-block;min-width:130px;font:600 14px ui-monospace,Menlo,monospace;color:#1f5fbf;text-decoration:none}
        li span{color:#5b6475;font-size:14px}.hint{margin:18px 0 0;font-size:13px;color:#5b6475}
        code{font:13px ui-monospace,Menlo,monospace;background:#f1f3f6;padding:1px 4px;border-radius:3px}
        """
}
