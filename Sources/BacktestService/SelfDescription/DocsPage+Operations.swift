// The docs page's operation sections: method badge, path, summary, description, parameters table,
// request body media types and schema, and responses with their media types and headers.

extension DocsPage {
    mutating func renderOperation(_ operation: Operation) {
        let op = operation.value
        html.raw("<section class=\"op\" id=\"\(operation.anchor)\"><h3><span class=\"m \(operation.method)\">")
        html.text(operation.method.uppercased())
        html.raw("</span> <code class=\"path\">")
        html.text(operation.path)
        html.raw("</code></h3>")
        if let summary = op["summary"]?.stringValue { html.element("p", summary, class: "summary") }
        if let description = op["description"]?.stringValue {
            html.raw("<div class=\"description\">" + Markdown.html(description, headingLevel: 4) + "</div>")
        }
        renderParameters(op["parameters"]?.arrayValue ?? [])
        if let body = op["requestBody"] { renderRequestBody(resolve(body)) }
        if case .object(let responses)? = op["responses"] { renderResponses(responses) }
        html.raw("</section>")
    }

    private mutating func renderParameters(_ parameters: [JSONValue]) {
        guard !parameters.isEmpty else { return }
        html.raw("<h4>Parameters</h4><table class=\"params\"><thead><tr><th>name</th><th>in</th><th>required</th>")
        html.raw("<th>type</th><th>description</th></tr></thead><tbody>")
        for reference in parameters {
            let parameter = resolve(reference)
            html.raw("<tr><td><code>")
            html.text(parameter["name"]?.stringValue ?? "")
            html.raw("</code></td><td>")
            html.text(parameter["in"]?.stringValue ?? "")
            html.raw("</td><td>" + requiredMark(parameter["required"] == .bool(true)) + "</td><td>")
            html.raw(parameter["schema"].map(typeHTML) ?? "")
            html.raw("</td><td>")
            html.raw(Markdown.html(parameter["description"]?.stringValue ?? ""))
            if let example = parameter["example"] { html.raw(exampleHTML(example)) }
            html.raw("</td></tr>")
        }
        html.raw("</tbody></table>")
    }

    private mutating func renderRequestBody(_ body: JSONValue) {
        html.raw("<h4>Request body")
        if body["required"] == .bool(true) { html.raw(" <span class=\"req\">required</span>") }
        html.raw("</h4>")
        if let description = body["description"]?.stringValue { html.raw(Markdown.html(description)) }
        html.raw("<table class=\"bodies\"><thead><tr><th>media type</th><th>schema</th></tr></thead><tbody>")
        for (mediaType, content) in body["content"].flatMap(members) ?? [] {
            html.raw("<tr><td><code>")
            html.text(mediaType)
            html.raw("</code></td><td>" + (content["schema"].map(typeHTML) ?? "") + "</td></tr>")
        }
        html.raw("</tbody></table>")
    }

    private mutating func renderResponses(_ responses: JSONObject) {
        html.raw("<h4>Responses</h4><table class=\"responses\"><thead><tr><th>status</th><th>description</th>")
        html.raw("<th>media types and schemas</th><th>headers</th></tr></thead><tbody>")
        for (status, reference) in responses.members {
            let response = resolve(reference)
            let kind = status.first.map { "s\($0)" } ?? "s"
            html.raw("<tr><td><span class=\"status \(kind)\">")
            html.text(status)
            html.raw("</span></td><td>")
            html.raw(Markdown.html(response["description"]?.stringValue ?? ""))
            html.raw("</td><td>")
            for (mediaType, content) in response["content"].flatMap(members) ?? [] {
                html.raw("<div><code>")
                html.text(mediaType)
                html.raw("</code>")
                if let schema = content["schema"] { html.raw(" " + typeHTML(schema)) }
                html.raw("</div>")
            }
            html.raw("</td><td>")
            for (name, header) in response["headers"].flatMap(members) ?? [] {
                html.raw("<div><code>")
                html.text(name)
                html.raw("</code>")
                let header = resolve(header)
                if let description = header["description"]?.stringValue {
                    html.raw("<span class=\"note\">" + Markdown.inline(description) + "</span>")
                }
                html.raw("</div>")
            }
            html.raw("</td></tr>")
        }
        html.raw("</tbody></table>")
    }

    /// The members of an object value, nil otherwise.
    func members(_ value: JSONValue) -> [(key: String, value: JSONValue)]? {
        if case .object(let object) = value { return object.members }
        return nil
    }

    /// A value with its local `$ref`s followed.
    func resolve(_ value: JSONValue) -> JSONValue { OpenAPIDocument.resolve(value, in: spec) }

    func requiredMark(_ required: Bool) -> String {
        required ? "<span class=\"req\">required</span>" : "<span class=\"opt\">optional</span>"
    }

    /// An example value, as compact JSON in a code element.
    func exampleHTML(_ example: JSONValue) -> String {
        let text = example.stringValue ?? String(decoding: JSONWriter.encode(example), as: UTF8.self)
        return "<div class=\"example\">example: <code>" + HTML.escape(text) + "</code></div>"
    }
}
