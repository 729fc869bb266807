// A Python client generated from api-spec/openapi.yaml (openapi-python-client) drives the whole
// flow: multipart upload, gzip upload, submit, long-poll, fills; its fills match the server's own.
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("A client generated from the OpenAPI contract")
struct GeneratedClientTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Client/generated_client_flow.py")

    /// What the generator may say: it cannot express `text/csv` and `application/csv` bodies, so it
    /// skips those two and generates the upload from `application/octet-stream` and the form; nor a
    /// YAML response, so `GET /openapi.yaml` returns the raw response (`/openapi.json` is typed).
    static let expectedGeneratorLines: Set<String> = [
        "Warning(s) encountered while generating. Client was generated, but some pieces may be missing",
        "WARNING parsing POST /v1/datasets within datasets.",
        "Unsupported content type text/csv",
        "Unsupported content type application/csv",
        "WARNING parsing GET /openapi.yaml within discovery.",
    ]
    /// The YAML warning names a Python object by its address: matched by its stable part.
    static let expectedGeneratorFragments = ["(Unsupported content_type application/yaml), response will be omitted"]

    @Test func generatedClientUploadsSubmitsWaitsAndReadsFills() async throws {
        let dir = try Python.temporaryDirectory("generated-client")
        defer { try? FileManager.default.removeItem(at: dir) }
        let package = dir.appendingPathComponent("backtest_client")
        let arguments = [
            "generate", "--path", ContractTests.specURL.path, "--meta", "none", "--output-path", package.path,
        ]
        let generated = try await Python.runToolOffPool("openapi-python-client", arguments)
        try #require(generated.status == 0, "generation failed:\n\(generated.output)")
        // After each warning the generator prints the offending JSON (lines that are indented or braces).
        let unexpected = generated.output.split(separator: "\n").map(String.init)
            .filter { line in
                !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("{") && !line.hasPrefix("}")
                    && !line.hasPrefix("Generating ") && !line.hasPrefix("If you believe this was a mistake")
                    && !Self.expectedGeneratorLines.contains(line)
                    && !Self.expectedGeneratorFragments.contains { line.contains($0) }
            }
        #expect(unexpected.isEmpty, "unexpected generator output:\n\(generated.output)")
        let upload = try String(
            contentsOf: package.appendingPathComponent("api/datasets/create_dataset.py"), encoding: .utf8)
        #expect(upload.contains("DatasetUploadForm") && upload.contains("File"), "no upload method was generated")

        try await TestServer.with { s in
            let csv = dir.appendingPathComponent("bars.csv")
            try Data(SyntheticCSV.canonical(assets: 5, bars: 300, seed: 4)).write(to: csv)
            let spec = CanonicalSpec.json(dataset: "__DATASET__")
            let flow = [s.client.baseURL, dir.path, csv.path, spec]
            let outcome = try await Python.runOffPool(Self.script, flow)
            try #require(outcome.status == 0, "generated_client_flow.py failed:\n\(outcome.output)")
            let line = outcome.output.split(separator: "\n").last.map(String.init) ?? ""
            let seen = try JSONParser.parse(Array(line.utf8))
            #expect(seen["status"]?.stringValue == "succeeded")
            #expect(seen["dataset_name"]?.stringValue == "generated")
            #expect(seen["rows"]?.numberValue == 1500)
            #expect(seen["gzip_rows"]?.numberValue == 1500)

            let job = try #require(seen["job"]?.stringValue)
            let direct = try await s.client.get("/v1/backtests/\(job)/fills?limit=10000").json
            let expected = try #require(direct["items"]?.arrayValue)
            let reported = try #require(seen["fills"]?.arrayValue)
            try #require(expected.count > 10, "the synthetic data should trade")
            #expect(reported.count == expected.count)
            for (mine, theirs) in zip(reported, expected) {
                for key in ["timestamp", "asset", "side", "quantity", "price", "commission"] {
                    #expect(
                        mine[key] == theirs[key],
                        "fill \(key): client \(String(describing: mine[key])) server \(String(describing: theirs[key]))"
                    )
                }
            }
        }
    }
}
