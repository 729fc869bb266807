// RouterHookTests: the not-found hook an app installs and routes that see the route table.

import Testing

@testable import MicroHTTP

@Suite struct RouterHookTests {
    private func text(_ reply: Reply) -> String {
        guard case .response(let response) = reply, case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func status(_ reply: Reply) -> HTTPStatus? {
        if case .response(let response) = reply { return response.status }
        return nil
    }

    private func router() -> Router {
        var router = Router()
        router.add(
            .GET, "/index",
            seeingRoutes: { _, routes in
                .response(.text(routes.map { "\($0.method.rawValue) \($0.pattern)" }.joined(separator: ";")))
            })
        router.add(.GET, "/v1/items/{id}") { request in .response(.text("item \(request.pathParameters["id"]!)")) }
        router.add(.POST, "/v1/items") { _ in .response(Response(status: .created)) }
        router.notFound = { request, routes in
            .response(.text("missing \(request.path) among \(routes.count)", status: .notFound))
        }
        return router
    }

    @Test func notFoundHookGetsTheRequestAndEveryRoute() {
        let reply = router().handle(Request(method: .GET, path: "/v1/itemz/7"))
        #expect(status(reply) == .notFound)
        #expect(text(reply) == "missing /v1/itemz/7 among 3")
    }

    @Test func hookIsNotCalledForAKnownPathWithAnotherMethod() {
        let reply = router().handle(Request(method: .DELETE, path: "/v1/items"))
        #expect(status(reply) == .methodNotAllowed)
        #expect(text(reply).contains("\"status\":405"))
    }

    @Test func withoutAHookUnknownPathsStayAboutBlankProblems() {
        var plain = Router()
        plain.add(.GET, "/a") { _ in .response(.text("a")) }
        let reply = plain.handle(Request(method: .GET, path: "/b"))
        #expect(status(reply) == .notFound)
        #expect(text(reply).contains("\"type\":\"about:blank\""))
    }

    @Test func routeSeesTheTableIncludingRoutesAddedAfterIt() {
        let reply = router().handle(Request(method: .GET, path: "/index"))
        #expect(text(reply) == "GET /index;GET /v1/items/{id};POST /v1/items")
        // HEAD falls back to such a route like any other GET route.
        #expect(text(router().handle(Request(method: .HEAD, path: "/index"))).hasPrefix("GET /index"))
    }

    @Test func plainRoutesStillGetTheirParameters() {
        #expect(text(router().handle(Request(method: .GET, path: "/v1/items/42"))) == "item 42")
    }
}
