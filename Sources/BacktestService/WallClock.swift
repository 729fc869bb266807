// The time of day, injected: job timestamps and retention read it here and nowhere else, so tests
// can pin it.
import Foundation

/// A source of UTC wall-clock time.
public struct WallClock: Sendable {
    /// Seconds since the Unix epoch, with fractions.
    public let now: @Sendable () -> Double

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Double) { self.now = now }

    /// The system's clock.
    public static let system = WallClock { Date().timeIntervalSince1970 }
}
