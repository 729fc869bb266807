// A newcomer's first requests, over the real server: `/` as HTML and JSON, `/v1` listing exactly the
// routes served, the contract at `/openapi.yaml` (the bytes on disk) and `/openapi.json` (the same
// content), `/docs` naming every path, the version agreeing everywhere, and "did you mean" on a typo.
import BacktestService
import Foundation
import TestSupport
import Testing
import Yams

@Suite("Self-describing server")
struct SelfDescribingServerTests {
    static let specText: String = (try? String(contentsOf: ContractTests.specURL, encoding: .utf8)) ?? ""

    @Test func indexIsHTMLForBrowsersAndJSONForTerminals() async throws {
        try await TestServer.with { s in
            let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
            let page = try await s.client.get("/", headers: ["Accept": browser])
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.text.contains("<h1>backtestd"))
            for link in ["/docs", "/openapi.yaml", "/openapi.json", "/v1", "/healthz"] {
                #expect(page.text.contains("href=\"\(link)\""), "\(link)")
            }
            for accept in ["*/*", "application/json"] {
                let index = try await s.client.get("/", headers: ["Accept": accept])
                #expect(index.header("Content-Type") == "application/json", "\(accept)")
                #expect(index.header("Vary") == "Accept")
                let json = try index.json
                #expect(json["name"]?.stringValue == "backtestd")
                #expect(json["version"]?.stringValue == BacktestServer.version)
                #expect(json["links"]?["docs"]?.stringValue == "/docs")
            }
            let forced = try await s.client.get("/?format=json", headers: ["Accept": browser])
            #expect(forced.header("Content-Type") == "application/json")
        }
    }

    @Test func routeListIsExactlyWhatTheServerRoutes() async throws {
        try await TestServer.with { s in
            let items = try #require(try await s.client.get("/v1").json["items"]?.arrayValue)
            let listed = items.map { "\($0["method"]?.stringValue ?? "") \($0["path"]?.stringValue ?? "")" }
            #expect(listed == s.server.routes.map { "\($0.method) \($0.pattern)" })
            let document = try #require(try Yams.load(yaml: Self.specText) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for item in items {
                let path = try #require(item["path"]?.stringValue)
                let method = try #require(item["method"]?.stringValue).lowercased()
                let summary = (paths[path]?[method] as? [String: Any])?["summary"] as? String
                #expect(summary != nil && item["summary"]?.stringValue == summary, "\(method) \(path)")
            }
        }
    }

    @Test func contractIsTheFileOnDiskInYAMLAndJSON() async throws {
        try await TestServer.with { s in
            let yaml = try await s.client.get("/openapi.yaml")
            #expect(yaml.status == 200)
            #expect(yaml.header("Content-Type") == "application/yaml")
            let onDisk = try Data(contentsOf: ContractTests.specURL)
            #expect(yaml.body == onDisk)
            let json = try await s.client.get("/openapi.json")
            #expect(json.header("Content-Type") == "application/json")
            // Independent of the server's conversion: Yams' own constructor, then keys sorted on both sides.
            let fromYAML = try #require(try Yams.load(yaml: Self.specText, Resolver.default.removing(.timestamp)))
            let served = try json.json
            #expect(Self.sorted(served) == Self.sorted(try Self.value(fromYAML)))
            #expect(served["paths"]?["/v1/backtests/{id}/fills"]?["get"]?["operationId"] == .string("getBacktestFills"))
            let etag = try #require(json.header("ETag"))
            #expect(try await s.client.get("/openapi.json", headers: ["If-None-Match": etag]).status == 304)
        }
    }

    @Test func docsPageNamesEveryPathOfTheSpec() async throws {
        try await TestServer.with { s in
            let docs = try await s.client.get("/docs")
            #expect(docs.status == 200)
            #expect(docs.header("Content-Type") == "text/html; charset=utf-8")
            let document = try #require(try Yams.load(yaml: Self.specText) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(paths.count >= 15)
            for path in paths.keys { #expect(docs.text.contains("<code class=\"path\">\(path)</code>"), "\(path)") }
        }
    }

    @Test func versionAgreesWithTheSpecAndHealth() async throws {
        let document = try #require(try Yams.load(yaml: Self.specText) as? [String: Any])
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["version"] as? String == BacktestServer.version)
        try await TestServer.with { s in
            let health = try await s.client.get("/healthz").json
            #expect(health["version"]?.stringValue == BacktestServer.version)
        }
    }

    @Test func typosAreAnsweredWithTheNearestRoute() async throws {
        try await TestServer.with { s in
            for (path, expected) in [
                ("/v1/strategy", "/v1/strategies"), ("/v1/backtest", "/v1/backtests"),
                ("/v1/backtest/bt_123/fill", "/v1/backtests/bt_123/fills"), ("/openapi.yml", "/openapi.yaml"),
            ] {
                let answer = try await s.client.get(path)
                #expect(answer.status == 404)
                #expect(answer.header("Content-Type") == "application/problem+json")
                #expect(try answer.json["did_you_mean"]?.stringValue == expected, "\(path)")
            }
            let long = try await s.client.get("/v1/" + String(repeating: "a", count: 8000))
            #expect(long.status == 404)
            #expect(long.body.count < 400)
        }
    }

    /// The value with every object's members sorted by key.
    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            let members = object.members.sorted { $0.key < $1.key }.map { (key: $0.key, value: sorted($0.value)) }
            return .object(JSONObject(members: members))
        case .array(let items): return .array(items.map(sorted))
        default: return value
        }
    }

    /// What Yams' constructor made of the YAML, as a JSON value.
    static func value(_ any: Any) throws -> JSONValue {
        if type(of: any) == Bool.self { return .bool(any as! Bool) }
        switch any {
        case let int as Int: return .number(Double(int))
        case let double as Double: return .number(double)
        case let string as String: return .string(string)
        case is NSNull: return .null
        case let array as [Any]: return .array(try array.map(value))
        case let dictionary as [String: Any]:
            return .object(JSONObject(members: try dictionary.map { (key: $0.key, value: try value($0.value)) }))
        default:
            Issue.record("a YAML value of type \(type(of: any)) has no JSON form")
            return .null
        }
    }
}
