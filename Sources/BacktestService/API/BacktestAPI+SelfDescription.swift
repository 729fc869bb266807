// The routes by which the server describes itself: `/` (name, version, links; HTML or JSON), `/v1`
// (every route with its summary), `/openapi.yaml` and `/openapi.json` (the contract it was built
// with), `/docs` (that contract as a page), and the 404 with a "did you mean" for unknown paths.
import BacktestEngine
import MicroHTTP

extension BacktestAPI {
    /// The representations `GET /` offers.
    enum IndexRepresentation: String, CaseIterable {
        case json
        case html
    }

    /// Adds the self-description routes and installs the not-found answer.
    func addSelfDescription(to router: inout Router) {
        router.add(.GET, "/", adapt(index))
        router.add(.GET, "/v1", seeingRoutes: { request, routes in .response(Self.routeList(routes)) })
        router.add(.GET, "/openapi.yaml") { request in
            .response(Self.document(OpenAPIDocument.yaml, contentType: "application/yaml", for: request))
        }
        router.add(.GET, "/openapi.json") { request in
            .response(Self.document(OpenAPIDocument.json, contentType: "application/json", for: request))
        }
        router.add(.GET, "/docs") { request in
            .response(Self.document(DocsPage.bytes, contentType: "text/html; charset=utf-8", for: request))
        }
        router.notFound = { request, routes in .response(RouteSuggestion.notFound(request, routes: routes)) }
    }

    private func index(_ request: Request) throws(Problem) -> Reply {
        let representation = try Self.indexRepresentation(for: request)
        var response =
            switch representation {
            case .json: Self.document(ServiceIndex.json, contentType: "application/json", for: request)
            case .html: try jobListPage(request)
            }
        response.headers.set("Vary", "Accept")
        return .response(response)
    }

    /// Which representation of `/` to send: `?format=` when given; else HTML when there is no
    /// `Accept`; else the type the client weighs higher, one it names beating one it reaches only
    /// through a wildcard, and JSON when they tie (`*/*`, as curl sends: a terminal reads JSON best).
    /// A client that accepts neither gets HTML (RFC 9110 allows ignoring `Accept` rather than 406).
    static func indexRepresentation(for request: Request) throws(Problem) -> IndexRepresentation {
        if let format = request.query["format"] {
            guard let representation = IndexRepresentation(rawValue: format) else {
                throw .badQuery("format", "expected \"json\" or \"html\", found \"\(Suggestions.echo(format))\"")
            }
            return representation
        }
        guard let accept = request.headers["Accept"] else { return .html }
        switch AcceptHeader(accept).best(of: ["application/json", "text/html"]) {
        case "application/json": return .json
        default: return .html
        }
    }

    /// `{items: [{method, path, summary}]}` for every route, in the router's order.
    static func routeList(_ routes: [(method: HTTPMethod, pattern: String)]) -> Response {
        let items: [JSONValue] = routes.map { route in
            .object([
                "method": .string(route.method.rawValue),
                "path": .string(route.pattern),
                "summary": .optional(OpenAPIDocument.summary(route.method, route.pattern)),
            ])
        }
        return JSONResponse.make(.object(["items": .array(items), "docs": .string("/docs")]))
    }

    /// A document fixed for the life of the process: ETag from its bytes, 304 on a match, HEAD.
    static func document(_ bytes: [UInt8], contentType: String, for request: Request) -> Response {
        Response.servingBytes(bytes, contentType: contentType, etag: ETag.of(bytes), for: request)
    }
}
