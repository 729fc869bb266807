// The documented rounding rule of `?precision=rounded` (api-spec/openapi.yaml,
// `components/parameters/Precision`), computed independently of the server's integer formatter:
// with the C library's printf through Foundation, which rounds the exact binary value (ties to
// even). Tests compare the server's text with this, never the formatter with itself.
import Foundation

/// The rounding rule, from the specification's words.
public enum ReferenceRounding {
    /// Money: 1e-9 of the currency unit, at most 15 significant digits.
    public static let moneyRule = (decimals: 9, significantDigits: 15)
    /// Ratios: 1e-12, at most 12 significant digits.
    public static let ratioRule = (decimals: 12, significantDigits: 12)

    /// The text of `x` under the rule, or nil for NaN and infinities (written as today).
    public static func text(_ x: Double, decimals: Int, significantDigits: Int) -> String? {
        guard x.isFinite else { return nil }
        guard x != 0 else { return "0" }
        // The decimal exponent of the exact value; 40 digits cannot carry into the next power.
        let exact = String(format: "%.40e", x)
        let exponent = Int(exact[exact.range(of: "e")!.upperBound...])!
        let place = max(-decimals, exponent - significantDigits + 1)
        if place > 0 {
            return scientific(String(format: "%.*e", significantDigits - 1, x))
        }
        var fixed = String(format: "%.*f", -place, x)
        let integerDigits = fixed.split(separator: ".")[0].filter(\.isNumber).count
        if integerDigits > significantDigits {
            // Rounding carried to 10^significantDigits.
            return (x < 0 ? "-" : "") + "1e+\(significantDigits)"
        }
        if fixed.contains(".") {
            while fixed.hasSuffix("0") { fixed.removeLast() }
            if fixed.hasSuffix(".") { fixed.removeLast() }
        }
        return fixed == "-0" ? "0" : fixed
    }

    /// The text of a money amount under the rule.
    public static func money(_ x: Double) -> String? {
        text(x, decimals: moneyRule.decimals, significantDigits: moneyRule.significantDigits)
    }

    /// The text of a ratio under the rule.
    public static func ratio(_ x: Double) -> String? {
        text(x, decimals: ratioRule.decimals, significantDigits: ratioRule.significantDigits)
    }

    /// `1.2300e+17` → `1.23e+17`, `1.000e+15` → `1e+15`, `e+05` → `e+5`.
    private static func scientific(_ printed: String) -> String {
        let parts = printed.split(separator: "e")
        var mantissa = String(parts[0])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        let exponent = Int(parts[1])!
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }
}
