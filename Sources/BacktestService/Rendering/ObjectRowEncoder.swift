// A row encoder that collects rows as JSON objects, for small documents built as values before
// they are written (the analytics views).

/// Collects rows as JSON objects, computed numbers in `precision` and non-finite ones as null.
struct ObjectRowEncoder: RowEncoder {
    let precision: Precision
    private(set) var rows: [JSONObject] = []

    init(precision: Precision) { self.precision = precision }

    mutating func beginRow() { rows.append(JSONObject()) }
    mutating func endRow() {}
    mutating func int(_ key: StaticString, _ value: Int) { rows[rows.count - 1].append(key.description, .int(value)) }
    mutating func number(_ key: StaticString, _ value: Double, _ kind: NumberKind) {
        let json: JSONValue = !value.isFinite ? .null : precision == .full ? .number(value) : .rounded(value, kind)
        rows[rows.count - 1].append(key.description, json)
    }
    mutating func string(_ key: StaticString, _ value: String) {
        rows[rows.count - 1].append(key.description, .string(value))
    }
    mutating func timestamp(_ key: StaticString, _ value: Int64) {
        rows[rows.count - 1].append(key.description, .string(UTCTime.format(value)))
    }
    mutating func null(_ key: StaticString) { rows[rows.count - 1].append(key.description, .null) }
}
