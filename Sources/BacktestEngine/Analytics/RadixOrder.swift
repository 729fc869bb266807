// The ascending order of a large array of doubles by least-significant-digit radix sort on their
// bits, hand-written because signal quality orders ten million values per signal and horizon, where
// a comparison sort of (value, index) pairs was most of the time. Stable, so equal values keep
// ascending indices.

/// Sorting permutations of doubles.
enum RadixOrder {
    /// The indices of the finite values of `values`, by ascending value, equal values by ascending
    /// index (-0 sorts just before +0; they compare equal, so callers that group ties see one block).
    static func ascending(_ values: [Double]) -> [Int32] {
        var keys: [UInt64] = []
        var order: [Int32] = []
        keys.reserveCapacity(values.count)
        order.reserveCapacity(values.count)
        for (i, v) in values.enumerated() where v.isFinite {
            // Order-preserving bits: negative numbers flipped entirely, positive ones their sign set.
            let bits = v.bitPattern
            keys.append(bits >> 63 == 1 ? ~bits : bits | (1 << 63))
            order.append(Int32(i))
        }
        let n = keys.count
        guard n > 1 else { return order }
        var keysOut = [UInt64](repeating: 0, count: n)
        var orderOut = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 1 << 16)
        for shift in stride(from: 0, to: 64, by: 16) {
            keys.withUnsafeBufferPointer { k in
                order.withUnsafeBufferPointer { o in
                    keysOut.withUnsafeMutableBufferPointer { kOut in
                        orderOut.withUnsafeMutableBufferPointer { oOut in
                            counts.withUnsafeMutableBufferPointer { c in
                                for j in 0..<c.count { c[j] = 0 }
                                for key in k { c[Int((key >> UInt64(shift)) & 0xFFFF)] += 1 }
                                var total = 0
                                for j in 0..<c.count {
                                    let count = c[j]
                                    c[j] = total
                                    total += count
                                }
                                for i in 0..<n {
                                    let digit = Int((k[i] >> UInt64(shift)) & 0xFFFF)
                                    let at = c[digit]
                                    c[digit] = at + 1
                                    kOut[at] = k[i]
                                    oOut[at] = o[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keysOut)
            swap(&order, &orderOut)
        }
        return order
    }
}
