// Writing HTML text: escaping, and a small append-only buffer the pages are built in.

/// HTML text being built; everything added with `text` or `attribute` is escaped.
struct HTML {
    /// The markup so far.
    private(set) var markup = ""

    /// Appends markup as is (tags written by this module, never client or spec text).
    mutating func raw(_ markup: String) { self.markup += markup }

    /// Appends text, escaped for element content.
    mutating func text(_ text: String) { markup += HTML.escape(text) }

    /// Appends `<tag attributes>text</tag>`, the text escaped.
    mutating func element(_ tag: String, _ text: String, class name: String? = nil) {
        markup += "<\(tag)" + (name.map { " class=\"\($0)\"" } ?? "") + ">"
        markup += HTML.escape(text)
        markup += "</\(tag)>"
    }

    /// Appends a link; `href` and the text are escaped.
    mutating func link(_ href: String, _ text: String, class name: String? = nil) {
        markup += "<a href=\"\(HTML.escape(href))\"" + (name.map { " class=\"\($0)\"" } ?? "") + ">"
        markup += HTML.escape(text) + "</a>"
    }

    /// The text with `&`, `<`, `>`, `"` and `'` replaced by entities (safe in content and quoted attributes).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A fragment identifier made of `prefix-` and the name's letters, digits, `-`, `_` and `.`.
    static func anchor(_ prefix: String, _ name: String) -> String {
        var id = prefix + "-"
        for c in name.unicodeScalars {
            switch c {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": id.unicodeScalars.append(c)
            default: id += "_"
            }
        }
        return id
    }
}
