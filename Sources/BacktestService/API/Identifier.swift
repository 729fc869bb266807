// Resource ids: a prefix naming the kind (`ds_`, `bt_`) and 16 random base-32 characters.

/// Makes and recognizes resource ids.
enum Identifier {
    /// The kinds of resource that carry ids.
    enum Kind: String {
        case dataset = "ds"
        case backtest = "bt"
        case sweep = "sw"
    }

    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A fresh random id of the kind.
    static func make(_ kind: Kind) -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = Array(kind.rawValue.utf8) + [UInt8(ascii: "_")]
        for _ in 0..<16 { bytes.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
