// The docs page's schemas: a one-line description of any JSON Schema (references as links to their
// section) and the section of each component schema with its properties, or its alternatives.

extension DocsPage {
    mutating func renderSchemas() {
        html.raw("<section class=\"tag\" id=\"schemas\"><h2>Schemas</h2>")
        for (name, schema) in schemas {
            html.raw("<section class=\"schema\" id=\"\(HTML.anchor("schema", name))\"><h3>")
            html.text(name)
            html.raw(" <span class=\"type\">" + typeHTML(schema, expandObjects: false) + "</span></h3>")
            renderSchemaBody(schema)
            html.raw("</section>")
        }
        html.raw("</section>")
    }

    private mutating func renderSchemaBody(_ schema: JSONValue) {
        if let description = schema["description"]?.stringValue {
            html.raw("<div class=\"description\">" + Markdown.html(description) + "</div>")
        }
        renderProperties(of: schema)
        for keyword in ["oneOf", "anyOf", "allOf"] {
            for (i, variant) in (schema[keyword]?.arrayValue ?? []).enumerated() where variant["properties"] != nil {
                html.raw("<div class=\"variant\"><h4>")
                html.text(variant["title"]?.stringValue ?? "\(keyword) \(i + 1)")
                html.raw("</h4>")
                if let description = variant["description"]?.stringValue { html.raw(Markdown.html(description)) }
                renderProperties(of: variant)
                html.raw("</div>")
            }
        }
    }

    private mutating func renderProperties(of schema: JSONValue) {
        guard let properties = schema["properties"].flatMap(members), !properties.isEmpty else { return }
        let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        html.raw(
            "<table class=\"props\"><thead><tr><th>property</th><th>type</th><th>required</th><th>description</th>")
        html.raw("</tr></thead><tbody>")
        for (name, property) in properties {
            html.raw("<tr><td><code>")
            html.text(name)
            html.raw("</code></td><td>" + typeHTML(property) + "</td><td>" + requiredMark(required.contains(name)))
            html.raw("</td><td>" + Markdown.html(property["description"]?.stringValue ?? ""))
            if let nested = property["properties"].flatMap(members), !nested.isEmpty {
                let inner = Set((property["required"]?.arrayValue ?? []).compactMap(\.stringValue))
                html.raw("<ul class=\"nested\">")
                for (key, value) in nested {
                    html.raw("<li><code>" + HTML.escape(key) + "</code>: " + typeHTML(value))
                    if inner.contains(key) { html.raw(" <span class=\"req\">required</span>") }
                    if let text = value["description"]?.stringValue { html.raw(" — " + Markdown.inline(text)) }
                    html.raw("</li>")
                }
                html.raw("</ul>")
            }
            html.raw("</td></tr>")
        }
        html.raw("</tbody></table>")
    }

    /// A short description of a schema: its type (linked when a component), format, values and limits.
    func typeHTML(_ schema: JSONValue) -> String { typeHTML(schema, expandObjects: true) }

    func typeHTML(_ schema: JSONValue, expandObjects: Bool) -> String {
        if let ref = schema["$ref"]?.stringValue {
            let prefix = "#/components/schemas/"
            guard ref.hasPrefix(prefix) else { return typeHTML(resolve(schema), expandObjects: expandObjects) }
            let name = String(ref.dropFirst(prefix.count))
            return "<a class=\"ref\" href=\"#\(HTML.anchor("schema", name))\">" + HTML.escape(name) + "</a>"
        }
        for (keyword, joiner) in [("oneOf", " | "), ("anyOf", " | "), ("allOf", " &amp; ")] {
            if let variants = schema[keyword]?.arrayValue {
                let parts = variants.map { variant in
                    variant["title"]?.stringValue.map(HTML.escape) ?? typeHTML(variant, expandObjects: expandObjects)
                }
                return "<span class=\"t\">" + parts.joined(separator: joiner) + "</span>"
            }
        }
        var words: [String] = []
        let types: [String] =
            schema["type"]?.stringValue.map { [$0] } ?? (schema["type"]?.arrayValue ?? []).compactMap(\.stringValue)
        for type in types {
            if type == "array", let items = schema["items"] {
                words.append("array of " + typeHTML(items, expandObjects: expandObjects))
            } else {
                words.append(HTML.escape(type))
            }
        }
        if types.isEmpty, schema["properties"] != nil { words.append("object") }
        var text = words.isEmpty ? "any" : words.joined(separator: " or ")
        if let format = schema["format"]?.stringValue {
            text += " <span class=\"fmt\">(" + HTML.escape(format) + ")</span>"
        }
        var notes: [String] = []
        if let constant = schema["const"] { notes.append("always " + literal(constant)) }
        if let values = schema["enum"]?.arrayValue {
            notes.append("one of " + values.map(literal).joined(separator: ", "))
        }
        for (keyword, sign) in [
            ("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<"),
            ("minLength", "length ≥"), ("maxLength", "length ≤"), ("minItems", "items ≥"),
        ] {
            if let value = schema[keyword] { notes.append(sign + " " + literal(value)) }
        }
        if let pattern = schema["pattern"]?.stringValue { notes.append("matches " + literal(.string(pattern))) }
        if let value = schema["default"] { notes.append("default " + literal(value)) }
        if let extra = schema["additionalProperties"], extra != .bool(false), extra != .bool(true) {
            notes.append("values: " + typeHTML(extra, expandObjects: expandObjects))
        }
        if !notes.isEmpty { text += " <span class=\"notes\">" + notes.joined(separator: "; ") + "</span>" }
        return "<span class=\"t\">" + text + "</span>"
    }

    /// A JSON value as code.
    private func literal(_ value: JSONValue) -> String {
        "<code>" + HTML.escape(String(decoding: JSONWriter.encode(value), as: UTF8.self)) + "</code>"
    }
}
