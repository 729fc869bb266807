// Engine worker threads: each claims the oldest queued job from the store, loads its datasets,
// runs the steppable engine in chunks of bars, publishes progress, honours cancellation between
// chunks, and stores the result. HTTP threads never run a backtest; these threads never touch a
// connection.
import BacktestEngine
import Foundation
import Logging
import Synchronization

/// Runs queued jobs on dedicated threads.
final class EngineWorkers: Sendable {
    /// Where the workers are in their life.
    private enum Phase: Int {
        /// Claiming and running jobs.
        case working
        /// Claiming nothing new; running jobs go on.
        case draining
        /// Running jobs stop at their next chunk and are queued again.
        case interrupting
    }

    private let store: any Store
    private let clock: WallClock
    private let signal: WorkSignal
    private let running: RunningJobs
    private let logger: Logger
    private let count: Int
    private let barsPerChunk: Int
    /// What a worker calls after a job reaches a terminal status: the job's id and its sweep.
    typealias Finished = @Sendable (_ id: String, _ sweep: String?) -> Void
    private let phase = Atomic<Int>(Phase.working.rawValue)
    private let exited = DispatchGroup()

    init(
        count: Int, barsPerChunk: Int, store: any Store, clock: WallClock, signal: WorkSignal,
        running: RunningJobs, logger: Logger
    ) {
        self.count = max(1, count)
        self.barsPerChunk = max(1, barsPerChunk)
        self.store = store
        self.clock = clock
        self.signal = signal
        self.running = running
        self.logger = logger
    }

    private var current: Phase { Phase(rawValue: phase.load(ordering: .relaxed))! }

