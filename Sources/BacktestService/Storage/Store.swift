// Storage behind a protocol: datasets, backtest jobs (the queue's durable state included) and
// results. The in-memory store and the embedded durable store implement it; a store shared by
// several servers (PostgreSQL) implements the same methods, so handlers and workers do not change.
import BacktestEngine

/// One page of a listing and the cursor of the next one.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page, in listing order.
    public var items: [Item]
    /// Opaque; nil on the last page.
    public var nextCursor: String?
}

/// What `Store.enqueueBacktest` did with a new job.
public enum Enqueued: Sendable {
    /// The job was recorded as queued, under the sequence number the store gave it.
    case accepted(BacktestRecord)
    /// A job with the same idempotency key exists already; nothing was recorded.
    case replayed(BacktestRecord)
    /// The queue held `capacity` jobs already; nothing was recorded.
    case full
}

/// What `Store.enqueueSweep` did with a new sweep.
public enum SweepEnqueued: Sendable {
    /// The sweep and its children were recorded, the children queued.
    case accepted(SweepRecord)
    /// A sweep with the same idempotency key exists already; nothing was recorded.
    case replayed(SweepRecord)
}

/// What `Store.removeSweep` did.
public enum SweepRemoved: Sendable {
    /// The sweep, its children and their results are gone (the children's ids listed); tombstones
    /// are recorded for all of them.
    case removed(children: [String])
    /// The sweep has not finished: nothing was removed (cancel it first).
    case notFinished(SweepRecord)
    /// It went before, as the tombstone says.
    case gone(Removal)
    /// No sweep and no tombstone has this id.
    case missing
}

/// Where datasets, jobs and results live. Every method is safe to call from any thread, and every
/// write is durable (for a durable store) when it returns.
///
/// The store is the queue: a job is `queued` in the store until a worker claims it, so a queued job
/// survives a restart with everything it needs (its spec; the datasets it names are kept until no
/// unfinished job names them).
public protocol Store: Sendable {
    /// Saves a new dataset.
    func insertDataset(_ dataset: Dataset) throws(StoreError)
    /// Facts about a dataset, without loading its columns; nil when there is none (or it was deleted).
    func datasetInfo(id: String) throws(StoreError) -> DatasetInfo?
    /// A dataset with its columns. A deleted dataset is found only with `includingDeleted`, which
    /// workers use for the jobs that named it before it was deleted.
    func dataset(id: String, includingDeleted: Bool) throws(StoreError) -> Dataset?
    /// Datasets in upload order, `limit` at a time; nil when the cursor is not one this store made.
    func datasets(cursor: String?, limit: Int) throws(StoreError) -> Page<DatasetInfo>?
    /// Removes a dataset from listings and lookups; its columns go once no unfinished job names it.
    /// False when there was none.
    func deleteDataset(id: String) throws(StoreError) -> Bool

    /// Records `record` as queued with the next sequence number, unless `capacity` jobs are queued
    /// already (children of sweeps not counted) or a job with the same idempotency key exists.
    func enqueueBacktest(_ record: BacktestRecord, capacity: Int) throws(StoreError) -> Enqueued
    /// A job by id.
    func backtest(id: String) throws(StoreError) -> BacktestRecord?
    /// A job by the idempotency key it was submitted with.
    func backtest(idempotencyKey: String) throws(StoreError) -> BacktestRecord?
    /// Changes a job atomically and returns what `body` returned, or nil when there is no such job.
    func updateBacktest<T>(id: String, _ body: (inout BacktestRecord) -> T) throws(StoreError) -> T?
    /// Jobs in submission order, optionally of one status, `limit` at a time; nil when the cursor
    /// is not one this store made. Cursors stay valid when items are deleted.
    func backtests(status: JobStatus?, cursor: String?, limit: Int) throws(StoreError) -> Page<BacktestRecord>?
    /// The `limit` most recently submitted jobs that are not children of a sweep, newest first (the
    /// job list page, which lists sweeps on their own).
    func latestBacktests(limit: Int) throws(StoreError) -> [BacktestRecord]
    /// Jobs of a status (children of sweeps included).
    func countBacktests(status: JobStatus) throws(StoreError) -> Int
    /// Takes the oldest queued job for a worker: marks it running (started at `now`) and returns it;
    /// nil when none is queued. Two callers never get the same job.
    func claimBacktest(now: Double) throws(StoreError) -> BacktestRecord?
    /// Saves the result of a job and applies `update` to it in one step, so no reader sees a
    /// terminal status without its result.
    func completeBacktest(
        id: String, result: BacktestResult, _ update: (inout BacktestRecord) -> Void)
        throws(StoreError)
    /// The full result of a succeeded job.
    func result(id: String) throws(StoreError) -> BacktestResult?

