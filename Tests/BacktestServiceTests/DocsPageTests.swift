// The `/docs` page rendered from the embedded contract, and the small Markdown renderer it uses.
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("Docs page")
struct DocsPageTests {
    let page = String(decoding: DocsPage.bytes, as: UTF8.self)

    @Test func namesEveryOperationAndSchema() throws {
        guard case .object(let paths)? = OpenAPIDocument.document["paths"] else {
            Issue.record("no paths")
            return
        }
        for (path, item) in paths.members {
            #expect(page.contains("<code class=\"path\">\(HTML.escape(path))</code>"), "\(path)")
            for method in DocsPage.methods where item[method] != nil {
                let id = try #require(item[method]?["operationId"]?.stringValue)
                #expect(page.contains("id=\"op-\(id)\""), "\(method) \(path)")
            }
        }
        guard case .object(let schemas)? = OpenAPIDocument.document["components"]?["schemas"] else {
            Issue.record("no schemas")
            return
        }
        for name in schemas.keys { #expect(page.contains("id=\"\(HTML.anchor("schema", name))\""), "\(name)") }
    }

    @Test func everyInternalLinkHasItsTarget() {
        let ids = Set(Self.values(of: "id=\"", in: page))
        let targets = Self.values(of: "href=\"#", in: page)
        #expect(targets.count > 100)
        for target in Set(targets) { #expect(ids.contains(target), "dangling link #\(target)") }
    }

    @Test func isSelfContained() {
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("src=\""))
        #expect(!page.contains("<link "))
        #expect(!page.contains("href=\"http"))
    }

    @Test func markdownIsRenderedAndEscaped() {
        let html = Markdown.html(
            """
            A `<code>` & **bold <b>** with *stress*.
            Same paragraph.

            - one `x`
            - two
              continued

            | a | b |
            |---|---|
            | `1` | 2 |

            ## Heading
            """)
        #expect(
            html
                == "<p>A <code>&lt;code&gt;</code> &amp; <strong>bold &lt;b&gt;</strong> with <em>stress</em>. Same paragraph.</p>"
                + "<ul><li>one <code>x</code></li><li>two continued</li></ul>"
                + "<table class=\"md\"><thead><tr><th>a</th><th>b</th></tr></thead>"
                + "<tbody><tr><td><code>1</code></td><td>2</td></tr></tbody></table><h4>Heading</h4>")
        #expect(Markdown.inline("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        #expect(Markdown.inline("a * b and 2*3") == "a * b and 2*3")
        #expect(
            Markdown.inline("[docs](/docs) and [bad](javascript:x)")
                == "<a href=\"/docs\">docs</a> and [bad](javascript:x)")
    }

    /// Every value of an attribute written `prefix…"`.
    static func values(of prefix: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: prefix) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            found.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return found
    }
}
