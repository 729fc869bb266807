// Decimal text to Double straight from bytes, equal bit for bit to Swift's `Double(String)`.
// Hand-written because ingest parses several numbers per row: a Clinger fast path (at most 19
// significant digits with a mantissa <= 2^53 and |exponent| <= 22 is exact after one correctly rounded
// multiply or divide) covers prices and model outputs; anything else goes to the C library's
// correctly rounded `strtod` on a NUL-terminated stack copy (what `Double(String)` itself calls).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers (`-12.5`, `+3`, `.5`, `5.`, `1e-7`) from bytes.
enum DecimalParser {
    /// Exact powers of ten representable in a Double (10^0 ... 10^22).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the longest decimal number at the start of `p ..< end`.
    ///
    /// Returns the value and the position after it, or nil when no number starts at `p` (no digit,
    /// or an exponent marker without digits). Never reads at or past `end`.
    @inline(__always)
    static func parsePrefix(
        _ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (value: Double, next: UnsafePointer<UInt8>)? {
        var q = p
        var negative = false
        if q < end && (q.pointee == UInt8(ascii: "-") || q.pointee == UInt8(ascii: "+")) {
            negative = q.pointee == UInt8(ascii: "-")
            q += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        var truncated = false
        // Up to 19 significant digits go into the mantissa; later ones only move the exponent
        // (integer part) or are dropped (fraction), and mark the value for the exact fallback.
        @inline(__always)
        func digitRun(fraction: Bool) {
            while q < end {
                let d = q.pointee &- UInt8(ascii: "0")
                if d >= 10 { break }
                sawDigit = true
                if digits < 19 {
                    if mantissa != 0 || d != 0 {
                        mantissa = mantissa &* 10 &+ UInt64(d)
                        digits += 1
                    }
                    if fraction { exponent -= 1 }
                } else {
                    if !fraction { exponent += 1 }
                    truncated = true
                }
                q += 1
            }
        }
        digitRun(fraction: false)
        if q < end && q.pointee == UInt8(ascii: ".") {
            q += 1
            digitRun(fraction: true)
        }
        guard sawDigit else { return nil }
        if q < end && (q.pointee | 0x20) == UInt8(ascii: "e") {
            var r = q + 1
            var negativeExponent = false
            if r < end && (r.pointee == UInt8(ascii: "-") || r.pointee == UInt8(ascii: "+")) {
                negativeExponent = r.pointee == UInt8(ascii: "-")
                r += 1
            }
            guard r < end, r.pointee &- UInt8(ascii: "0") < 10 else { return nil }
            var e = 0
            while r < end {
                let d = r.pointee &- UInt8(ascii: "0")
                if d >= 10 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                r += 1
            }
            exponent += negativeExponent ? -e : e
            q = r
        }
        if mantissa == 0 && !truncated { return (negative ? -0.0 : 0.0, q) }
        if !truncated && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
            return (negative ? -value : value, q)
        }
        return (correctlyRounded(p, count: q - p), q)
    }

    /// Parses a whole decimal field (as `Double(String)` would), or the words `inf`, `infinity` and
    /// `nan` in any case with an optional sign (the caller decides what they mean); nil otherwise.
    /// Hexadecimal forms (`0x10`, `0x1p3`), which `Double(String)` also accepts, are not numbers in a
    /// CSV of prices and signals, so they are refused.
    static func parseField(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let p = field.baseAddress, field.count > 0 else { return nil }
        if let (value, next) = parsePrefix(p, p + field.count), next == p + field.count { return value }
        var word = Substring(String(decoding: field, as: UTF8.self).lowercased())
        var negative = false
        if let sign = word.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            word = word.dropFirst()
        }
        switch word {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: return nil
        }
    }

    /// The correctly rounded value of a validated decimal `count` bytes long at `p`.
    private static func correctlyRounded(_ p: UnsafePointer<UInt8>, count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            let base = buffer.baseAddress!
            UnsafeMutableRawPointer(base).copyMemory(from: p, byteCount: count)
            base[count] = 0
            return strtod(base, nil)
        }
    }
}
