// A fast 64-bit checksum over 8-byte words, written by hand because nothing in the dependencies
// hashes gigabytes quickly without C: it only has to catch torn, truncated and foreign files (not
// adversaries), at memory speed. Each word is mixed with a multiply and a rotate (the core of
// xxHash64's round); the length is folded in at the end.

/// A running checksum over whole 8-byte words.
struct Checksum {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
    private var words = 0

    /// A checksum of nothing yet.
    init() {}

    /// Adds `bytes`, whose count must be a multiple of 8 (every section of a column file is padded).
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count % 8 == 0, "checksummed sections are padded to 8 bytes")
        let n = bytes.count / 8
        guard n > 0 else { return }
        var (a, b, c, d) = lanes
        // Word k of the whole input goes to lane k % 4, however the input is split into calls.
        var phase = words & 3
        var i = 0
        while i < n && (phase != 0 || n - i < 4) {
            let word = bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            switch phase {
            case 0: a = Self.round(a, word)
            case 1: b = Self.round(b, word)
            case 2: c = Self.round(c, word)
            default: d = Self.round(d, word)
            }
            phase = (phase + 1) & 3
            i += 1
        }
        // Four independent lanes keep the multiplier busy.
        while i + 4 <= n {
            a = Self.round(a, bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            b = Self.round(b, bytes.loadUnaligned(fromByteOffset: (i + 1) * 8, as: UInt64.self))
            c = Self.round(c, bytes.loadUnaligned(fromByteOffset: (i + 2) * 8, as: UInt64.self))
            d = Self.round(d, bytes.loadUnaligned(fromByteOffset: (i + 3) * 8, as: UInt64.self))
            i += 4
        }
        while i < n {
            let word = bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            switch phase {
            case 0: a = Self.round(a, word)
            case 1: b = Self.round(b, word)
            case 2: c = Self.round(c, word)
            default: d = Self.round(d, word)
            }
            phase = (phase + 1) & 3
            i += 1
        }
        lanes = (a, b, c, d)
        words += n
    }

    /// The checksum of everything added.
    var value: UInt64 {
        let (a, b, c, d) = lanes
        var h = a.rotatedLeft(1) &+ b.rotatedLeft(7) &+ c.rotatedLeft(12) &+ d.rotatedLeft(18)
        h ^= UInt64(words) &* Self.prime2
        h = (h ^ (h >> 33)) &* Self.prime1
        return h ^ (h >> 29)
    }

    private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        (lane &+ word &* prime2).rotatedLeft(31) &* prime1
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
