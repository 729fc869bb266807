// `GET /`: what this server is (name, version, one line) and where to go next (the docs, the
// contract, the route list, the health check), as JSON; a browser gets the job list page
// (`JobListPage`), which carries the same links.

/// The root document, built once.
enum ServiceIndex {
    /// The executable's name, as the index calls the service.
    static let name = "backtestd"

    /// Where a newcomer goes next: (JSON key, path, what it is).
    static let links: [(key: String, path: String, title: String)] = [
        ("docs", "/docs", "The API reference: every route, parameter, response and schema."),
        ("openapi_yaml", "/openapi.yaml", "The OpenAPI 3.1 contract, as YAML (the source)."),
        ("openapi_json", "/openapi.json", "The same contract as JSON."),
        ("routes", "/v1", "Every route with its method and summary, as JSON."),
        ("health", "/healthz", "Liveness, worker count and queue length."),
    ]

    /// The JSON document.
    static let json: [UInt8] = JSONWriter.encode(
        .object([
            "name": .string(name),
            "title": .string(OpenAPIDocument.title),
            "version": .string(BacktestServer.version),
            "summary": .optional(OpenAPIDocument.document["info"]?["summary"]?.stringValue),
            "links": .object(JSONObject(members: links.map { (key: $0.key, value: .string($0.path)) })),
        ]))
}
