// The bounded FIFO between HTTP handlers (which enqueue and never wait) and engine worker threads
// (which block on it). A semaphore counts queued jobs; a mutex guards the deque.
import BacktestEngine
import DequeModule
import Dispatch
import Synchronization

/// Everything a worker needs to run one job, captured at submission so a later dataset deletion
/// cannot pull the data from under a queued job.
struct QueuedJob: Sendable {
    var id: String
    var data: MarketData
    var context: ContextSeries?
    var configuration: BacktestConfiguration
}

/// A bounded, blocking, multi-consumer FIFO of jobs.
final class JobQueue: Sendable {
    private struct State {
        var jobs = Deque<QueuedJob>()
        var closed = false
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    /// Most jobs waiting at once; `enqueue` refuses past it.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Jobs waiting for a worker.
    var count: Int { state.withLock { $0.jobs.count } }

    /// Adds a job; false when the queue is full or closed.
    func enqueue(_ job: QueuedJob) -> Bool {
        let accepted = state.withLock { s in
            guard !s.closed, s.jobs.count < capacity else { return false }
            s.jobs.append(job)
            return true
        }
        if accepted { available.signal() }
        return accepted
    }

    /// Takes the oldest job, blocking while there is none; nil once the queue is closed.
    func dequeue() -> QueuedJob? {
        while true {
            available.wait()
            let (closed, job) = state.withLock { s in s.closed ? (true, nil) : (false, s.jobs.popFirst()) }
            if closed { return nil }
            // A job removed by `remove(id:)` leaves its semaphore count behind: wait again.
            if let job { return job }
        }
    }

    /// Takes a job out of the queue (it was cancelled before a worker took it); its slot frees at once.
    @discardableResult
    func remove(id: String) -> Bool {
        state.withLock { s in
            guard let i = s.jobs.firstIndex(where: { $0.id == id }) else { return false }
            s.jobs.remove(at: i)
            return true
        }
    }

    /// Whether another job fits now (a hint: `enqueue` decides).
    var hasRoom: Bool { state.withLock { !$0.closed && $0.jobs.count < capacity } }

    /// Refuses new jobs and wakes `waiters` blocked consumers so they return nil. Returns the jobs
    /// that were still waiting.
    func close(waking waiters: Int) -> [QueuedJob] {
        let left = state.withLock { s in
            s.closed = true
            defer { s.jobs.removeAll() }
            return Array(s.jobs)
        }
        for _ in 0..<waiters { available.signal() }
        return left
    }
}
