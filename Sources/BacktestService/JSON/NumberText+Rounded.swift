// Rounded decimal text of computed numbers (`?precision=rounded`, the rule of `NumberKind`).
// Hand-written because it is bulk serialization on the hot path: a CSV of a minute backtest writes
// millions of prices, so each value is formatted by integer arithmetic straight into the byte
// buffer (scale by a power of ten, round exactly to an integer, write its digits with the point
// inserted): no String, no snprintf, no allocation per value.

extension NumberText {
    /// Appends `x` written by the rounding rule of `kind`: the decimal nearest to `x` with at most
    /// `kind.decimals` places and `kind.significantDigits` significant digits, ties to even,
    /// trailing zeros dropped, `-0` as `0`; plain while the integer part has at most
    /// `significantDigits` digits, `d.ddde+N` beyond. `nonFinite` stands for NaN and infinities.
    ///
    /// Exact for every finite double: the rounding sees the exact binary value (an FMA recovers the
    /// error of the scaling product, so halfway cases are decided on the true value).
    static func append(_ x: Double, rounding kind: NumberKind, to bytes: inout [UInt8], nonFinite: String) {
        guard x.isFinite else {
            bytes.append(contentsOf: nonFinite.utf8)
            return
        }
        let a = x.magnitude
        let digits = kind.significantDigits
        guard a < powerOfTen(digits) else {
            appendScientific(x, significantDigits: digits, to: &bytes)
            return
        }
        // Places kept: `kind.decimals`, fewer when the integer part takes some of the digits.
        var decimals = kind.decimals
        var limit = powerOfTen(digits - decimals)
        while a >= limit {
            decimals -= 1
            limit *= 10
        }
        // a·scale < 10^digits <= 10^15 < 2^50: an integer-valued double is exact, and so is
        // `product - rounded`.
        let scale = powerOfTen(decimals)
        let product = a * scale
        let error = (-product).addingProduct(a, scale) // a·scale == product + error, exactly
        var rounded = product.rounded(.toNearestOrEven)
        let half = product - rounded
        if half.magnitude == 0.5, error != 0, (error > 0) == (half > 0) { rounded += 2 * half }
        var n = UInt64(rounded)
        if n == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        if decimals == 0, rounded >= powerOfTen(digits) {
            // Rounding carried into one more digit: 10^digits.
            appendScientific(1, digitCount: 1, exponent: digits, negative: x < 0, to: &bytes)
            return
        }
        while decimals > 0, n % 10 == 0 {
            n /= 10
            decimals -= 1
        }
        appendFixed(n, decimals: decimals, negative: x < 0, to: &bytes)
    }

    /// Writes `n / 10^decimals` in plain notation (`0.000123`, `-42.5`, `7`).
    @inline(__always)
    private static func appendFixed(_ n: UInt64, decimals: Int, negative: Bool, to bytes: inout [UInt8]) {
        // At most 16 digits, a point, up to 12 leading zeros after it, a sign: 40 bytes suffice.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var i = buffer.count
            var n = n
            if decimals > 0 {
                for _ in 0..<decimals {
                    i -= 1
                    buffer[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10)
                    n /= 10
                }
                i -= 1
                buffer[i] = UInt8(ascii: ".")
            }
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10)
                n /= 10
            } while n > 0
            if negative {
                i -= 1
                buffer[i] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeMutableBufferPointer(rebasing: buffer[i...]))
        }
    }

    /// 10^n for 0 <= n <= 15, exactly.
    @inline(__always)
    static func powerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }
}
