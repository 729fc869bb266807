// The preallocated memory a cross-sectional ranking works in: one candidate per asset and one target
// per asset, allocated once per run, so that a rebalance allocates nothing. Hand-written heapsort
// (in place, O(n log n), no buffer) rather than the standard library's sort, which may allocate a
// merge buffer on every call; the order it sorts by is total, so an unstable sort is deterministic.

/// One asset of a rebalance bar that may be chosen.
struct RankedCandidate {
    /// The ranking value (finite).
    var signal: Double
    /// The data row of the asset on the rebalance bar.
    var row: Int
    /// `1 / σ` (inverse-volatility weighting only).
    var inverseVolatility: Double
    /// Asset index.
    var asset: Int32
    /// 1 chosen long, -1 chosen short, 0 not chosen.
    var side: Int8

    /// Whether `self` ranks before `other`: the larger signal, ties by the smaller asset index.
    @inline(__always)
    func ranksBefore(_ other: RankedCandidate) -> Bool {
        signal > other.signal || (signal == other.signal && asset < other.asset)
    }
}

/// Per-run scratch memory of a ranking strategy. A class so that a strategy's non-mutating
/// `decide` can write it; one run owns it, on one thread.
final class RankingScratch {
    /// Room for one candidate per asset.
    let candidates: UnsafeMutablePointer<RankedCandidate>
    /// Per asset: the target position of the rebalance being decided (0 between rebalances).
    let targets: UnsafeMutablePointer<Double>
    /// Assets.
    let assetCount: Int

    init(assetCount: Int) {
        self.assetCount = assetCount
        let capacity = max(assetCount, 1)
        candidates = .allocate(capacity: capacity)
        candidates.initialize(
            repeating: RankedCandidate(signal: 0, row: 0, inverseVolatility: 0, asset: 0, side: 0), count: capacity)
        targets = .allocate(capacity: capacity)
        targets.initialize(repeating: 0, count: capacity)
    }

    deinit {
        candidates.deallocate()
        targets.deallocate()
    }

    /// Sorts the first `count` candidates into rank order (`ranksBefore`), in place.
    func sort(count n: Int) {
        guard n > 1 else { return }
        let c = candidates
        // A heap whose root is the candidate that ranks last; popping it to the end leaves the array
        // in rank order.
        func sift(_ start: Int, _ end: Int) {
            var root = start
            while true {
                var child = 2 * root + 1
                if child >= end { return }
                if child + 1 < end && c[child].ranksBefore(c[child + 1]) { child += 1 }
                guard c[root].ranksBefore(c[child]) else { return }
                let held = c[root]
                c[root] = c[child]
                c[child] = held
                root = child
            }
        }
        var start = n / 2
        while start > 0 {
            start -= 1
            sift(start, n)
        }
        var end = n - 1
        while end > 0 {
            let last = c[0]
            c[0] = c[end]
            c[end] = last
            sift(0, end)
            end -= 1
        }
    }

    /// Calls `body` with the indices of the first `count` (sorted) candidates in ascending-signal
    /// order, ties by ascending asset (the rank order read from the end, each run of equal signals
    /// read forward), until it returns false.
    @inline(__always)
    func forEachAscending(count n: Int, _ body: (Int) -> Bool) {
        let c = candidates
        var end = n
        while end > 0 {
            var start = end - 1
            while start > 0 && c[start - 1].signal == c[end - 1].signal { start -= 1 }
            for i in start..<end where !body(i) { return }
            end = start
        }
    }
}
