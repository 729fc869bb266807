// Walk-forward in the scheduler: when the last train run of a window ends, the window is decided:
// its train runs are ranked by the walk-forward objective (ties: the lowest combination) and the
// best is queued again on the window's test part, as one more child of the sweep. The decision and
// the new child are stored in one step, so a restart neither loses nor repeats a test run, and a
// cancelled sweep queues none. Decisions are made one at a time (`walkForwardLock`): two workers
// ending a window's last two runs at once decide it once.
import BacktestEngine

extension JobScheduler {
    /// Decides the window whose train run `child` ended, if that was the window's last.
    func trainRunEnded(_ child: String, sweep id: String) {
        guard isWalkForward(id) else { return }
        walkForwardLock.withLock { _ in
            guard let record = (try? store.sweep(id: id)) ?? nil, let position = record.trainPosition(of: child) else {
                return
            }
            decide(window: position.window, of: record)
        }
    }

    /// Whether sweep `id` is a walk-forward one: read once per sweep, so the end of a plain sweep's
    /// child costs no read of its sweep.
    private func isWalkForward(_ id: String) -> Bool {
        if let known = walkForwardSweeps.withLock({ $0[id] }) { return known }
        guard let record = (try? store.sweep(id: id)) ?? nil else { return false }
        let walkForward = record.walkForward != nil
        walkForwardSweeps.withLock { $0[id] = walkForward }
        return walkForward
    }

    /// Decides every window of sweep `id` not decided yet whose train runs have all ended; returns
    /// how many test runs it queued.
    func decideEndedWindows(of id: String) -> Int {
        walkForwardLock.withLock { _ in
            guard let record = (try? store.sweep(id: id)) ?? nil, let windows = record.walkForward?.windows else {
                return 0
            }
            return windows.indices.count { decide(window: $0, of: record) }
        }
    }

    /// Decides window `k` of `record` if its train runs have all ended and it is not decided yet;
    /// returns whether a test run was queued. Called with `walkForwardLock` held.
    @discardableResult
    private func decide(window k: Int, of record: SweepRecord) -> Bool {
        guard let state = record.walkForward, !state.windows[k].decided, let walkForward = record.spec.walkForward
        else { return false }
        let ids = record.trainChildren(window: k)
        do {
            guard try !store.anyUnfinished(ids) else { return false }
            var best: (combination: Int, value: Double, spec: BacktestSpec)?
            for (c, id) in ids.enumerated() {
                guard let child = try store.backtest(id: id), child.status == .succeeded, let summary = child.summary
                else { continue }
                let value = walkForward.objective.value(in: summary)
                if !value.isNaN && (best == nil || walkForward.objective.better(value, than: best!.value)) {
                    best = (c, value, child.spec)
                }
            }
            guard let best, !record.cancelRequested else {
                let note =
                    record.cancelRequested
                    ? "the sweep was cancelled"
                    : "no train run succeeded with a defined \(walkForward.objective.metric)"
                _ = try store.updateSweep(id: record.id) { sweep in
                    guard sweep.walkForward?.windows[k].decided == false else { return }
                    sweep.walkForward?.windows[k].decided = true
                    sweep.walkForward?.windows[k].note = note
                }
                return false
            }
            var spec = best.spec
            let test = state.windows[k].bars.test
            spec.window = BarWindow(startBar: test.lowerBound, endBar: test.upperBound)
            let child = BacktestRecord(
                id: Identifier.make(.backtest), spec: spec, createdAt: clock.now(), sweep: record.id)
            let queued = try store.addSweepChild(id: record.id, child) { sweep in
                guard !sweep.cancelRequested, sweep.walkForward?.windows[k].decided == false else { return false }
                sweep.walkForward?.windows[k].decided = true
                sweep.walkForward?.windows[k].chosen = best.combination
                sweep.walkForward?.windows[k].chosenValue = best.value
                sweep.walkForward?.windows[k].test = child.id
                return true
            }
            if queued {
                signal.signal(1)
                logger.info(
                    "walk-forward window decided",
                    metadata: ["sweep": "\(record.id)", "window": "\(k)", "combination": "\(best.combination)"])
            }
            return queued
        } catch {
            logger.error(
                "could not decide a walk-forward window",
                metadata: ["sweep": "\(record.id)", "window": "\(k)", "error": "\(error.message)"])
            return false
        }
    }

    /// The overfitting statistics of each window over its train runs (the sweep's own statistics
    /// would mix runs over different bars).
    func windowStatistics(_ sweep: SweepRecord) throws(StoreError) -> [SweepStatistics] {
        guard let state = sweep.walkForward, let walkForward = sweep.spec.walkForward else { return [] }
        var statistics: [SweepStatistics] = []
        for k in state.windows.indices {
            var trials: [SweepStatistics.Trial] = []
            for (c, id) in sweep.trainChildren(window: k).enumerated() {
                guard let child = try store.backtest(id: id), let trial = try trial(child, combination: c) else {
                    continue
                }
                trials.append(trial)
            }
            statistics.append(SweepStatistics.compute(trials, objective: walkForward.objective))
        }
        return statistics
    }
}
