// The OpenAPI document (api-spec/openapi.yaml) and the server agree: every served route is in the
// spec and every path in the spec is served, method by method; and real answers on every route
// (happy and error paths) validate against the spec's statuses, media types, headers and schemas.
import BacktestService
import Foundation
import Logging
import TestSupport
import Testing
import Yams

@Suite("OpenAPI contract")
struct ContractTests {
    static let specURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("api-spec/openapi.yaml")

    static func specRoutes() throws -> Set<String> {
        let text = try String(contentsOf: specURL, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var routes = Set<String>()
        let methods = ["get", "post", "put", "patch", "delete"]
        for (path, item) in paths {
            let operations = try #require(item as? [String: Any])
            for method in methods where operations[method] != nil { routes.insert("\(method.uppercased()) \(path)") }
        }
        return routes
    }

    @Test func everyRouteIsInTheSpecAndBack() throws {
        let server = BacktestServer(configuration: ServiceConfiguration(), logger: Logger(label: "contract"))
        let served = Set(server.routes.map { "\($0.method) \($0.pattern)" })
        let specified = try Self.specRoutes()
        #expect(
            served.subtracting(specified).isEmpty,
            "served but not in the spec: \(served.subtracting(specified).sorted())")
        #expect(
            specified.subtracting(served).isEmpty,
            "in the spec but not served: \(specified.subtracting(served).sorted())")
        #expect(served.count >= 14)
    }

    @Test func specDeclaresOpenAPI31AndProblemDetails() throws {
        let text = try String(contentsOf: Self.specURL, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        #expect(schemas?["Problem"] != nil)
    }

    @Test func realAnswersValidateAgainstTheSpec() async throws {
        let probe = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Contract/openapi_probe.py")
        try await TestServer.with { s in
            let base = s.client.baseURL
            let outcome = try await Python.runOffPool(probe, [base, Self.specURL.path])
            #expect(outcome.status == 0, "answers that disagree with the spec:\n\(outcome.output)")
        }
    }
}
