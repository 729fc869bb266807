// Bulk serialization of result rows, hand-written because a result can hold millions of rows:
// one generic row description (`ResultTable.encodeRow`) feeds two encoders that append bytes
// directly, so JSON pages and CSV downloads always carry the same fields in the same form, and
// write computed numbers in the same `Precision`.

/// Receives the fields of one row, in column order.
protocol RowEncoder {
    mutating func beginRow()
    mutating func endRow()
    mutating func int(_ key: StaticString, _ value: Int)
    /// A computed number of `kind`, written in the encoder's precision.
    mutating func number(_ key: StaticString, _ value: Double, _ kind: NumberKind)
    mutating func string(_ key: StaticString, _ value: String)
    mutating func timestamp(_ key: StaticString, _ value: Int64)
    mutating func null(_ key: StaticString)
}

extension RowEncoder {
    /// A number, or null when absent.
    mutating func number(_ key: StaticString, _ value: Double?, _ kind: NumberKind) {
        if let value { number(key, value, kind) } else { null(key) }
    }

    /// A quantity of shares: an integer when whole (always, in a whole-share account), otherwise a
    /// number rounded like money (fractional accounts).
    mutating func quantity(_ key: StaticString, _ value: Double) {
        if value == value.rounded(.towardZero) && abs(value) < 9_007_199_254_740_992 {
            int(key, Int(value))
        } else {
            number(key, value, .money)
        }
    }

    /// A timestamp, or null when absent.
    mutating func timestamp(_ key: StaticString, _ value: Int64?) {
        if let value { timestamp(key, value) } else { null(key) }
    }

    /// A string, or null when absent.
    mutating func string(_ key: StaticString, _ value: String?) {
        if let value { string(key, value) } else { null(key) }
    }
}

/// Writes rows as RFC 4180 CSV lines (`\n` endings); null is an empty cell.
struct CSVRowEncoder: RowEncoder {
    var bytes: [UInt8] = []
    /// How computed numbers are written.
    let precision: Precision
    private var first = true

    /// Starts the text with a header line.
    init(header: [String], reserving capacity: Int, precision: Precision = .standard) {
        self.precision = precision
        bytes.reserveCapacity(capacity)
        bytes.append(contentsOf: header.joined(separator: ",").utf8)
        bytes.append(0x0A)
    }

    /// Continues text already started (the header written), appending rows after `bytes`.
    init(continuing bytes: [UInt8], precision: Precision) {
        self.precision = precision
        self.bytes = bytes
        self.bytes.reserveCapacity(bytes.count + 128 * 1024)
    }

    mutating func beginRow() { first = true }
    mutating func endRow() { bytes.append(0x0A) }

    private mutating func separate() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    mutating func int(_ key: StaticString, _ value: Int) {
        separate()
        NumberText.append(Int64(value), to: &bytes)
    }

    mutating func number(_ key: StaticString, _ value: Double, _ kind: NumberKind) {
        separate()
        switch precision {
        case .rounded: NumberText.append(value, rounding: kind, to: &bytes, nonFinite: "")
        case .full: NumberText.append(value, to: &bytes, nonFinite: "")
        }
    }

    mutating func string(_ key: StaticString, _ value: String) {
        separate()
        let needsQuotes = value.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
        }
        guard needsQuotes else {
            bytes.append(contentsOf: value.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for b in value.utf8 {
            if b == UInt8(ascii: "\"") { bytes.append(b) }
            bytes.append(b)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func timestamp(_ key: StaticString, _ value: Int64) {
        separate()
        UTCTime.append(value, to: &bytes)
    }

    mutating func null(_ key: StaticString) { separate() }
}

/// Writes rows as JSON objects separated by commas (the caller writes the enclosing array).
struct JSONRowEncoder: RowEncoder {
    var writer = JSONWriter(reserving: 4096)
    /// How computed numbers are written.
    let precision: Precision
    private var first = true
    private var rows = 0

    /// An encoder writing computed numbers in `precision`.
    init(precision: Precision = .standard) { self.precision = precision }

    mutating func beginRow() {
        if rows > 0 { writer.raw(",") }
        writer.raw("{")
        first = true
        rows += 1
    }

    mutating func endRow() { writer.raw("}") }

    private mutating func key(_ key: StaticString) {
        if !first { writer.raw(",") }
        first = false
        writer.raw("\"")
        writer.raw(key.description)
        writer.raw("\":")
    }

    mutating func int(_ key: StaticString, _ value: Int) {
        self.key(key)
        writer.number(Double(value))
    }

    mutating func number(_ key: StaticString, _ value: Double, _ kind: NumberKind) {
        self.key(key)
        writer.number(value, kind, precision)
    }

    mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        writer.string(value)
    }

    mutating func timestamp(_ key: StaticString, _ value: Int64) {
        self.key(key)
        writer.raw("\"")
        writer.raw(UTCTime.format(value))
        writer.raw("\"")
    }

    mutating func null(_ key: StaticString) {
        self.key(key)
        writer.raw("null")
    }
}
