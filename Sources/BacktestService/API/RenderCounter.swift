// Counts whole passes over a result table (a full render to bytes, or a measuring pass), so tests
// can check that HEAD and ranged GETs of one table render it once, not once per request.
import Synchronization

/// A count of whole-table renders, shared by the API's CSV caches.
///
/// Pass one to `BacktestServer` to read it; the server makes its own otherwise.
public final class RenderCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// A counter at zero.
    public init() {}

    /// Whole-table renders so far.
    public var renders: Int { count.load(ordering: .relaxed) }

    /// Counts one render.
    func increment() { count.add(1, ordering: .relaxed) }
}
