// Sweeps in the scheduler: a sweep is submitted with its children (ordinary queued jobs that any
// worker runs), read with its children's tally, cancelled or deleted with them, long-polled, and
// finished by the last child to end: that child's worker computes the statistics from the
// children's results and answers the sweep's waiters. A restart finishes sweeps whose children all
// ended before it.
import BacktestEngine
import Dispatch

/// A sweep with its children's tally (live progress included): what the API renders.
struct SweepView: Sendable {
    let record: SweepRecord
    let tally: SweepTally

    /// See `SweepRecord.status`.
    var status: JobStatus { record.status(tally) }

    /// Fraction of the sweep done, 0…1 (each child weighs the same, the test runs a walk-forward
    /// sweep will still queue included).
    var progress: Double {
        let total = tally.total + record.pendingChildren
        return total == 0 ? 1 : min(1, tally.progress / Double(total))
    }
}

/// What a client's DELETE of a sweep did.
enum SweepDeletion: Sendable {
    /// The sweep had not finished: its queued children are cancelled, its running ones asked to
    /// stop; it stays, as this view shows.
    case cancelling(SweepView)
    /// The sweep had finished: it, its children and their results are gone.
    case removed(children: [String])
}

extension JobScheduler {
    /// Records a validated sweep and queues its children. A retry with the same `idempotencyKey`
    /// gets the sweep the first request made, provided it asked for the same spec.
    /// A walk-forward sweep's `children` are its train runs, window by window, and `walkForward`
    /// its windows.
    func submitSweep(
        spec: SweepSpec, children specs: [BacktestSpec], walkForward: WalkForwardState? = nil,
        idempotencyKey: String?
    ) throws(SchedulerError) -> (sweep: SweepView, replayed: Bool) {
        let id = Identifier.make(.sweep)
        let now = clock.now()
        let children = specs.map {
            BacktestRecord(id: Identifier.make(.backtest), spec: $0, createdAt: now, sweep: id)
        }
        var record = SweepRecord(
            id: id, spec: spec, children: children.map(\.id), createdAt: now, idempotencyKey: idempotencyKey)
        record.walkForward = walkForward
        let outcome: SweepEnqueued
        do { outcome = try store.enqueueSweep(record, children: children) } catch { throw .storage(error) }
        switch outcome {
        case .accepted(let sweep):
            signal.signal(children.count)
            var tally = SweepTally()
            tally.queued = children.count
            return (SweepView(record: sweep, tally: tally), false)
        case .replayed(let existing):
            guard existing.spec == spec else {
                throw .idempotencyKeyReused(key: idempotencyKey ?? "", id: existing.id)
            }
            let view: SweepView?
            do { view = try self.view(of: existing) } catch { throw .storage(error) }
            guard let view else { throw .notFound(id: existing.id) }
            return (view, true)
        }
    }

    /// The sweep submitted with `idempotencyKey`, if any.
    func sweep(idempotencyKey: String) throws(StoreError) -> SweepRecord? {
        try store.sweep(idempotencyKey: idempotencyKey)
    }

    /// A sweep with its tally; nil when there is none.
    func sweep(id: String) throws(StoreError) -> SweepView? {
        guard let record = try store.sweep(id: id) else { return nil }
        return try view(of: record)
    }

    /// A page of sweeps with their tallies.
    func sweeps(cursor: String?, limit: Int) throws(StoreError) -> Page<SweepView>? {
        guard let page = try store.sweeps(cursor: cursor, limit: limit) else { return nil }
        var views: [SweepView] = []
        for record in page.items {
            if let view = try view(of: record) { views.append(view) }
        }
        return Page(items: views, nextCursor: page.nextCursor)
    }

    /// The most recently submitted sweeps, newest first, with their tallies.
    func latestSweeps(limit: Int) throws(StoreError) -> [SweepView] {
        var views: [SweepView] = []
        for record in try store.latestSweeps(limit: limit) {
            if let view = try view(of: record) { views.append(view) }
        }
        return views
    }

    /// The children still stored as their results rows read them, running ones with their live
    /// progress.
    func sweepChildSummaries(id: String) throws(StoreError) -> [SweepChild] {
        let live = running.progressByJob()
        return try store.sweepChildSummaries(id: id).map { child in
            guard child.status == .running, let progress = live[child.id] else { return child }
            var child = child
            child.progress = progress
            return child
        }
    }

    /// The sweep's tally from the store, with the live progress of the children running here.
    private func view(of record: SweepRecord) throws(StoreError) -> SweepView? {
        guard var tally = try store.sweepTally(id: record.id) else { return nil }
        if tally.running > 0 {
            let children = Set(record.children)
            for (id, progress) in running.progressByJob() where children.contains(id) { tally.progress += progress }
        }
        return SweepView(record: record, tally: tally)
    }

