// Walks a JSON request body field by field, remembering the JSON path, and gathers every problem
// (wrong type, missing field, unknown field with a "did you mean", out-of-range value) before the
// handler answers, so a client fixes all of them in one round trip.

import BacktestEngine

/// Reads typed fields out of `JSONValue`s and collects problems with their JSON paths.
struct SpecReader {
    /// Every problem found so far, in the order met.
    private(set) var problems: [ProblemItem] = []

    /// Most problems reported for one request; past it one last item says more were found.
    static let maxProblems = 50

    /// Records a problem at a path.
    mutating func fail(_ path: String, _ message: String) {
        if problems.count < Self.maxProblems {
            problems.append(ProblemItem(path: path, message: message))
        } else if problems.count == Self.maxProblems {
            problems.append(
                ProblemItem(path: "body", message: "more than \(Self.maxProblems) problems; fix these first"))
        }
    }

    /// The path of a member of the object at `path`.
    static func member(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Reads an object, reporting a wrong type and every member not in `allowed`; nil (without a
    /// problem) when absent or null, as for the other members.
    mutating func object(_ value: JSONValue?, at path: String, allowed: [String]) -> JSONObject? {
        guard let value, value != .null else { return nil }
        guard case .object(let object) = value else {
            fail(path.isEmpty ? "body" : path, "expected an object, found \(value.typeName)")
            return nil
        }
        for key in object.keys where !allowed.contains(key) {
            fail(
                Self.member(path, Suggestions.echo(key)),
                "unknown field \"\(Suggestions.echo(key))\".\(Suggestions.didYouMean(key, in: allowed)) Known fields here: \(Suggestions.list(allowed))."
            )
        }
        return object
    }

    /// Reports a missing required member and returns nil (unless a problem at that path, such as
    /// a wrong type, was already reported).
    mutating func require<T>(_ value: T?, _ path: String, _ what: String) -> T? {
        if value == nil && !problems.contains(where: { $0.path == path }) { fail(path, "required: \(what)") }
        return value
    }

    /// Reads a string member; nil (without a problem) when absent, nil with a problem when mistyped.
    mutating func string(_ object: JSONObject?, _ key: String, at path: String) -> String? {
        guard let value = object?[key], value != .null else { return nil }
        guard case .string(let s) = value else {
            fail(Self.member(path, key), "expected a string, found \(value.typeName)")
            return nil
        }
        return s
    }

    /// Reads a finite number member.
    mutating func number(_ object: JSONObject?, _ key: String, at path: String) -> Double? {
        guard let value = object?[key], value != .null else { return nil }
        guard case .number(let x) = value else {
            fail(Self.member(path, key), "expected a number, found \(value.typeName)")
            return nil
        }
        return x
    }

    /// Reads a boolean member.
    mutating func boolean(_ object: JSONObject?, _ key: String, at path: String) -> Bool? {
        guard let value = object?[key], value != .null else { return nil }
        guard case .bool(let b) = value else {
            fail(Self.member(path, key), "expected true or false, found \(value.typeName)")
            return nil
        }
        return b
    }

    /// Reads a whole-number member.
    mutating func integer(_ object: JSONObject?, _ key: String, at path: String) -> Int? {
        guard let x = number(object, key, at: path) else { return nil }
        guard x == x.rounded(), abs(x) < 1e15 else {
            fail(Self.member(path, key), "expected a whole number, found \(x)")
            return nil
        }
        return Int(x)
    }

    /// Reads an array member.
    mutating func array(_ object: JSONObject?, _ key: String, at path: String) -> [JSONValue]? {
        guard let value = object?[key], value != .null else { return nil }
        guard case .array(let items) = value else {
            fail(Self.member(path, key), "expected an array, found \(value.typeName)")
            return nil
        }
        return items
    }

    /// Reads a string member that must be one of a closed set.
    mutating func choice<T: RawRepresentable & CaseIterable>(
        _ object: JSONObject?, _ key: String, at path: String, as: T.Type
    ) -> T?
    where T.RawValue == String {
        guard let s = string(object, key, at: path) else { return nil }
        guard let v = T(rawValue: s) else {
            let known = T.allCases.map(\.rawValue)
            fail(
                Self.member(path, key),
                "unknown value \"\(Suggestions.echo(s))\".\(Suggestions.didYouMean(s, in: known)) Use one of \(Suggestions.list(known))."
            )
            return nil
        }
        return v
    }

    /// Checks a numeric condition, reporting `message` at the member's path when it fails.
    mutating func check(_ ok: Bool, _ path: String, _ message: String) {
        if !ok { fail(path, message) }
    }
}
