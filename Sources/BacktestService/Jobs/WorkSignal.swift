// Wakes idle engine workers when a job may be waiting. The store holds the queue; this only says
// "look again", so a missed or extra signal costs one look, never a job.
import Dispatch

/// A counting wake-up for workers polling the store.
final class WorkSignal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    /// Wakes one waiting worker (or lets the next wait return at once).
    func signal(_ count: Int = 1) {
        for _ in 0..<count { semaphore.signal() }
    }

    /// Waits until signalled or `seconds` pass.
    func wait(seconds: Double) {
        _ = semaphore.wait(timeout: .now() + seconds)
    }
}
