// Accepts backtest jobs into the store (which is the queue), wakes the engine workers, cancels
// jobs, and tells waiters when jobs end. The API talks to this; it never blocks the calling
// thread, and it answers with records and domain errors, never with HTTP.
import BacktestEngine
import Dispatch
import Logging
import Synchronization

/// Submission, cancellation and completion of backtest jobs.
final class JobScheduler: Sendable {
    let store: any Store
    let clock: WallClock
    private let capacity: Int
    let signal = WorkSignal()
    let running = RunningJobs()
    private let workers: EngineWorkers
    private let waiters = Waiters<WaitOutcome>()
    /// Long-polls of sweeps.
    let sweepWaiters = Waiters<SweepWaitOutcome>()
    /// Sweeps whose statistics are being computed now (so two last children do not both compute).
    let finalizing = Mutex(Set<String>())
    /// Held while a walk-forward window is decided (see JobScheduler+WalkForward.swift).
    let walkForwardLock = Mutex(())
    /// Whether each sweep seen is a walk-forward one.
    let walkForwardSweeps = Mutex([String: Bool]())
    let logger: Logger
    /// Most combinations one sweep may have.
    let maxSweepCombinations: Int
    /// Applies the retention policy, periodically and after each finished job.
    let maintenance: Maintenance

    init(store: any Store, configuration: ServiceConfiguration, clock: WallClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.capacity = configuration.queueCapacity
        self.logger = logger
        self.maxSweepCombinations = configuration.maxSweepCombinations
        let maintenance = Maintenance(
            store: store, policy: configuration.retention, interval: configuration.maintenanceIntervalSeconds,
            clock: clock, logger: logger)
        self.maintenance = maintenance
        self.workers = EngineWorkers(
            count: configuration.workers, barsPerChunk: configuration.barsPerChunk, store: store, clock: clock,
            signal: signal, running: running, logger: logger)
    }

    /// Starts the engine workers; they begin with whatever the store holds queued. Sweeps whose
    /// children all ended before a restart get their statistics now.
    func start() {
        workers.start { [self] id, sweep in
            ended(id, sweep: sweep)
            maintenance.sweep()
        }
        maintenance.start()
        DispatchQueue.global().async { [self] in finishEndedSweeps() }
    }

    /// A job has just reached a terminal status: its waiters are answered, and its sweep finishes
    /// if it was the last to end.
    private func ended(_ id: String, sweep: String?) {
        Self.answerWaiters(of: id, waiters: waiters, store: store)
        guard let sweep else { return }
        trainRunEnded(id, sweep: sweep)
        finishIfEnded(sweep)
    }

    /// Stops the workers (running jobs get `grace` seconds to finish, then run again from the start
    /// on the next server; queued jobs stay queued) and answers every waiter.
    func shutdown(grace: Double) {
        maintenance.stop()
        workers.stop(grace: grace)
        for notify in waiters.takeEverything() { notify(.shuttingDown) }
        for notify in sweepWaiters.takeEverything() { notify(.shuttingDown) }
    }

    /// Jobs waiting for a worker.
    func queued() throws(StoreError) -> Int { try store.countBacktests(status: .queued) }

    /// Records a validated job as queued. A retry with the same `idempotencyKey` gets the job the
    /// first request made (`replayed`), provided it asked for the same spec.
    func submit(
        spec: BacktestSpec, idempotencyKey: String?
    ) throws(SchedulerError) -> (
        record: BacktestRecord, replayed: Bool
    ) {
        let record = BacktestRecord(
            id: Identifier.make(.backtest), spec: spec, createdAt: clock.now(), idempotencyKey: idempotencyKey)
        let outcome: Enqueued
        do {
            outcome = try store.enqueueBacktest(record, capacity: capacity)
        } catch {
            throw .storage(error)
        }
        switch outcome {
        case .accepted(let record):
            signal.signal()
            return (record, false)
        case .replayed(let existing):
            guard existing.spec == spec else {
                throw .idempotencyKeyReused(key: idempotencyKey ?? "", id: existing.id)
            }
            return (withProgress(existing), true)
        case .full:
            throw .queueFull(capacity: capacity)
        }
    }

    /// The job submitted with `idempotencyKey`, if any (checked before validating a retry).
    func backtest(idempotencyKey: String) throws(StoreError) -> BacktestRecord? {
        try store.backtest(idempotencyKey: idempotencyKey).map(withProgress)
    }

