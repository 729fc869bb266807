// Putting rows in (timestamp, asset) order: an O(n) check for the common already-sorted upload, else
// a sort of row indices (by one packed UInt64 key when the value ranges allow, else a comparator),
// then each column gathered once. Hand-written because it touches every row of large uploads.

/// Ordering helpers over parallel row columns.
enum RowOrder {
    /// True when rows are strictly ascending by (timestamp, asset); `assets` empty means timestamp only.
    static func isStrictlyAscending(_ timestamps: [Int64], _ assets: [Int32]) -> Bool {
        timestamps.withUnsafeBufferPointer { ts in
            assets.withUnsafeBufferPointer { asset in
                guard ts.count > 1 else { return true }
                if asset.isEmpty {
                    for i in 1..<ts.count where ts[i] <= ts[i - 1] { return false }
                } else {
                    for i in 1..<ts.count where ts[i] < ts[i - 1] || (ts[i] == ts[i - 1] && asset[i] <= asset[i - 1]) {
                        return false
                    }
                }
                return true
            }
        }
    }

    /// Row indices in ascending (timestamp, asset, row) order; `assets` empty means timestamp only.
    static func permutation(_ timestamps: [Int64], _ assets: [Int32], assetCount: Int) -> [Int32] {
        let n = timestamps.count
        guard n > 0 else { return [] }
        let minimum = timestamps.min()!
        let maximum = timestamps.max()!
        let width = UInt64(max(1, assetCount))
        let rowBits = UInt64(64 - UInt64(n).leadingZeroBitCount)
        let (span, spanOverflow) = maximum.subtractingReportingOverflow(minimum)
        let (product, productOverflow) = UInt64(bitPattern: spanOverflow ? -1 : span).multipliedReportingOverflow(
            by: width)
        let (maxKey, keyOverflow) = product.addingReportingOverflow(width - 1)
        if !spanOverflow && !productOverflow && !keyOverflow && maxKey < UInt64(1) << (64 - rowBits) {
            var packed = [UInt64](repeating: 0, count: n)
            packed.withUnsafeMutableBufferPointer { packed in
                for row in 0..<n {
                    let asset = assets.isEmpty ? 0 : UInt64(assets[row])
                    let key = UInt64(timestamps[row] - minimum) * width + asset
                    packed[row] = key << rowBits | UInt64(row)
                }
                packed.sort()
            }
            let mask = (UInt64(1) << rowBits) - 1
            return packed.map { Int32(truncatingIfNeeded: $0 & mask) }
        }
        var order = (0..<n).map { Int32($0) }
        order.sort { a, b in
            let ta = timestamps[Int(a)]
            let tb = timestamps[Int(b)]
            if ta != tb { return ta < tb }
            if !assets.isEmpty && assets[Int(a)] != assets[Int(b)] { return assets[Int(a)] < assets[Int(b)] }
            return a < b
        }
        return order
    }

    /// Pairs of rows (earlier, later in `order`) with equal keys; at most `limit`.
    static func duplicates(
        _ timestamps: [Int64], _ assets: [Int32], order: [Int32], limit: Int
    ) -> [(first: Int, second: Int)] {
        var found: [(first: Int, second: Int)] = []
        for i in order.indices.dropFirst() {
            let a = Int(order[i - 1])
            let b = Int(order[i])
            if timestamps[a] == timestamps[b] && (assets.isEmpty || assets[a] == assets[b]) {
                found.append((a, b))
                if found.count >= limit { break }
            }
        }
        return found
    }

    /// `values` rearranged so that element i is `values[order[i]]`.
    static func gather<T>(_ values: [T], _ order: [Int32]) -> [T] {
        values.withUnsafeBufferPointer { source in
            [T](unsafeUninitializedCapacity: order.count) { target, initialized in
                for i in order.indices { (target.baseAddress! + i).initialize(to: source[Int(order[i])]) }
                initialized = order.count
            }
        }
    }
}