    /// Removes a finished job with its result (files too) and keeps `removal` as its tombstone:
    /// the job is no longer found, listed or counted, and `removal(id:)` says why. A queued or
    /// running job is left as it is.
    func removeBacktest(id: String, _ removal: Removal) throws(StoreError) -> Removed
    /// The tombstone of a job or sweep that was removed; nil for one that exists or never did.
    func removal(id: String) throws(StoreError) -> Removal?
    /// Removes the finished jobs `policy` no longer keeps at `now`: those finished more than its
    /// age ago, then, oldest finished first, succeeded ones while the stored results exceed its
    /// budget. Returns the ids removed, oldest first.
    func evictBacktests(_ policy: RetentionPolicy, now: Double) throws(StoreError) -> [String]

    /// Records a sweep with the next sweep sequence number and its children as queued jobs (in
    /// combination order, each `sweep` naming it), in one step; unless a sweep with the same
    /// idempotency key exists. Children do not count against the queue's capacity.
    func enqueueSweep(_ sweep: SweepRecord, children: [BacktestRecord]) throws(StoreError) -> SweepEnqueued
    /// A sweep by id.
    func sweep(id: String) throws(StoreError) -> SweepRecord?
    /// A sweep by the idempotency key it was submitted with.
    func sweep(idempotencyKey: String) throws(StoreError) -> SweepRecord?
    /// Sweeps in submission order, `limit` at a time; nil when the cursor is not one this store made.
    func sweeps(cursor: String?, limit: Int) throws(StoreError) -> Page<SweepRecord>?
    /// The `limit` most recently submitted sweeps, newest first.
    func latestSweeps(limit: Int) throws(StoreError) -> [SweepRecord]
    /// Changes a sweep atomically and returns what `body` returned, or nil when there is no such sweep.
    func updateSweep<T>(id: String, _ body: (inout SweepRecord) -> T) throws(StoreError) -> T?
    /// How many of a sweep's children are in each status (removed ones counted as such); nil when
    /// there is no such sweep.
    func sweepTally(id: String) throws(StoreError) -> SweepTally?
    /// Whether any child of the sweep is queued or running (false for no such sweep); cheap, as it
    /// is asked each time a child ends.
    func sweepHasUnfinishedChildren(id: String) throws(StoreError) -> Bool
    /// The children of a sweep still stored, in combination order.
    func sweepChildren(id: String) throws(StoreError) -> [BacktestRecord]
    /// The same children as their results rows read them (no spec decoded).
    func sweepChildSummaries(id: String) throws(StoreError) -> [SweepChild]
    /// Queues `child` as a new child of sweep `id` (its id appended to the sweep's children) in one
    /// step with `body`'s change of the sweep, when `body` returns true; returns whether it did
    /// (false also for no such sweep).
    func addSweepChild(
        id: String, _ child: BacktestRecord, _ body: (inout SweepRecord) -> Bool
    ) throws(StoreError)
        -> Bool
    /// Whether any of the backtests `ids` is queued or running.
    func anyUnfinished(_ ids: some Collection<String>) throws(StoreError) -> Bool
    /// Sweeps whose statistics are not computed yet, oldest first.
    func unfinishedSweeps() throws(StoreError) -> [SweepRecord]
    /// Removes a finished sweep with its children and their results, leaving tombstones.
    func removeSweep(id: String, _ removal: Removal) throws(StoreError) -> SweepRemoved
}

extension Store {
    /// A dataset that has not been deleted, with its columns.
    public func dataset(id: String) throws(StoreError) -> Dataset? {
        try dataset(id: id, includingDeleted: false)
    }
}
