// Reading a YAML document (the OpenAPI contract) into `JSONValue`, keeping mapping order so what is
// rendered from it (`/openapi.json`, `/docs`) follows the order the spec was written in.
import Yams

/// A YAML document that has no JSON equivalent, or does not parse.
struct YAMLConversionError: Error, Sendable, Equatable {
    /// What was wrong.
    let reason: String
}

extension JSONValue {
    /// The resolver the contract is read with: YAML's default rules without timestamps, so a date
    /// written unquoted stays the string it is in JSON (as a JSON Schema reader expects).
    static let yamlResolver = Resolver.default.removing(.timestamp)

    /// Parses YAML text into a JSON value; mapping keys must be scalars, anchors and aliases are expanded.
    static func parseYAML(_ text: String) throws(YAMLConversionError) -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, yamlResolver)
        } catch {
            throw YAMLConversionError(reason: "the YAML does not parse: \(error)")
        }
        guard let root else { throw YAMLConversionError(reason: "the YAML holds no document") }
        return try JSONValue(yaml: root)
    }

    /// The JSON value of a composed YAML node.
    init(yaml node: Node) throws(YAMLConversionError) {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: self = .null
            case .bool: self = node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: self = node.int.map(JSONValue.int) ?? .string(scalar.string)
            case .float: self = node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: self = .string(scalar.string)
            }
        case .sequence(let sequence):
            var items: [JSONValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try JSONValue(yaml: item)) }
            self = .array(items)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard case .scalar(let name) = key else {
                    throw YAMLConversionError(reason: "a mapping key is not a scalar, which JSON cannot hold")
                }
                object[name.string] = try JSONValue(yaml: value)
            }
            self = .object(object)
        case .alias:
            throw YAMLConversionError(reason: "an alias was left unexpanded")
        }
    }
}
