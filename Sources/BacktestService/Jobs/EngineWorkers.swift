// Engine worker threads: each takes a job from the queue, runs the steppable engine in chunks of
// bars, publishes progress, honours cancellation between chunks, and stores the result. HTTP
// threads never run a backtest; these threads never touch a connection.
import BacktestEngine
import Foundation
import Logging
import Synchronization

/// Runs queued jobs on dedicated threads.
final class EngineWorkers: Sendable {
    private let queue: JobQueue
    private let store: any Store
    private let logger: Logger
    private let count: Int
    private let barsPerChunk: Int
    /// Called on a worker thread after a job reaches a terminal status.
    private let onFinished: @Sendable (String) -> Void
    private let stopping = Atomic<Bool>(false)
    private let exited: DispatchGroup = DispatchGroup()

    init(
        count: Int, barsPerChunk: Int, queue: JobQueue, store: any Store, logger: Logger,
        onFinished: @escaping @Sendable (String) -> Void
    ) {
        self.count = max(1, count)
        self.barsPerChunk = max(1, barsPerChunk)
        self.queue = queue
        self.store = store
        self.logger = logger
        self.onFinished = onFinished
    }

    /// Starts the threads.
    func start() {
        for n in 0..<count {
            exited.enter()
            let thread = Thread { [self] in
                while let job = queue.dequeue() { run(job) }
                exited.leave()
            }
            thread.name = "engine-worker-\(n)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Stops taking jobs, interrupts running ones at their next chunk, and waits for the threads.
    /// Returns the ids of jobs that were still queued.
    func stop() -> [String] {
        stopping.store(true, ordering: .relaxed)
        let left = queue.close(waking: count)
        exited.wait()
        return left.map(\.id)
    }

    private func run(_ job: QueuedJob) {
        let action = store.updateBacktest(id: job.id) { record -> JobLifecycle.Action in
            let action = record.lifecycle.handle(.start)
            if action == .run { record.startedAt = Date().timeIntervalSince1970 }
            return action
        }
        guard action == .run else { return }
        let backtest: Backtest
        do {
            backtest = try Backtest(data: job.data, context: job.context, configuration: job.configuration)
        } catch {
            finish(
                job.id, .fail, error: JobError(code: error.code, message: "\(error.field.specPath): \(error.message)"))
            return
        }
        let total = max(1, backtest.barCount)
        while !backtest.isFinished {
            backtest.step(maxBars: barsPerChunk)
            let progress = Double(backtest.processedBars) / Double(total)
            let cancel = store.updateBacktest(id: job.id) { record -> Bool in
                record.progress = progress
                return record.lifecycle.cancelRequested
            }
            if cancel == true && !backtest.isFinished {
                finish(job.id, .stopped, error: nil)
                return
            }
            if stopping.load(ordering: .relaxed) && !backtest.isFinished {
                finish(
                    job.id, .fail,
                    error: JobError(
                        code: "server_shutdown",
                        message: "The server shut down while this backtest ran; submit it again."))
                return
            }
        }
        let result = backtest.finish()
        store.insertResult(id: job.id, result)
        finish(job.id, .succeed, error: nil) { record in
            record.summary = result.metrics
            record.bars = backtest.barCount
            record.openPositions = result.openPositions
            record.progress = 1
        }
        logger.info("backtest finished", metadata: ["id": "\(job.id)", "fills": "\(result.fills.count)"])
    }

    /// Applies the terminal event and, if it takes, `fields` in the same atomic update, so no reader
    /// sees a terminal status without its summary or finish time.
    private func finish(
        _ id: String, _ event: JobLifecycle.Event, error: JobError?,
        fields: (inout BacktestRecord) -> Void = { _ in }
    ) {
        let action = store.updateBacktest(id: id) { record -> JobLifecycle.Action in
            let action = record.lifecycle.handle(event)
            if case .finished = action {
                record.finishedAt = Date().timeIntervalSince1970
                record.error = error
                fields(&record)
            }
            return action
        }
        if case .finished = action { onFinished(id) }
    }
}