    /// DELETE of a sweep: an unfinished one is cancelled (every child not yet ended is cancelled
    /// as `DELETE /v1/backtests/{id}` would), a finished one is removed with its children.
    func deleteSweep(id: String) throws(SchedulerError) -> SweepDeletion {
        let now = clock.now()
        let outcome: SweepRemoved
        do { outcome = try store.removeSweep(id: id, Removal(at: now, reason: .deleted)) } catch {
            throw .storage(error)
        }
        switch outcome {
        case .removed(let children): return .removed(children: children)
        case .gone(let removal): throw .removed(id: id, removal)
        case .missing: throw .notFound(id: id)
        case .notFinished(let record):
            do {
                _ = try store.updateSweep(id: id) { $0.cancelRequested = true }
                for child in try store.sweepChildren(id: id) where !child.status.isTerminal { try cancel(id: child.id) }
            } catch {
                throw .storage(error)
            }
            // Queued children end at once; if none was running, the sweep is finished now.
            finishIfEnded(id)
            let view: SweepView?
            do { view = try sweep(id: id) } catch { throw .storage(error) }
            guard let view else { throw .notFound(id: record.id) }
            return .cancelling(view)
        }
    }

    /// Calls `notify` when sweep `id` finishes, or after `seconds` with the sweep as it is then.
    func waitSweep(id: String, seconds: Double, notify: @escaping Waiters<SweepWaitOutcome>.Notify) {
        sweepWaiters.wait(
            id, seconds: seconds, unless: { ((try? store.sweep(id: id)) ?? nil).map { $0.finishedAt != nil } ?? true },
            outcome: { [self] in sweepOutcome(id) }, notify: notify)
    }

    private func sweepOutcome(_ id: String) -> SweepWaitOutcome {
        guard let view = (try? sweep(id: id)) ?? nil else { return .missing }
        return .sweep(view)
    }

    /// Finishes every sweep whose children have all ended, and decides every walk-forward window
    /// whose train runs have (after a restart).
    func finishEndedSweeps() {
        do {
            for sweep in try store.unfinishedSweeps() {
                // Windows whose train runs all ended before the restart get their test runs now.
                if sweep.walkForward != nil { _ = decideEndedWindows(of: sweep.id) }
                finishIfEnded(sweep.id)
            }
        } catch {
            logger.error("could not list unfinished sweeps", metadata: ["error": "\(error.message)"])
        }
    }

    /// Computes the statistics of sweep `id` and marks it finished, once every child has ended; the
    /// first caller to see that does it, on its own thread.
    func finishIfEnded(_ id: String) {
        // Asked each time a child ends: the store answers from an index (or a count), not a scan.
        guard (try? store.sweepHasUnfinishedChildren(id: id)) == false, var record = (try? store.sweep(id: id)) ?? nil,
            record.finishedAt == nil,
            finalizing.withLock({ $0.insert(id).inserted })
        else { return }
        defer { _ = finalizing.withLock { $0.remove(id) } }
        // A walk-forward sweep ends with its test runs: windows still undecided are decided now,
        // and the sweep is read again, since another worker may have queued a test run meanwhile
        // (a decided window stays decided, so nothing can be queued after this read).
        if record.walkForward != nil {
            guard decideEndedWindows(of: id) == 0, (try? store.sweepHasUnfinishedChildren(id: id)) == false,
                let fresh = (try? store.sweep(id: id)) ?? nil, fresh.walkForward?.allDecided == true
            else { return }
            record = fresh
        }
        let statistics: SweepStatistics?
        let windows: [SweepStatistics]
        do {
            statistics = record.walkForward == nil ? try computeStatistics(record) : nil
            windows = try windowStatistics(record)
        } catch {
            logger.error(
                "could not compute a sweep's statistics", metadata: ["id": "\(id)", "error": "\(error.message)"])
            return
        }
        let now = clock.now()
        do {
            _ = try store.updateSweep(id: id) { sweep in
                guard sweep.finishedAt == nil else { return }
                sweep.finishedAt = now
                sweep.statistics = statistics
                for (k, window) in windows.enumerated() { sweep.walkForward?.windows[k].statistics = window }
            }
        } catch {
            logger.error("could not record a sweep's end", metadata: ["id": "\(id)", "error": "\(error.message)"])
            return
        }
        logger.info("sweep finished", metadata: ["id": "\(id)", "combinations": "\(record.children.count)"])
        let notifies = sweepWaiters.takeAll(id)
        guard !notifies.isEmpty else { return }
        let outcome = sweepOutcome(id)
        for notify in notifies { notify(outcome) }
    }

    /// The statistics of a sweep whose children have all ended, from the succeeded children's
    /// results (read one at a time).
    private func computeStatistics(_ sweep: SweepRecord) throws(StoreError) -> SweepStatistics {
        let combination = Dictionary(uniqueKeysWithValues: sweep.children.enumerated().map { ($1, $0) })
        var trials: [SweepStatistics.Trial] = []
        for child in try store.sweepChildren(id: sweep.id) {
            guard let c = combination[child.id], let trial = try trial(child, combination: c) else { continue }
            trials.append(trial)
        }
        return SweepStatistics.compute(trials, objective: sweep.spec.objective)
    }

    /// A succeeded child as a trial of the overfitting statistics: its summary and its excess
    /// session returns (nil for a child that did not succeed).
    func trial(_ child: BacktestRecord, combination c: Int) throws(StoreError) -> SweepStatistics.Trial? {
        guard child.status == .succeeded, let summary = child.summary, let result = try store.result(id: child.id)
        else { return nil }
        let configuration = child.spec.configuration
        let sessions = SessionReturns(result, initialCash: configuration.initialCash, settings: configuration.analytics)
        let riskFree = configuration.analytics.sessionRiskFree
        let returns = riskFree == 0 ? sessions.values : sessions.values.map { $0 - riskFree }
        return SweepStatistics.Trial(combination: c, metrics: summary, returns: returns)
    }
}
