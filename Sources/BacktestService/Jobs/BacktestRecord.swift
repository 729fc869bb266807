// What the store keeps about one backtest job: its spec, lifecycle, timing, progress and summary.
import BacktestEngine

/// Why a job failed, as the API reports it.
public struct JobError: Error, Sendable, Equatable {
    /// Stable code, e.g. `configuration_error`, `dataset_missing`.
    public var code: String
    /// What went wrong and what to do.
    public var message: String
}

/// One backtest job.
public struct BacktestRecord: Sendable {
    /// `bt_…`
    public var id: String
    /// Creation order across the store; pages list by it.
    public var sequence: Int
    /// The validated request.
    public var spec: BacktestSpec
    /// Lifecycle state.
    public var lifecycle = JobLifecycle()
    /// Fraction of bars processed, 0…1.
    public var progress = 0.0
    /// UTC epoch seconds (with fractions).
    public var createdAt: Double
    /// When a worker picked the job up (UTC epoch seconds).
    public var startedAt: Double?
    /// When the job reached a terminal status (UTC epoch seconds).
    public var finishedAt: Double?
    /// Metrics of a succeeded run.
    public var summary: Metrics?
    /// Bars (timestamps) in the run and open positions at the end.
    public var bars: Int?
    /// Positions still open at the end of a succeeded run.
    public var openPositions: Int?
    /// Why it failed.
    public var error: JobError?
    /// The client's `Idempotency-Key`, when it sent one: a retry with the same key gets this job.
    public var idempotencyKey: String?
    /// The sweep this job is a combination of (`sw_…`), if any.
    public var sweep: String?

    /// A new queued job; the store gives it its sequence number when it is enqueued.
    public init(
        id: String, sequence: Int = 0, spec: BacktestSpec, createdAt: Double, idempotencyKey: String? = nil,
        sweep: String? = nil
    ) {
        self.id = id
        self.sweep = sweep
        self.sequence = sequence
        self.spec = spec
        self.createdAt = createdAt
        self.idempotencyKey = idempotencyKey
    }

    /// Current status.
    public var status: JobStatus { lifecycle.status }
}
