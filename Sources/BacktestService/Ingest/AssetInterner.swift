// Interns asset names from byte slices to dense Int32 ids through an open-addressing hash table keyed
// by the bytes. Hand-written because it runs once per row: no String or Dictionary per row; a name's
// bytes are copied (and checked as UTF-8) only the first time it is seen.

/// Maps asset-name bytes to ids in first-seen order.
struct AssetInterner {
    /// Bytes of every name, back to back; name `i` is `storage[starts[i] ..< starts[i + 1]]`.
    private var storage: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing slots holding `id + 1` (0 = empty); the count is a power of two.
    private var slots: [Int32] = Array(repeating: 0, count: 256)

    /// Number of distinct names.
    var count: Int { hashes.count }

    /// The id of the name at `p ..< p + length`, adding it if new; nil when new and not UTF-8.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, length: Int) -> Int32? {
        let hash = Self.hash(p, length)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            let id = Int(slot) - 1
            if hashes[id] == hash && matches(id, p, length) { return Int32(id) }
            index = (index + 1) & mask
        }
        guard CSVFields.isUTF8(UnsafeBufferPointer(start: p, count: length)) else { return nil }
        let id = hashes.count
        storage.append(contentsOf: UnsafeBufferPointer(start: p, count: length))
        starts.append(storage.count)
        hashes.append(hash)
        slots[index] = Int32(id + 1)
        if hashes.count * 2 > slots.count { grow() }
        return Int32(id)
    }

    /// Whether `intern` would give the name an id (it is known, or valid UTF-8), without adding it.
    func accepts(_ p: UnsafePointer<UInt8>, length: Int) -> Bool {
        let hash = Self.hash(p, length)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index] != 0 {
            let id = Int(slots[index]) - 1
            if hashes[id] == hash && matches(id, p, length) { return true }
            index = (index + 1) & mask
        }
        return CSVFields.isUTF8(UnsafeBufferPointer(start: p, count: length))
    }

    /// The names in id order.
    func names() -> [String] {
        (0..<count).map { String(decoding: storage[starts[$0]..<starts[$0 + 1]], as: UTF8.self) }
    }

    @inline(__always)
    private func matches(_ id: Int, _ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let start = starts[id]
        guard starts[id + 1] - start == length else { return false }
        return storage.withUnsafeBufferPointer { stored in
            for i in 0..<length where stored[start + i] != p[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for id in hashes.indices {
            var index = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = Int32(id + 1)
        }
    }

    /// FNV-1a over the bytes, then a multiply-xorshift finalizer so low bits are well mixed.
    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<length { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        return h ^ (h >> 32)
    }
}
