// What the store keeps about one sweep: its spec, its children (ordinary backtest jobs, one per
// combination), whether it was cancelled, and the statistics computed once every child ended. Its
// status is not stored: it follows from the children's (`SweepTally`).

/// One sweep job.
public struct SweepRecord: Sendable {
    /// `sw_…`
    public var id: String
    /// Creation order among sweeps; pages list by it.
    public var sequence: Int
    /// The validated request.
    public var spec: SweepSpec
    /// The backtest job of each combination (`bt_…`), in combination order.
    public var children: [String]
    /// UTC epoch seconds (with fractions).
    public var createdAt: Double
    /// When the last child ended and the statistics were computed (UTC epoch seconds).
    public var finishedAt: Double?
    /// A client cancelled the sweep (its unfinished children were cancelled with it).
    public var cancelRequested = false
    /// The best combination and the overfitting statistics; set when the sweep finishes.
    public var statistics: SweepStatistics?
    /// The client's `Idempotency-Key`, when it sent one.
    public var idempotencyKey: String?
    /// A walk-forward sweep's windows and decisions. Its children are then each window's train runs
    /// (window by window, each in combination order), followed by the test runs as they are queued.
    public var walkForward: WalkForwardState?

    /// A new sweep; the store gives it its sequence number.
    public init(
        id: String, sequence: Int = 0, spec: SweepSpec, children: [String], createdAt: Double,
        idempotencyKey: String? = nil
    ) {
        self.id = id
        self.sequence = sequence
        self.spec = spec
        self.children = children
        self.createdAt = createdAt
        self.idempotencyKey = idempotencyKey
    }

    /// Children a walk-forward sweep will still queue (one test run per undecided window).
    public var pendingChildren: Int { walkForward?.windows.count { !$0.decided } ?? 0 }

    /// Where train child `id` of a walk-forward sweep runs: its window and combination; nil for a
    /// test run, a child of another sweep, or a sweep that is not walk-forward.
    func trainPosition(of id: String) -> (window: Int, combination: Int)? {
        guard let windows = walkForward?.windows.count, let i = children.firstIndex(of: id),
            i < windows * spec.count
        else { return nil }
        return (i / spec.count, i % spec.count)
    }

    /// The train runs of window `k` of a walk-forward sweep, in combination order.
    func trainChildren(window k: Int) -> ArraySlice<String> {
        children[k * spec.count..<(k + 1) * spec.count]
    }

    /// The sweep's status given its children's: `queued` while none has started, `running` until
    /// the last has ended and the statistics are in, then `cancelled` if a client cancelled it,
    /// `succeeded` if at least one combination succeeded (the tally says how many failed), else
    /// `failed`.
    public func status(_ tally: SweepTally) -> JobStatus {
        guard finishedAt != nil else { return tally.queued == tally.total ? .queued : .running }
        if cancelRequested { return .cancelled }
        return tally.succeeded > 0 ? .succeeded : .failed
    }
}

/// How many of a sweep's children are in each status, and their progress.
public struct SweepTally: Sendable, Equatable {
    /// Children waiting for a worker.
    public var queued = 0
    /// Children a worker runs now.
    public var running = 0
    /// Children that succeeded.
    public var succeeded = 0
    /// Children that failed.
    public var failed = 0
    /// Children cancelled (with their sweep, or one by one).
    public var cancelled = 0
    /// Children deleted or evicted since they ended.
    public var removed = 0
    /// Σ progress over the children (a finished child counts 1).
    public var progress = 0.0

    /// No children counted.
    public init() {}

    /// Every child counted.
    public var total: Int { queued + running + succeeded + failed + cancelled + removed }
    /// Children that will not change any more.
    public var ended: Int { succeeded + failed + cancelled + removed }

    /// Counts one child.
    public mutating func add(_ status: JobStatus, progress: Double) {
        switch status {
        case .queued: queued += 1
        case .running: running += 1
        case .succeeded: succeeded += 1
        case .failed: failed += 1
        case .cancelled: cancelled += 1
        }
        self.progress += status.isTerminal ? 1 : progress
    }
}
