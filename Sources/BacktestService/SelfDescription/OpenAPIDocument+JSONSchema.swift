// A component schema of the embedded contract as a self-contained JSON Schema (2020-12): the schema
// with every schema it references, directly or not, under `$defs`, and the references rewritten to
// point there. `GET /v1/strategies` gives each template's params this way, so a client can validate
// a spec without fetching the whole contract.

extension OpenAPIDocument {
    /// `components.schemas[name]` with its references gathered into `$defs`; nil when the contract
    /// has no such schema.
    static func jsonSchema(of name: String) -> JSONValue? {
        guard let schemas = document["components"]?["schemas"], let root = schemas[name] else { return nil }
        var defs = JSONObject()
        var pending = referencedSchemas(in: root)
        var seen: Set<String> = [name]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let schema = schemas[next] else { continue }
            defs.append(next, rewritingReferences(schema))
            pending += referencedSchemas(in: schema)
        }
        guard case .object(var object) = rewritingReferences(root) else { return nil }
        var result = JSONObject()
        result.append("$schema", .string("https://json-schema.org/draft/2020-12/schema"))
        for (key, value) in object.members { result.append(key, value) }
        object = result
        if !defs.members.isEmpty {
            // Sorted, so the document is the same whatever order the references were met in.
            object.append("$defs", .object(JSONObject(members: defs.members.sorted { $0.key < $1.key })))
        }
        return .object(object)
    }

    private static let prefix = "#/components/schemas/"

    /// The component names `value` references.
    private static func referencedSchemas(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            return object.members.flatMap { member -> [String] in
                if member.key == "$ref", let ref = member.value.stringValue, ref.hasPrefix(prefix) {
                    return [String(ref.dropFirst(prefix.count))]
                }
                return referencedSchemas(in: member.value)
            }
        case .array(let items):
            return items.flatMap(referencedSchemas)
        default:
            return []
        }
    }

    /// `value` with every `#/components/schemas/X` reference made `#/$defs/X`.
    private static func rewritingReferences(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    members: object.members.map { member in
                        if member.key == "$ref", let ref = member.value.stringValue, ref.hasPrefix(prefix) {
                            return (key: member.key, value: .string("#/$defs/" + ref.dropFirst(prefix.count)))
                        }
                        return (key: member.key, value: rewritingReferences(member.value))
                    }))
        case .array(let items):
            return .array(items.map(rewritingReferences))
        default:
            return value
        }
    }
}
