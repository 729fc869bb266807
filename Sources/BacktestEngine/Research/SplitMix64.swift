// SplitMix64, the seeded generator behind random parameter sweeps, every fixture and randomized test:
// tiny, fast, well mixed, and the same sequence on every platform, so a seed reproduces a run anywhere.

/// SplitMix64: a tiny, fast, well-mixed deterministic generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Roughly standard normal (sum of four uniforms, rescaled).
    public mutating func normal() -> Double { (unit() + unit() + unit() + unit() - 2) * 1.7320508075688772 }
}
