// The contract this binary was built with: api-spec/openapi.yaml, embedded as source at build time by
// the EmbedOpenAPI plugin (so a binary copied alone still serves it), parsed once on first use, and its
// JSON rendering. These are constants of the build, computed lazily, not mutable shared state.
import MicroHTTP

/// The embedded OpenAPI document in its two representations, and lookups into it.
enum OpenAPIDocument {
    /// The YAML exactly as it is in the repository at build time.
    static let yaml: [UInt8] = Array(OpenAPISource.text.utf8)

    /// The document parsed, in the order it was written.
    static let document: JSONValue = {
        do throws(YAMLConversionError) {
            return try JSONValue.parseYAML(OpenAPISource.text)
        } catch {
            // The text is fixed at build time and a test parses it: this is a broken build, not input.
            preconditionFailure("api-spec/openapi.yaml embedded in this build is not valid: \(error.reason)")
        }
    }()

    /// The document as compact JSON.
    static let json: [UInt8] = JSONWriter.encode(document)

    /// The `info` object's title and version.
    static var title: String { document["info"]?["title"]?.stringValue ?? "API" }

    /// The version of the contract, `info.version`.
    static var version: String { document["info"]?["version"]?.stringValue ?? "" }

    /// The `summary` of the operation `method` on `pattern`, when the spec has one.
    static func summary(_ method: HTTPMethod, _ pattern: String) -> String? {
        document["paths"]?[pattern]?[method.rawValue.lowercased()]?["summary"]?.stringValue
    }

    /// The value a local `$ref` (`#/components/schemas/Job`) points at, following chains of refs.
    static func resolve(_ value: JSONValue, in root: JSONValue = document) -> JSONValue {
        var current = value
        var hops = 0
        while let ref = current["$ref"]?.stringValue, ref.hasPrefix("#/"), hops < 16 {
            var target: JSONValue? = root
            for part in ref.dropFirst(2).split(separator: "/") {
                let key = String(part).replacing("~1", with: "/").replacing("~0", with: "~")
                target = target?[key]
            }
            guard let target else { return current }
            current = target
            hops += 1
        }
        return current
    }
}
