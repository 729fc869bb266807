// Rounded text of numbers too large for plain notation under their significant-digit budget
// (money of 10^15 and more, ratios of 10^12 and more): `d.ddde+N`, rounded exactly. Hand-written
// with the rest of the bulk number formatting; this path is rare (no real account or ratio reaches
// it), so it may allocate, but it stays exact: the integer part's decimal digits are computed with
// a small base-10^9 big integer when the value exceeds UInt64.

extension NumberText {
    /// Appends `x` (|x| >= 10^`significantDigits`) rounded to `significantDigits` significant
    /// digits, ties to even, as `d.ddde+N` with trailing zeros dropped.
    static func appendScientific(_ x: Double, significantDigits: Int, to bytes: inout [UInt8]) {
        let a = x.magnitude
        let whole = a.rounded(.towardZero)
        let digits = decimalDigits(of: whole)
        // `whole` has more than `significantDigits` digits; the rest decide the rounding.
        var n: UInt64 = 0
        for d in digits[..<significantDigits] { n = n * 10 + UInt64(d) }
        let next = digits[significantDigits]
        let sticky = a != whole || digits[(significantDigits + 1)...].contains { $0 != 0 }
        var exponent = digits.count - 1
        if next > 5 || (next == 5 && (sticky || n % 2 == 1)) {
            n += 1
            if n == UInt64(powerOfTen(significantDigits)) {
                n /= 10
                exponent += 1
            }
        }
        appendScientific(n, digitCount: significantDigits, exponent: exponent, negative: x < 0, to: &bytes)
    }

    /// Writes `n` (exactly `digitCount` digits) as `d.ddd` times 10^`exponent`: `1.25e+17`, `1e+15`.
    static func appendScientific(
        _ n: UInt64, digitCount: Int, exponent: Int, negative: Bool, to bytes: inout [UInt8]
    ) {
        var n = n
        var count = digitCount
        while count > 1, n % 10 == 0 {
            n /= 10
            count -= 1
        }
        var text: [UInt8] = []
        for _ in 0..<count {
            text.append(UInt8(ascii: "0") + UInt8(n % 10))
            n /= 10
        }
        if negative { bytes.append(UInt8(ascii: "-")) }
        bytes.append(text.removeLast())
        if !text.isEmpty {
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: text.reversed())
        }
        bytes.append(contentsOf: "e+".utf8)
        append(Int64(exponent), to: &bytes)
    }

    /// The decimal digits (0...9, most significant first) of a non-negative integer-valued double.
    static func decimalDigits(of whole: Double) -> [UInt8] {
        if whole < 18_446_744_073_709_551_616 { // 2^64
            return Array(String(UInt64(whole)).utf8).map { $0 - UInt8(ascii: "0") }
        }
        // whole = significand · 2^shift with shift > 0: multiply up in base 10^9, 2^30 at a time.
        let base: UInt64 = 1_000_000_000
        let significand = whole.significandBitPattern | (1 << 52)
        var limbs: [UInt64] = [significand % base, significand / base] // significand < 2^53 < base^2
        var shift = Int(whole.exponent) - 52
        while shift > 0 {
            let step = min(shift, 30)
            var carry: UInt64 = 0
            for i in limbs.indices {
                let v = limbs[i] << step + carry
                limbs[i] = v % base
                carry = v / base
            }
            while carry > 0 {
                limbs.append(carry % base)
                carry /= base
            }
            shift -= step
        }
        var digits = Array(String(limbs.removeLast()).utf8)
        for limb in limbs.reversed() {
            let text = Array(String(limb).utf8)
            digits += [UInt8](repeating: UInt8(ascii: "0"), count: 9 - text.count) + text
        }
        return digits.map { $0 - UInt8(ascii: "0") }
    }
}
