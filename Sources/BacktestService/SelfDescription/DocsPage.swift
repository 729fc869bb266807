// `GET /docs`: the OpenAPI contract rendered server-side as one HTML page, with no script and nothing
// fetched from elsewhere (no Swagger UI from a CDN): the info and its description, every operation
// grouped by tag, then the component schemas, `$ref`s turned into links. Hand-written because the
// page is a few hundred lines of HTML from a document the server already holds; it is built once.

/// The HTML rendering of an OpenAPI 3.1 document.
struct DocsPage {
    /// The page of the contract this binary was built with, rendered on first use.
    static let bytes: [UInt8] = {
        var page = DocsPage(spec: OpenAPIDocument.document)
        return Array(page.render().utf8)
    }()

    /// The document being rendered.
    let spec: JSONValue
    var html = HTML()

    init(spec: JSONValue) { self.spec = spec }

    /// One operation of `paths`, in document order.
    struct Operation {
        let method: String
        let path: String
        let value: JSONValue

        /// The fragment the operation's section has.
        var anchor: String { HTML.anchor("op", value["operationId"]?.stringValue ?? "\(method)-\(path)") }
    }

    /// The HTTP methods an OpenAPI path item may hold, in the order the page lists them.
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Every operation, in path order then method order.
    var operations: [Operation] {
        guard case .object(let paths)? = spec["paths"] else { return [] }
        return paths.members.flatMap { path, item in
            Self.methods.compactMap { method in
                item[method].map { Operation(method: method, path: path, value: $0) }
            }
        }
    }

    /// Operations by tag, in the order of the document's `tags` (then tags used but not declared,
    /// then untagged operations under "other").
    var groups: [(tag: String, description: String?, operations: [Operation])] {
        let all = operations
        var names = (spec["tags"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        for operation in all {
            for tag in (operation.value["tags"]?.arrayValue ?? []).compactMap(\.stringValue) where !names.contains(tag)
            {
                names.append(tag)
            }
        }
        var groups = names.map { name in
            (
                tag: name,
                description: spec["tags"]?.arrayValue?.first { $0["name"]?.stringValue == name }?["description"]?
                    .stringValue,
                operations: all.filter { $0.value["tags"]?.arrayValue?.first?.stringValue == name }
            )
        }
        let untagged = all.filter { ($0.value["tags"]?.arrayValue ?? []).isEmpty }
        if !untagged.isEmpty { groups.append((tag: "other", description: nil, operations: untagged)) }
        return groups.filter { !$0.operations.isEmpty }
    }

    /// The component schemas, in document order.
    var schemas: [(name: String, schema: JSONValue)] {
        guard case .object(let schemas)? = spec["components"]?["schemas"] else { return [] }
        return schemas.members.map { (name: $0.key, schema: $0.value) }
    }

    /// The whole page.
    mutating func render() -> String {
        let title = spec["info"]?["title"]?.stringValue ?? "API"
        let version = spec["info"]?["version"]?.stringValue ?? ""
        html.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.raw("<title>")
        html.text("\(title) \(version)")
        html.raw("</title><style>\(Self.style)</style></head><body>")
        renderNavigation(title: title, version: version)
        html.raw("<main>")
        renderInfo(title: title, version: version)
        for group in groups {
            html.raw("<section class=\"tag\" id=\"\(HTML.anchor("tag", group.tag))\"><h2>")
            html.text(group.tag)
            html.raw("</h2>")
            if let description = group.description { html.raw(Markdown.html(description)) }
            for operation in group.operations { renderOperation(operation) }
            html.raw("</section>")
        }
        renderSchemas()
        html.raw("</main></body></html>\n")
        return html.markup
    }

    private mutating func renderNavigation(title: String, version: String) {
        html.raw("<nav><div class=\"brand\">")
        html.link("#top", title)
        html.raw(" <span class=\"version\">")
        html.text(version)
        html.raw("</span></div>")
        for group in groups {
            html.raw("<div class=\"navgroup\">")
            html.link("#" + HTML.anchor("tag", group.tag), group.tag, class: "navtag")
            html.raw("<ul>")
            for operation in group.operations {
                html.raw("<li><a href=\"#\(operation.anchor)\"><span class=\"m \(operation.method)\">")
                html.text(operation.method.uppercased())
                html.raw("</span> ")
                html.text(operation.path)
                html.raw("</a></li>")
            }
            html.raw("</ul></div>")
        }
        html.raw("<div class=\"navgroup\">")
        html.link("#schemas", "schemas", class: "navtag")
        html.raw("<ul>")
        for (name, _) in schemas {
            html.raw("<li>")
            html.link("#" + HTML.anchor("schema", name), name)
            html.raw("</li>")
        }
        html.raw("</ul></div></nav>")
    }

    private mutating func renderInfo(title: String, version: String) {
        let info = spec["info"]
        html.raw("<header id=\"top\"><h1>")
        html.text(title)
        html.raw(" <span class=\"version\">")
        html.text(version)
        html.raw("</span></h1>")
        if let summary = info?["summary"]?.stringValue { html.element("p", summary, class: "lead") }
        html.raw("<p class=\"links\">The contract: ")
        html.link("/openapi.yaml", "openapi.yaml")
        html.raw(" · ")
        html.link("/openapi.json", "openapi.json")
        html.raw(" · routes: ")
        html.link("/v1", "/v1")
        for server in spec["servers"]?.arrayValue ?? [] {
            guard let url = server["url"]?.stringValue else { continue }
            html.raw(" · server: <code>")
            html.text(url)
            html.raw("</code>")
        }
        html.raw("</p>")
        if let description = info?["description"]?.stringValue {
            html.raw("<div class=\"description\">" + Markdown.html(description, headingLevel: 2) + "</div>")
        }
        html.raw("</header>")
    }
}
