// The job state machine, event by event, with no concurrency.
@testable import BacktestService
import Testing

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
