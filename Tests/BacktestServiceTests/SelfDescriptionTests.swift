// The self-describing routes called in-process: `/` negotiated between HTML and JSON, `/v1`, the
// embedded contract in YAML and JSON, `/docs`, and the 404 with a "did you mean" for unknown paths.
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("Self-description in-process")
struct SelfDescriptionTests {
    let router: Router

    init() {
        router = InProcessAPI.router(label: "self-description-test")
    }

    func get(
        _ path: String, query: [(String, String)] = [], headers: HTTPHeaders = [:]
    ) throws -> (
        response: Response, body: [UInt8]
    ) {
        guard
            case .response(let response) = router.handle(
                Request(method: .GET, path: path, queryItems: query, headers: headers))
        else {
            Issue.record("GET \(path) deferred")
            throw CancellationError()
        }
        guard case .bytes(let bytes) = response.body else { return (response, []) }
        return (response, bytes)
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func indexNegotiatesHTMLAndJSON() throws {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        let cases: [(query: [(String, String)], accept: String?, json: Bool)] = [
            ([], nil, false),
            ([], browser, false),
            ([], "*/*", true),
            ([], "application/json", true),
            ([], "text/html", false),
            ([("format", "json")], browser, true),
            ([("format", "html")], "application/json", false),
            ([], "image/png", false),
        ]
        for (query, accept, wantsJSON) in cases {
            var headers = HTTPHeaders()
            if let accept { headers.set("Accept", accept) }
            let (response, body) = try get("/", query: query, headers: headers)
            #expect(response.status == .ok)
            #expect(response.headers["Vary"] == "Accept")
            if wantsJSON {
                #expect(response.headers["Content-Type"] == "application/json", "\(query) \(accept ?? "-")")
                let json = try JSONParser.parse(body)
                #expect(json["name"]?.stringValue == "backtestd")
                #expect(json["version"]?.stringValue == BacktestServer.version)
                #expect(json["links"]?["docs"]?.stringValue == "/docs")
                #expect(json["links"]?["openapi_yaml"]?.stringValue == "/openapi.yaml")
                #expect(json["links"]?["openapi_json"]?.stringValue == "/openapi.json")
                #expect(json["links"]?["routes"]?.stringValue == "/v1")
                #expect(json["links"]?["health"]?.stringValue == "/healthz")
            } else {
                #expect(response.headers["Content-Type"] == "text/html; charset=utf-8", "\(query) \(accept ?? "-")")
                let page = text(body)
                #expect(page.hasPrefix("<!doctype html>"))
                for link in ["/docs", "/openapi.yaml", "/openapi.json", "/v1", "/healthz"] {
                    #expect(page.contains("href=\"\(link)\""))
                }
                #expect(page.contains(BacktestServer.version))
                #expect(!page.contains("http://") || page.contains("http://HOST/"))
            }
        }
        let (bad, problem) = try get("/", query: [("format", "xml")])
        #expect(bad.status == .badRequest)
        #expect(try JSONParser.parse(problem)["errors"]?.arrayValue?.first?["path"]?.stringValue == "query.format")
    }

    @Test func documentsCarryETagsAndAnswer304() throws {
        for (path, accept) in [
            ("/", "application/json"), ("/", "text/html"), ("/openapi.yaml", ""),
            ("/openapi.json", ""), ("/docs", ""),
        ] {
            let headers: HTTPHeaders = accept.isEmpty ? [:] : ["Accept": accept]
            let (first, _) = try get(path, headers: headers)
            let etag = try #require(first.headers["ETag"], "\(path)")
            var conditional = headers
            conditional.set("If-None-Match", etag)
            let (second, body) = try get(path, headers: conditional)
            #expect(second.status == .notModified, "\(path)")
            #expect(body.isEmpty)
        }
        // The two representations of `/` are different entities.
        let json = try get("/", headers: ["Accept": "application/json"]).response.headers["ETag"]
        let html = try get("/", headers: ["Accept": "text/html"]).response.headers["ETag"]
        #expect(json != html)
    }

    @Test func routeListIsTheRouterTable() throws {
        let (response, body) = try get("/v1")
        #expect(response.headers["Content-Type"] == "application/json")
        let items = try #require(try JSONParser.parse(body)["items"]?.arrayValue)
        #expect(
            items.map { "\($0["method"]?.stringValue ?? "") \($0["path"]?.stringValue ?? "")" }
                == router.routes.map { "\($0.method.rawValue) \($0.pattern)" })
        for item in items {
            #expect(item["summary"]?.stringValue?.isEmpty == false, "no summary for \(item)")
        }
    }

    @Test func contractIsServedAsEmbeddedInBothForms() throws {
        let (yaml, yamlBytes) = try get("/openapi.yaml")
        #expect(yaml.headers["Content-Type"] == "application/yaml")
        #expect(yamlBytes == OpenAPIDocument.yaml)
        #expect(text(yamlBytes).hasPrefix("# The HTTP contract of backtestd"))
        let (json, jsonBytes) = try get("/openapi.json")
        #expect(json.headers["Content-Type"] == "application/json")
        let parsed = try JSONParser.parse(jsonBytes)
        #expect(parsed == OpenAPIDocument.document)
        #expect(parsed["openapi"]?.stringValue == "3.1.0")
        #expect(parsed["info"]?["version"]?.stringValue == BacktestServer.version)
        // Typed scalars: integers, booleans and null survive; a flow-mapping comma inside quotes stays text.
        let limit = parsed["components"]?["parameters"]?["Limit"]
        #expect(limit?["required"] == .bool(false))
        #expect(limit?["schema"]?["maximum"] == .number(1000))
        #expect(
            parsed["components"]?["schemas"]?["Dataset"]?["properties"]?["rows"]?["description"]?.stringValue
                == "Data rows (bars, context rows, or signal values).")
    }

    @Test func healthNamesTheVersion() throws {
        let body = try JSONParser.parse(try get("/healthz").body)
        #expect(body["version"]?.stringValue == BacktestServer.version)
        #expect(BacktestServer.version == OpenAPIDocument.version)
    }
}
