// The job state machine, event by event, with no concurrency.
import BacktestEngine
import Testing

@testable import BacktestService

@Suite("Job lifecycle")
struct JobLifecycleTests {
    @Test func runsToSuccess() {
        var job = JobLifecycle()
        #expect(job.status == .queued)
        #expect(job.handle(.start) == .run)
        #expect(job.status == .running)
        #expect(job.handle(.succeed) == .finished(.succeeded))
        #expect(job.status == .succeeded && job.status.isTerminal)
    }

    @Test func cancelWhileQueuedEndsAtOnceAndTheWorkerSkipsIt() {
        var job = JobLifecycle()
        #expect(job.handle(.cancel) == .finished(.cancelled))
        #expect(job.handle(.start) == .skip)
        #expect(job.status == .cancelled)
    }

    @Test func cancelWhileRunningAsksTheWorkerToStop() {
        var job = JobLifecycle()
        _ = job.handle(.start)
        #expect(job.handle(.cancel) == .stopRequested)
        #expect(job.cancelRequested)
        #expect(job.status == .running)
        #expect(job.handle(.cancel) == .ignored, "a second cancel changes nothing")
        #expect(job.handle(.stopped) == .finished(.cancelled))
    }

    @Test func terminalStatesIgnoreEverything() {
        for end in [JobLifecycle.Event.succeed, .fail] {
            var job = JobLifecycle()
            _ = job.handle(.start)
            _ = job.handle(end)
            let before = job
            for event in [JobLifecycle.Event.start, .cancel, .succeed, .fail, .stopped] {
                #expect(job.handle(event) == .ignored)
            }
            #expect(job == before)
        }
    }

    @Test func aQueuedJobCannotFinishWithoutStarting() {
        var job = JobLifecycle()
        #expect(job.handle(.succeed) == .ignored)
        #expect(job.handle(.fail) == .ignored)
        #expect(job.status == .queued)
    }
}

@Suite("Job queue")
struct JobQueueTests {
    static func job(_ id: String) -> QueuedJob {
        let data = MarketData(
            assets: [], timestamps: [], rowStart: [0], asset: [], open: [], high: [], low: [],
            close: [], volume: [], signalNames: [], signals: [])
        return QueuedJob(
            id: id, data: data, context: nil,
            configuration: BacktestConfiguration(
                initialCash: 1, strategy: .threshold(ThresholdParameters(signal: "s", entryAbove: 1, exitBelow: 0))))
    }

    @Test func boundedFIFOWhoseCancelledJobsFreeTheirSlots() {
        let queue = JobQueue(capacity: 2)
        #expect(queue.enqueue(Self.job("a")))
        #expect(queue.enqueue(Self.job("b")))
        #expect(!queue.enqueue(Self.job("c")), "full")
        #expect(queue.remove(id: "a"))
        #expect(!queue.remove(id: "a"))
        #expect(queue.enqueue(Self.job("c")), "the cancelled job's slot is free again")
        // The removed job's wake-up is skipped: consumers get the live jobs in order.
        #expect(queue.dequeue()?.id == "b")
        #expect(queue.dequeue()?.id == "c")
        #expect(queue.close(waking: 1).isEmpty)
        #expect(queue.dequeue() == nil, "closed")
        #expect(!queue.enqueue(Self.job("d")))
    }
}
