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

    @Test func aCancelAnsweredBeforeTheRunEndedHolds() {
        var job = JobLifecycle()
        _ = job.handle(.start)
        #expect(job.handle(.cancel) == .stopRequested)
        // The worker finished the last bars before it saw the request: the job still ends cancelled.
        #expect(job.handle(.succeed) == .finished(.cancelled))
        #expect(job.status == .cancelled)
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

    @Test func anInterruptedRunIsQueuedAgainUnlessItsCancelWasAsked() {
        var job = JobLifecycle()
        _ = job.handle(.start)
        #expect(job.handle(.interrupt) == .requeued)
        #expect(job.status == .queued)
        #expect(job.handle(.start) == .run, "it runs again from the start")
        #expect(job.handle(.cancel) == .stopRequested)
        #expect(job.handle(.interrupt) == .finished(.cancelled), "the cancel the client was told of holds")
        var queued = JobLifecycle()
        #expect(queued.handle(.interrupt) == .ignored)
    }

    @Test func aStoredLifecycleIsRestored() {
        #expect(JobLifecycle(status: .running, cancelRequested: true).cancelRequested)
        #expect(!JobLifecycle(status: .succeeded, cancelRequested: true).cancelRequested)
        #expect(JobLifecycle(status: .failed, cancelRequested: false).status == .failed)
    }

    @Test func aQueuedJobCannotFinishWithoutStarting() {
        var job = JobLifecycle()
        #expect(job.handle(.succeed) == .ignored)
        #expect(job.handle(.fail) == .ignored)
        #expect(job.status == .queued)
    }
}
