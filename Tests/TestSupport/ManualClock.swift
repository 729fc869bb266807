// A wall clock that tests move by hand, so retention and timestamps can be checked without waiting.
import BacktestService
import Synchronization

/// A clock that reads a time the test sets and advances.
public final class ManualClock: Sendable {
    private let seconds: Mutex<Double>

    /// A clock at `start` (UTC epoch seconds).
    public init(start: Double = 1_800_000_000) { seconds = Mutex(start) }

    /// The time now.
    public var now: Double { seconds.withLock { $0 } }

    /// Moves the clock forward by `interval` seconds.
    public func advance(by interval: Double) { seconds.withLock { $0 += interval } }

    /// The clock as the service takes it.
    public var wallClock: WallClock { WallClock { [self] in now } }
}
