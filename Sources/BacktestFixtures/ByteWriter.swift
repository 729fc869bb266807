// Appends CSV text through a raw pointer into pre-sized storage: bytes and fixed-point decimals with
// no String per value, and a bar's UTC timestamp formatted once for all its rows. Hand-written so
// that `SyntheticCSV` makes the ~720 MB benchmark file in seconds.

import BacktestEngine

/// Appends bytes through a raw pointer into pre-sized storage.
struct ByteWriter {
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    mutating func byte(_ b: UInt8) {
        base[count] = b
        count += 1
    }
    mutating func comma() { byte(UInt8(ascii: ",")) }
    mutating func write(_ bytes: [UInt8]) { for b in bytes { byte(b) } }

    /// UTC epoch seconds as the 20 bytes of `YYYY-MM-DDTHH:MM:SSZ` (years 1000...9999).
    static func timestamp(_ seconds: Int64) -> [UInt8] {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = CivilDate.date(days: days)
        let second = seconds - days * 86_400
        var text = Array(String(year).utf8)
        for (separator, value) in [
            ("-", month), ("-", day), ("T", second / 3600), (":", second / 60 % 60), (":", second % 60),
        ] {
            text += Array(separator.utf8)
            text += [UInt8(ascii: "0") + UInt8(value / 10), UInt8(ascii: "0") + UInt8(value % 10)]
        }
        return text + [UInt8(ascii: "Z")]
    }

    /// Writes `value / 10^decimals` in decimal; `trim` drops trailing zeros of the fraction.
    mutating func writeScaled(_ value: Int64, decimals: Int, trim: Bool) {
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = UInt64(value.magnitude)
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0 || n <= decimals
            if value < 0 { byte(UInt8(ascii: "-")) }
            var lowest = 0
            if trim { while lowest < decimals && d[lowest] == 0 { lowest += 1 } }
            for i in stride(from: n - 1, through: lowest, by: -1) {
                if i == decimals - 1 { byte(UInt8(ascii: ".")) }
                byte(UInt8(ascii: "0") + d[i])
            }
        }
    }
}
