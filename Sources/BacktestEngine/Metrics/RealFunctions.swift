// Natural log, exp and pow for Double, written by hand because the engine may import neither
// Foundation nor Glibc and the standard library has no transcendental functions. Only the CAGR
// uses them (once per result); accuracy is a few ulps, and results are identical on every platform.

/// Elementary functions on `Double` for the metrics.
enum RealFunctions {
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    private static let ln2 = 0.693147180559945309417232121458176568

    /// Natural logarithm; NaN for negative or NaN input, -inf for 0, +inf for +inf.
    static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return .infinity }
        // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); ln x = e ln 2 + 2 atanh((m - 1) / (m + 1)).
        var m = x.significand
        var e = Double(x.exponent)
        if m > 1.4142135623730951 {
            m /= 2
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        while k < 40 {
            sum += term / k
            term *= s2
            k += 2
        }
        return e * ln2Hi + (2 * sum + e * ln2Lo)
    }

    /// e raised to `x`; overflows to +inf, underflows to 0.
    static func exp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        // x = k ln 2 + r with |r| <= ln 2 / 2; e^x = 2^k e^r.
        // Round to nearest by truncation (no libm call); x is within +-746 here.
        let k = Double(Int(x / ln2 + (x < 0 ? -0.5 : 0.5)))
        let r = (x - k * ln2Hi) - k * ln2Lo
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        while n < 24 {
            term *= r / n
            sum += term
            n += 1
        }
        return scale(sum, by: Int(k))
    }

    /// `base` raised to `exponent` for `base > 0` (NaN for base < 0, 0 for base == 0 and exponent > 0).
    static func pow(_ base: Double, _ exponent: Double) -> Double {
        if exponent == 0 { return 1 }
        if base == 0 { return exponent > 0 ? 0 : .infinity }
        if base < 0 || base.isNaN || exponent.isNaN { return .nan }
        return exp(exponent * log(base))
    }

    /// `value * 2^k` in steps that cannot overflow the exponent field prematurely.
    private static func scale(_ value: Double, by k: Int) -> Double {
        var result = value
        var remaining = k
        while remaining > 1000 {
            result *= Double(sign: .plus, exponent: 1000, significand: 1)
            remaining -= 1000
        }
        while remaining < -1000 {
            result *= Double(sign: .plus, exponent: -1000, significand: 1)
            remaining += 1000
        }
        return result * Double(sign: .plus, exponent: remaining, significand: 1)
    }
}
