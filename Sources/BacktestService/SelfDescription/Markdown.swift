// A small Markdown-to-HTML renderer for the descriptions in the OpenAPI document (CommonMark is
// what the spec allows there). Hand-written because the docs page needs only a subset — paragraphs,
// headings, lists, tables, fenced code, inline code, bold, italics and links — and every piece of
// text must come out escaped; a full Markdown package would be a dependency for a few dozen lines.

/// Renders the Markdown subset the contract's descriptions use.
enum Markdown {
    /// The HTML of `source`; `#` headings become `<h{headingLevel}>`, `##` one level lower, and so on.
    static func html(_ source: String, headingLevel: Int = 3) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var table: [[String]] = []
        var code: [String]?

        func flush() {
            if !paragraph.isEmpty {
                out += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>"
                paragraph = []
            }
            if let open = list {
                let tag = open.ordered ? "ol" : "ul"
                out += "<\(tag)>" + open.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>"
                list = nil
            }
            if !table.isEmpty {
                out += tableHTML(table)
                table = []
            }
        }

        for line in source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingSpaces()
            if var lines = code {
                if trimmed.hasPrefix("```") {
                    out += "<pre><code>" + HTML.escape(lines.joined(separator: "\n")) + "</code></pre>"
                    code = nil
                } else {
                    lines.append(line)
                    code = lines
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flush()
                code = []
            } else if trimmed.isEmpty {
                flush()
            } else if let level = headingDepth(trimmed) {
                flush()
                let tag = "h\(min(6, headingLevel + level - 1))"
                out += "<\(tag)>" + inline(String(trimmed.drop { $0 == "#" }).trimmingSpaces()) + "</\(tag)>"
            } else if trimmed.hasPrefix("|") {
                if table.isEmpty { flush() }
                table.append(cells(trimmed))
            } else if let (ordered, item) = listItem(trimmed) {
                if list == nil || list?.ordered != ordered { flush() }
                if list == nil { list = (ordered, []) }
                list?.items.append(item)
            } else if var open = list, line.first == " " {
                // A continuation line of the last list item.
                open.items[open.items.count - 1] += " " + trimmed
                list = open
            } else {
                if list != nil || !table.isEmpty { flush() }
                paragraph.append(trimmed)
            }
        }
        if let lines = code { out += "<pre><code>" + HTML.escape(lines.joined(separator: "\n")) + "</code></pre>" }
        flush()
        return out
    }

    /// Inline Markdown: `code`, **bold**, *italics*, [links](url); everything else escaped.
    static func inline(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        var bold = false
        var italic = false
        func closes(_ marker: String, from start: Int) -> Bool {
            String(chars[start...]).contains(marker)
        }
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                out += "<code>" + HTML.escape(String(chars[(i + 1)..<end])) + "</code>"
                i = end + 1
            } else if c == "*", i + 1 < chars.count, chars[i + 1] == "*", bold || closes("**", from: i + 2) {
                out += bold ? "</strong>" : "<strong>"
                bold.toggle()
                i += 2
            } else if c == "*", italic || (i + 1 < chars.count && chars[i + 1] != " " && closes("*", from: i + 1)) {
                out += italic ? "</em>" : "<em>"
                italic.toggle()
                i += 1
            } else if c == "[", let link = link(in: chars, at: i) {
                out += "<a href=\"\(HTML.escape(link.url))\">" + HTML.escape(link.text) + "</a>"
                i = link.end
            } else if c == "\\", i + 1 < chars.count, "`*_[]|\\".contains(chars[i + 1]) {
                out += HTML.escape(String(chars[i + 1]))
                i += 2
            } else {
                out += HTML.escape(String(c))
                i += 1
            }
        }
        if italic { out += "</em>" }
        if bold { out += "</strong>" }
        return out
    }

    private static func headingDepth(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// The cells of a table row, `\|` kept as a literal bar.
    private static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in row.dropFirst() {
            if escaped {
                current.append(c == "|" ? "|" : "\\\(c)")
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "|" {
                cells.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.trimmingSpaces().isEmpty { cells.append(current.trimmingSpaces()) }
        return cells
    }

    private static func tableHTML(_ rows: [[String]]) -> String {
        let isRule: ([String]) -> Bool = { row in
            row.allSatisfy { cell in !cell.isEmpty && cell.allSatisfy { "-: ".contains($0) } }
        }
        var html = "<table class=\"md\">"
        var body = rows
        if rows.count >= 2, isRule(rows[1]) {
            html += "<thead><tr>" + rows[0].map { "<th>" + inline($0) + "</th>" }.joined() + "</tr></thead>"
            body = Array(rows.dropFirst(2))
        }
        html += "<tbody>"
        for row in body { html += "<tr>" + row.map { "<td>" + inline($0) + "</td>" }.joined() + "</tr>" }
        return html + "</tbody></table>"
    }

    private static func link(in chars: [Character], at start: Int) -> (text: String, url: String, end: Int)? {
        guard let close = chars[start...].firstIndex(of: "]"), close + 1 < chars.count, chars[close + 1] == "(",
            let paren = chars[(close + 1)...].firstIndex(of: ")")
        else { return nil }
        let url = String(chars[(close + 2)..<paren])
        guard url.hasPrefix("http") || url.hasPrefix("/") || url.hasPrefix("#") else { return nil }
        return (String(chars[(start + 1)..<close]), url, paren + 1)
    }
}
