// Unknown paths: the 404 problem and its "did you mean" with the client's own segments substituted.
import MicroHTTP
import Testing

@testable import BacktestService

@Suite("Route suggestions")
struct RouteSuggestionTests {
    let router = InProcessAPI.router(label: "route-suggestion-test")

    func notFound(_ path: String, method: HTTPMethod = .GET) throws -> (Response, JSONValue) {
        guard case .response(let response) = router.handle(Request(method: method, path: path)),
            case .bytes(let bytes) = response.body
        else { throw CancellationError() }
        return (response, try JSONParser.parse(bytes))
    }

    @Test(arguments: [
        ("/v1/strategy", "/v1/strategies"),
        ("/v1/backtest", "/v1/backtests"),
        ("/v1/backtest/bt_123/fill", "/v1/backtests/bt_123/fills"),
        ("/v1/backtests/bt_123/fill", "/v1/backtests/bt_123/fills"),
        ("/v1/dataset/ds_9", "/v1/datasets/ds_9"),
        ("/openapi.yml", "/openapi.yaml"),
        ("/openapi.jsn", "/openapi.json"),
        ("/doc", "/docs"),
        ("/health", "/healthz"),
        ("/V1/Strategies", "/v1/strategies"),
        ("/v1/backtest/bt_123/fill/", "/v1/backtests/bt_123/fills"),
    ])
    func suggestsTheNearestRoute(path: String, expected: String) throws {
        let (response, body) = try notFound(path)
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(body["code"]?.stringValue == "not_found")
        #expect(body["type"]?.stringValue == "https://backtest.dev/problems/not_found")
        #expect(body["did_you_mean"]?.stringValue == expected)
        #expect(body["detail"]?.stringValue?.contains("Did you mean \"\(expected)\"?") == true)
    }

    @Test func farPathsGetNoSuggestion() throws {
        for path in ["/nothing/here/at/all", "/v1/xyzzy", "/zzzzzzzzzzzzzzzz"] {
            let (response, body) = try notFound(path)
            #expect(response.status == .notFound)
            #expect(body["did_you_mean"] == nil, "\(path)")
            #expect(body["detail"]?.stringValue?.contains("GET /v1 lists every route") == true)
        }
    }

    @Test func longPathsGiveASmallProblem() throws {
        for path in [
            "/v1/backtest/" + String(repeating: "b", count: 1 << 20), "/" + String(repeating: "x/", count: 50_000),
        ] {
            guard case .response(let response) = router.handle(Request(method: .GET, path: path)),
                case .bytes(let bytes) = response.body
            else { throw CancellationError() }
            #expect(response.status == .notFound)
            #expect(bytes.count < 400)
            #expect(try JSONParser.parse(bytes)["did_you_mean"] == nil)
        }
    }

    @Test func knownPathsWithAnotherMethodStay405() throws {
        let (response, body) = try notFound("/v1/strategies", method: .POST)
        #expect(response.status == .methodNotAllowed)
        #expect(body["type"]?.stringValue == "about:blank")
        #expect(response.headers["Allow"] == "GET, HEAD")
    }

    @Test func candidatesSubstituteOnlyMatchingShapes() {
        let patterns = ["/v1/backtests/{id}/fills", "/v1/backtests/{id}", "/healthz"]
        #expect(RouteSuggestion.closest(to: "/v1/backtest/bt_1", among: patterns) == "/v1/backtests/bt_1")
        #expect(RouteSuggestion.closest(to: "/healthz/", among: patterns) == nil) // only itself: no typo
        #expect(RouteSuggestion.closest(to: "/v1/fills", among: patterns) == nil)
    }
}
