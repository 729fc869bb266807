// A JSON document as a value: what request bodies are read into before validation walks them
// with JSON paths, and what small responses are built from before `JSONWriter` serializes them.

/// Any JSON value. Object keys keep their insertion order when built in code, so output is stable.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    /// A computed number written by the rounding rule of its kind (`?precision=rounded`); built in
    /// code, never parsed.
    case rounded(Double, NumberKind)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A short name of the value's JSON type, for "expected a number, found a string" messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number, .rounded: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// An ordered JSON object: pairs in insertion order, with keyed lookup.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The members, in order.
    public private(set) var members: [(key: String, value: JSONValue)]

    /// An empty object.
    public init() { members = [] }

    /// An object from pairs, in the order given.
    public init(members: [(key: String, value: JSONValue)]) { self.members = members }

    /// An object from literal pairs, in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { (key: $0.0, value: $0.1) }
    }

    /// The member's value, or nil when absent. Setting replaces in place or appends.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append((key: key, value: newValue))
            }
        }
    }

    /// Appends a member without looking for an existing one (the caller knows the key is new).
    public mutating func append(_ key: String, _ value: JSONValue) { members.append((key: key, value: value)) }

    /// The member names, in order.
    public var keys: [String] { members.map(\.key) }

    /// Equal when every member is equal.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue {
    /// A number, or `null` when the value is not finite (JSON has no NaN or infinity).
    public static func finite(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    /// A number from an optional, `null` when nil or not finite.
    public static func optional(_ x: Double?) -> JSONValue { x.map(finite) ?? .null }

    /// A string from an optional, `null` when nil.
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// An integer as a JSON number.
    public static func int(_ n: Int) -> JSONValue { .number(Double(n)) }
}

extension JSONValue {
    // Reading parsed documents (tests, clients of the library).

    /// A member of an object, nil otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, if this is one (a `rounded` one as computed, before rounding).
    public var numberValue: Double? {
        switch self {
        case .number(let x), .rounded(let x, _): x
        default: nil
        }
    }

    /// The Boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
