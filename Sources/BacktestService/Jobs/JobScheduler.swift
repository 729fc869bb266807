// Accepts backtest jobs, queues them for the engine workers, cancels them, and answers long-polls
// when they end. The HTTP handlers talk to this; it never blocks the calling thread.
import BacktestEngine
import Dispatch
import Foundation
import Logging
import MicroHTTP

/// Submission, cancellation and completion of backtest jobs.
final class JobScheduler: Sendable {
    let store: any Store
    private let queue: JobQueue
    private let workers: EngineWorkers
    private let waiters = Waiters()
    /// Renders a job for the waiters it wakes (the API's job JSON), in the precision they asked for.
    private let render: @Sendable (BacktestRecord, Precision) -> Response

    init(
        store: any Store, configuration: ServiceConfiguration, logger: Logger,
        render: @escaping @Sendable (BacktestRecord, Precision) -> Response
    ) {
        self.store = store
        self.render = render
        let queue = JobQueue(capacity: configuration.queueCapacity)
        self.queue = queue
        let waiters = self.waiters
        self.workers = EngineWorkers(
            count: configuration.workers, barsPerChunk: configuration.barsPerChunk, queue: queue, store: store,
            logger: logger,
            onFinished: { id in Self.answerWaiters(of: id, waiters: waiters, store: store, render: render) })
    }

    /// Starts the engine workers.
    func start() { workers.start() }

    /// Stops the workers, fails what was still queued, and answers every waiter.
    func shutdown() {
        let left = workers.stop()
        for id in left {
            store.updateBacktest(id: id) { record in
                _ = record.lifecycle.handle(.cancel)
                record.error = JobError(
                    code: "server_shutdown",
                    message: "The server shut down before this backtest started; submit it again.")
                record.finishedAt = Date().timeIntervalSince1970
            }
        }
        for pending in waiters.takeEverything() {
            pending.complete(
                Problem(
                    .serviceUnavailable, code: "shutting_down", title: "Shutting down",
                    detail: "The server is shutting down; retry against the next instance."
                ).response)
        }
    }

    /// Jobs waiting for a worker.
    var queued: Int { queue.count }

    /// Records and queues a validated job. Fails with 503 when the queue is full.
    func submit(spec: BacktestSpec, data: MarketData, context: ContextSeries?) -> Result<BacktestRecord, Problem> {
        // Refuse before recording anything when the queue is visibly full; the enqueue below still
        // decides, for the rare race with another submission.
        guard queue.hasRoom else { return .failure(queueFull) }
        let sequence = store.nextSequence()
        let record = BacktestRecord(
            id: Identifier.make(.backtest), sequence: sequence, spec: spec,
            createdAt: Date().timeIntervalSince1970)
        store.insertBacktest(record)
        let job = QueuedJob(id: record.id, data: data, context: context, configuration: spec.configuration)
        guard queue.enqueue(job) else {
            store.updateBacktest(id: record.id) { r in
                _ = r.lifecycle.handle(.cancel)
                r.error = JobError(code: "queue_full", message: "The job queue was full; the job was not run.")
                r.finishedAt = Date().timeIntervalSince1970
            }
            return .failure(queueFull)
        }
        return .success(record)
    }

    private var queueFull: Problem {
        Problem(
            .serviceUnavailable, code: "queue_full", title: "Queue full",
            detail: "All \(queue.capacity) queue slots are taken; retry after a few seconds.",
            headers: [("Retry-After", "5")])
    }

    /// Cancels a queued or running job. The record after the request, or a problem.
    func cancel(id: String) -> Result<BacktestRecord, Problem> {
        let action = store.updateBacktest(id: id) { record -> JobLifecycle.Action in
            let action = record.lifecycle.handle(.cancel)
            if case .finished = action { record.finishedAt = Date().timeIntervalSince1970 }
            return action
        }
        guard let action else { return .failure(.notFound("backtest", id: id)) }
        switch action {
        case .finished:
            queue.remove(id: id)
            Self.answerWaiters(of: id, waiters: waiters, store: store, render: render)
        case .ignored:
            if let record = store.backtest(id: id), record.status.isTerminal, record.status != .cancelled {
                return .failure(
                    Problem(
                        .conflict, code: "already_finished", title: "Already finished",
                        detail: "Backtest \(id) already \(record.status.rawValue); there is nothing to cancel."))
            }
        default: break
        }
        guard let record = store.backtest(id: id) else { return .failure(.notFound("backtest", id: id)) }
        return .success(record)
    }

    /// Answers `pending` when job `id` ends, or after `seconds` with its state then, in `precision`.
    func wait(id: String, seconds: Double, precision: Precision, pending: PendingResponse) {
        let store = self.store
        let render = self.render
        let token = waiters.register(id, pending, precision: precision) {
            store.backtest(id: id)?.status.isTerminal ?? true
        }
        guard let token else {
            if let record = store.backtest(id: id) {
                pending.complete(render(record, precision))
            } else {
                pending.complete(Problem.notFound("backtest", id: id).response)
            }
            return
        }
        let waiters = self.waiters
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            guard let pending = waiters.remove(id, token: token), let record = store.backtest(id: id) else { return }
            pending.complete(render(record, precision))
        }
    }

    /// Answers everyone waiting on a job that has just ended, rendering it once per precision asked.
    private static func answerWaiters(
        of id: String, waiters: Waiters, store: any Store,
        render: @Sendable (BacktestRecord, Precision) -> Response
    ) {
        let pending = waiters.takeAll(id)
        guard !pending.isEmpty, let record = store.backtest(id: id) else { return }
        for precision in Precision.allCases {
            let asked = pending.filter { $0.precision == precision }
            guard !asked.isEmpty else { continue }
            let response = render(record, precision)
            for p in asked { p.pending.complete(response) }
        }
    }
}
