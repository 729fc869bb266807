// Serializes JSON into a byte buffer. Hand-written because result pages and summaries are bulk
// output on the request path: appending straight into `[UInt8]` avoids Foundation's boxing, keeps
// member order as built, and prints numbers in one stable, shortest round-trip form.

/// Appends JSON text to a byte buffer.
public struct JSONWriter {
    /// The text written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer; `reserving` pre-sizes the buffer.
    public init(reserving capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Serializes one value.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// One value as text (for messages and paths that quote a value).
    public static func text(_ value: JSONValue) -> String { String(decoding: encode(value), as: UTF8.self) }

    /// Appends any JSON value.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let b): raw(b ? "true" : "false")
        case .number(let x): number(x)
        case .rounded(let x, let kind): NumberText.append(x, rounding: kind, to: &bytes, nonFinite: "null")
        case .string(let s): string(s)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                string(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends raw, already valid JSON text (punctuation, literals).
    public mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends a number: integers without a fraction, others in shortest round-trip form, `null`
    /// for NaN and infinities.
    public mutating func number(_ x: Double) { NumberText.append(x, to: &bytes, nonFinite: "null") }

    /// Appends a computed result number of `kind`, rounded or in full as `precision` says; `null`
    /// for NaN and infinities.
    mutating func number(_ x: Double, _ kind: NumberKind, _ precision: Precision) {
        switch precision {
        case .rounded: NumberText.append(x, rounding: kind, to: &bytes, nonFinite: "null")
        case .full: NumberText.append(x, to: &bytes, nonFinite: "null")
        }
    }

    /// Appends a quoted, escaped string.
    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// Number formatting shared by the JSON and CSV writers, so both print a value identically.
public enum NumberText {
    /// Appends `x`: integral values below 2^53 as integers, others in Swift's shortest round-trip
    /// form (which `Double(String)` and every CSV reader parse back to the same bits).
    public static func append(_ x: Double, to bytes: inout [UInt8], nonFinite: String) {
        guard x.isFinite else {
            bytes.append(contentsOf: nonFinite.utf8)
            return
        }
        if x == x.rounded(), abs(x) < 9_007_199_254_740_992 {
            append(Int64(x), to: &bytes)
            return
        }
        bytes.append(contentsOf: x.description.utf8)
    }

    /// Appends a decimal integer (the standard library's formatting; small integers need no heap).
    public static func append(_ n: Int64, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(n).utf8)
    }
}