    /// Starts the threads; each calls `onFinished` after a job reaches a terminal status.
    func start(onFinished: @escaping Finished) {
        for n in 0..<count {
            exited.enter()
            let thread = Thread { [self] in
                while current == .working { claimAndRun(onFinished) }
                exited.leave()
            }
            thread.name = "engine-worker-\(n)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Stops claiming jobs, gives running ones `grace` seconds to finish, then interrupts the rest
    /// at their next chunk (they are queued again) and waits for the threads.
    func stop(grace: Double) {
        phase.store(Phase.draining.rawValue, ordering: .relaxed)
        signal.signal(count)
        if exited.wait(timeout: .now() + max(0, grace)) == .timedOut {
            phase.store(Phase.interrupting.rawValue, ordering: .relaxed)
            exited.wait()
        }
    }

    private func claimAndRun(_ onFinished: Finished) {
        let job: BacktestRecord?
        do {
            job = try store.claimBacktest(now: clock.now())
        } catch {
            logger.error("could not claim a job", metadata: ["error": "\(error.message)"])
            signal.wait(seconds: 1)
            return
        }
        // Idle workers look again when signalled, and every second for jobs another process queued.
        guard let job else { return signal.wait(seconds: 1) }
        running.begin(job.id)
        defer { running.end(job.id) }
        run(job, onFinished)
    }

    private func run(_ job: BacktestRecord, _ onFinished: Finished) {
        let backtest: Backtest
        do {
            backtest = try prepare(job)
        } catch {
            return finish(job, onFinished, .fail, error: error)
        }
        let total = max(1, backtest.barCount)
        var progress = 0.0
        while !backtest.isFinished {
            backtest.step(maxBars: barsPerChunk)
            progress = Double(backtest.processedBars) / Double(total)
            // A cancel is honoured even after the last chunk: the client was told it would be.
            if running.report(job.id, progress: progress) {
                return finish(job, onFinished, .stopped, error: nil) { $0.progress = progress }
            }
            if backtest.isFinished { break }
            if current == .interrupting {
                logger.info("backtest interrupted; queued again", metadata: ["id": "\(job.id)"])
                return finish(job, onFinished, .interrupt, error: nil)
            }
        }
        let result = backtest.finish()
        if let failure = AccountingCheck.failure(of: result) { return finish(job, onFinished, .fail, error: failure) }
        let now = clock.now()
        do {
            try store.completeBacktest(id: job.id, result: result) { record in
                let action = record.lifecycle.handle(.succeed)
                guard case .finished(let status) = action else { return }
                record.finishedAt = now
                // Cancelled between the last chunk and now: it ends cancelled, without its summary.
                guard status == .succeeded else { return }
                record.summary = result.metrics
                record.bars = backtest.barCount
                record.openPositions = result.openPositions
                record.progress = 1
            }
        } catch {
            logger.error("could not store a result", metadata: ["id": "\(job.id)", "error": "\(error.message)"])
            return finish(job, onFinished, .fail, error: JobError(code: error.code.rawValue, message: error.message))
        }
        onFinished(job.id, job.sweep)
        logger.info("backtest finished", metadata: ["id": "\(job.id)", "fills": "\(result.fills.count)"])
    }

    /// The engine run of a job, its datasets loaded; a `JobError` when it cannot run.
    private func prepare(_ job: BacktestRecord) throws(JobError) -> Backtest {
        let spec = job.spec
        guard let whole = try load(spec.dataset, at: "dataset").bars else {
            throw JobError(code: "dataset_missing", message: "dataset: \(spec.dataset) holds no bars")
        }
        var data = whole
        if let window = spec.window {
            let bars = window.range(bars: whole.timestamps.count)
            guard !bars.isEmpty else {
                throw JobError(
                    code: "invalid_window",
                    message: "window: the dataset has \(whole.timestamps.count) bars, none in it")
            }
            data = whole.window(bars: bars)
        }
        var context: ContextSeries?
        if let id = spec.context {
            guard let series = try load(id, at: "context").context else {
                throw JobError(code: "dataset_missing", message: "context: \(id) holds no context series")
            }
            context = series
        }
        var signals: [SignalSeries] = []
        for (i, id) in spec.signals.enumerated() {
            guard let series = try load(id, at: "signals[\(i)]").signals else {
                throw JobError(code: "dataset_missing", message: "signals[\(i)]: \(id) holds no signals")
            }
            signals.append(series)
        }
        do {
            return try Backtest(data: data, context: context, signals: signals, configuration: spec.configuration)
        } catch {
            throw JobError(code: error.code, message: "\(error.field.specPath): \(error.message)")
        }
    }

    /// A dataset a job names, deleted or not (it was there when the job was accepted).
    private func load(_ id: String, at path: String) throws(JobError) -> Dataset {
        let dataset: Dataset?
        do {
            dataset = try store.dataset(id: id, includingDeleted: true)
        } catch {
            throw JobError(code: error.code.rawValue, message: error.message)
        }
        guard let dataset else {
            throw JobError(code: "dataset_missing", message: "\(path): \(id) is no longer stored")
        }
        return dataset
    }

    /// Applies a terminal (or requeueing) event and, if it takes, `fields` in the same atomic
    /// update, so no reader sees a terminal status without its finish time.
    private func finish(
        _ job: BacktestRecord, _ onFinished: Finished, _ event: JobLifecycle.Event, error: JobError?,
        fields: (inout BacktestRecord) -> Void = { _ in }
    ) {
        let id = job.id
        let now = clock.now()
        let action: JobLifecycle.Action?
        do {
            action = try store.updateBacktest(id: id) { record -> JobLifecycle.Action in
                let action = record.lifecycle.handle(event)
                switch action {
                case .finished:
                    record.finishedAt = now
                    record.error = error
                    fields(&record)
                case .requeued:
                    record.startedAt = nil
                    record.progress = 0
                default: break
                }
                return action
            }
        } catch {
            logger.error("could not record a job's end", metadata: ["id": "\(id)", "error": "\(error.message)"])
            return
        }
        if case .finished = action { onFinished(id, job.sweep) }
    }
}
