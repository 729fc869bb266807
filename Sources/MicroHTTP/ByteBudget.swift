// ByteBudget: the server-wide allowance for request bodies in flight, so that many slow or hostile
// uploads together cannot take more memory than the operator allowed.

import Synchronization

/// A count of bytes taken against a fixed limit, shared by every connection thread.
final class ByteBudget: Sendable {
    let limit: Int
    private let used = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `bytes` if they fit under the limit; false (and nothing taken) when they do not.
    func take(_ bytes: Int) -> Bool {
        guard bytes > 0 else { return true }
        var current = used.load(ordering: .relaxed)
        while true {
            guard bytes <= limit - current else { return false }
            let (exchanged, original) = used.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// Gives back bytes taken earlier.
    func give(_ bytes: Int) {
        guard bytes > 0 else { return }
        used.subtract(bytes, ordering: .relaxed)
    }

    /// Bytes taken now.
    var inUse: Int {
        used.load(ordering: .relaxed)
    }
}