    /// What `DELETE` of a job does, by its state: a queued job is cancelled, a running one is
    /// asked to stop (both stay, `cancelled` once they end), a finished one (succeeded, failed or
    /// cancelled) is removed with its result, leaving a tombstone.
    func delete(id: String) throws(SchedulerError) -> Deletion {
        let action: JobLifecycle.Action?
        do { action = try cancel(id: id) } catch { throw .storage(error) }
        guard let action, action != .ignored else { return try remove(id: id, at: clock.now()) }
        let record: BacktestRecord?
        do { record = try backtest(id: id) } catch { throw .storage(error) }
        guard let record else { throw .notFound(id: id) }
        return .cancelling(record)
    }

    /// Cancels a job that has not ended (a queued one ends at once, a running one is asked to
    /// stop); one that has ended is left as it is. Returns what the lifecycle did, nil when there
    /// is no such job.
    @discardableResult
    func cancel(id: String) throws(StoreError) -> JobLifecycle.Action? {
        let now = clock.now()
        var sweep: String?
        let action = try store.updateBacktest(id: id) { record -> JobLifecycle.Action in
            let action = record.lifecycle.handle(.cancel)
            if case .finished = action { record.finishedAt = now }
            sweep = record.sweep
            return action
        }
        switch action {
        case .finished?: ended(id, sweep: sweep)
        case .stopRequested?: running.requestCancel(id)
        default: break
        }
        return action
    }

    /// Removes a finished job (or says why it cannot: gone already, or not there at all).
    private func remove(id: String, at now: Double) throws(SchedulerError) -> Deletion {
        let outcome: Removed
        do { outcome = try store.removeBacktest(id: id, Removal(at: now, reason: .deleted)) } catch {
            throw .storage(error)
        }
        switch outcome {
        case .removed: return .removed
        case .notFinished(let record): return .cancelling(withProgress(record))
        case .gone(let removal): throw .removed(id: id, removal)
        case .missing: throw .notFound(id: id)
        }
    }

    /// The tombstone of a job that was deleted or evicted, if `id` names one.
    func removal(id: String) throws(StoreError) -> Removal? { try store.removal(id: id) }

    /// A job with its live progress.
    func backtest(id: String) throws(StoreError) -> BacktestRecord? {
        try store.backtest(id: id).map(withProgress)
    }

    /// A page of jobs with their live progress.
    func backtests(status: JobStatus?, cursor: String?, limit: Int) throws(StoreError) -> Page<BacktestRecord>? {
        guard var page = try store.backtests(status: status, cursor: cursor, limit: limit) else { return nil }
        page.items = page.items.map(withProgress)
        return page
    }

    /// The most recently submitted jobs outside sweeps, newest first, with their live progress.
    func latestBacktests(limit: Int) throws(StoreError) -> [BacktestRecord] {
        try store.latestBacktests(limit: limit).map(withProgress)
    }

    private func withProgress(_ record: BacktestRecord) -> BacktestRecord {
        guard record.status == .running, let progress = running.progress(of: record.id) else { return record }
        var record = record
        record.progress = progress
        return record
    }

    /// Calls `notify` when job `id` ends, or after `seconds` with the job as it is then.
    func wait(id: String, seconds: Double, notify: @escaping Waiters<WaitOutcome>.Notify) {
        let store = self.store
        waiters.wait(
            id, seconds: seconds, unless: { ((try? store.backtest(id: id)) ?? nil)?.status.isTerminal ?? true },
            outcome: { [self] in
                let outcome = Self.outcome(of: id, store: store)
                guard case .record(let record) = outcome else { return outcome }
                return .record(withProgress(record))
            }, notify: notify)
    }

    private static func outcome(of id: String, store: any Store) -> WaitOutcome {
        guard let record = (try? store.backtest(id: id)) ?? nil else { return .missing }
        return .record(record)
    }

    /// Answers everyone waiting on a job that has just ended.
    private static func answerWaiters(of id: String, waiters: Waiters<WaitOutcome>, store: any Store) {
        let notifies = waiters.takeAll(id)
        guard !notifies.isEmpty else { return }
        let outcome = outcome(of: id, store: store)
        for notify in notifies { notify(outcome) }
    }
}
