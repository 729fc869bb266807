// RouterTests: route matching, path parameters, 404 / 405 problem details and the HEAD fallback.

import Testing

@testable import MicroHTTP

@Suite struct RouterTests {
    private func response(_ reply: Reply) -> Response? {
        if case .response(let response) = reply { return response }
        return nil
    }

    private func echoRouter() -> Router {
        var router = Router()
        router.add(.GET, "/v1/backtests/{id}/fills") { request in
            .response(.text("fills of \(request.pathParameters["id"] ?? "?")"))
        }
        router.add(.GET, "/v1/backtests/{id}") { request in
            .response(.text("one \(request.pathParameters["id"] ?? "?")"))
        }
        router.add(.GET, "/v1/backtests/summary") { _ in .response(.text("summary")) }
        router.add(.POST, "/v1/backtests") { _ in .response(Response(status: .accepted)) }
        return router
    }

    private func text(_ response: Response?) -> String {
        guard case .bytes(let bytes) = response?.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func matchesParametersAndPrefersLiterals() {
        let router = echoRouter()
        #expect(
            text(response(router.handle(Request(method: .GET, path: "/v1/backtests/bt_1/fills")))) == "fills of bt_1")
        #expect(text(response(router.handle(Request(method: .GET, path: "/v1/backtests/bt_2")))) == "one bt_2")
        #expect(text(response(router.handle(Request(method: .GET, path: "/v1/backtests/summary")))) == "summary")
        #expect(text(response(router.handle(Request(method: .GET, path: "/v1/backtests/bt_3/")))) == "one bt_3")
    }

    @Test func unknownPathIsNotFoundProblem() {
        let answer = response(echoRouter().handle(Request(method: .GET, path: "/nope")))
        #expect(answer?.status == .notFound)
        #expect(answer?.headers["content-type"] == "application/problem+json")
        #expect(text(answer).contains("\"status\":404"))
    }

    @Test func wrongMethodIsMethodNotAllowedWithAllow() {
        let answer = response(echoRouter().handle(Request(method: .DELETE, path: "/v1/backtests/bt_1")))
        #expect(answer?.status == .methodNotAllowed)
        #expect(answer?.headers["Allow"] == "GET, HEAD")
        #expect(text(answer).contains("\"title\":\"Method Not Allowed\""))
    }

    @Test func headFallsBackToGet() {
        let answer = response(echoRouter().handle(Request(method: .HEAD, path: "/v1/backtests/bt_9")))
        #expect(answer?.status == .ok)
        #expect(text(answer) == "one bt_9")
    }

    @Test func optionsListsAllowedMethods() {
        let answer = response(echoRouter().handle(Request(method: .OPTIONS, path: "/v1/backtests")))
        #expect(answer?.status == .noContent)
        #expect(answer?.headers["Allow"] == "POST, OPTIONS")
    }

    @Test func routesAreListedAsWritten() {
        let routes = echoRouter().routes
        #expect(routes.count == 4)
        #expect(routes[0].method == .GET)
        #expect(routes[0].pattern == "/v1/backtests/{id}/fills")
    }
}
