// The periodic maintenance task: applies the retention policy every `interval` seconds on a thread
// of its own (asleep on a signal between sweeps), and whenever a job finishes (the scheduler calls `sweep()` then). Evicting is a
// store call that reads the injected clock, so tests drive it by advancing their clock and sweeping.
import Foundation
import Logging
import Synchronization

/// Evicts the finished backtests that the retention policy no longer keeps.
final class Maintenance: Sendable {
    private let store: any Store
    private let policy: RetentionPolicy
    private let interval: Double
    private let clock: WallClock
    private let logger: Logger
    private let running = Atomic<Bool>(false)
    private let wake = WorkSignal()

    /// A task over `store`; nothing runs until `start()` (or a `sweep()`).
    init(store: any Store, policy: RetentionPolicy, interval: Double, clock: WallClock, logger: Logger) {
        self.store = store
        self.policy = policy
        self.interval = max(0.01, interval)
        self.clock = clock
        self.logger = logger
    }

    /// Starts the periodic sweeps; does nothing when the policy keeps everything or they run.
    func start() {
        guard !policy.keepsEverything, !running.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in
            while true {
                wake.wait(seconds: interval)
                guard running.load(ordering: .relaxed) else { return }
                sweep()
            }
        }
        thread.name = "maintenance"
        thread.start()
    }

    /// Stops the periodic sweeps (the thread ends at once, or after a sweep in progress).
    func stop() {
        guard running.exchange(false, ordering: .relaxed) else { return }
        wake.signal()
    }

    /// Evicts what the policy no longer keeps now; the ids evicted (a storage failure is logged
    /// and retried at the next sweep).
    @discardableResult
    func sweep() -> [String] {
        guard !policy.keepsEverything else { return [] }
        do {
            let evicted = try store.evictBacktests(policy, now: clock.now())
            if !evicted.isEmpty {
                logger.info("evicted finished backtests", metadata: ["count": "\(evicted.count)"])
            }
            return evicted
        } catch {
            logger.error("retention sweep failed", metadata: ["error": "\(error.message)"])
            return []
        }
    }
}
