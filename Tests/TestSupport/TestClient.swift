// A small HTTP client over URLSession for tests: raw status, headers and bytes, plus JSON helpers.
import BacktestService
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the server answered.
public struct TestResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields as the client saw them.
    public var headers: [String: String]
    /// The body bytes.
    public var body: Data

    /// A header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON.
    public var json: JSONValue {
        get throws { try JSONParser.parse(Array(body)) }
    }
}

/// Sends requests to a test server.
public struct TestClient: Sendable {
    /// `http://127.0.0.1:PORT`
    public let baseURL: String
    private let session: URLSession

    /// A client with room for many concurrent connections (long-poll tests).
    public init(baseURL: String) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 512
        configuration.timeoutIntervalForRequest = 300
        configuration.timeoutIntervalForResource = 600
        session = URLSession(configuration: configuration)
    }

    /// Sends one request.
    public func send(
        _ method: String, _ path: String, body: Data? = nil, contentType: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> TestResponse {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return TestResponse(status: http.statusCode, headers: fields, body: data)
    }

    /// `GET path`.
    public func get(_ path: String, headers: [String: String] = [:]) async throws -> TestResponse {
        try await send("GET", path, headers: headers)
    }

    /// Uploads CSV text as a dataset.
    public func uploadCSV(_ csv: String, query: String = "") async throws -> TestResponse {
        try await send("POST", "/v1/datasets" + query, body: Data(csv.utf8), contentType: "text/csv")
    }

    /// Uploads a CSV file as a dataset.
    public func uploadCSV(file: URL, query: String = "") async throws -> TestResponse {
        try await send("POST", "/v1/datasets" + query, body: try Data(contentsOf: file), contentType: "text/csv")
    }

    /// Submits a backtest spec given as JSON text.
    public func submit(_ json: String) async throws -> TestResponse {
        try await send("POST", "/v1/backtests", body: Data(json.utf8), contentType: "application/json")
    }

    /// Polls a job until it is terminal (long-polls of up to 30 s each) and returns its JSON;
    /// `query` is appended to each poll (e.g. `&precision=full`).
    public func waitForJob(_ id: String, query: String = "") async throws -> JSONValue {
        while true {
            let response = try await get("/v1/backtests/\(id)?wait=30" + query)
            let json = try response.json
            if case .string(let status)? = json["status"], ["succeeded", "failed", "cancelled"].contains(status) {
                return json
            }
        }
    }
}
