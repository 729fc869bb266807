// What the sweep comparison prints: the server's medians with a profile of its last run (how much
// of the workers' time the children spent between claim and computed result, and what was left per
// child for storing it and claiming the next), vectorbt's medians, and the final equities compared.
import Foundation

enum SweepReport {
    /// Prints the server's runs of one store; returns the median seconds, POST to finished.
    static func server(_ label: String, _ runs: [SweepTiming.Run], workers: Int, events: Double) -> Double {
        let seconds = runs.map(\.seconds).sorted()
        let median = seconds[seconds.count / 2]
        let submit = runs.map(\.submitSeconds).sorted()[runs.count / 2]
        print(
            "server, \(label) store, \(workers) workers, status \(runs.last!.status): "
                + String(
                    format:
                        "POST to finished median %.2f s (min %.2f, max %.2f) = %.1f M bar-events/s; POST to 202 median %.3f s; server peak RSS %.2f GiB",
                    median, seconds.first!, seconds.last!, events / median / 1e6, submit,
                    Double(runs.last!.peakRSS) / Double(1 << 30)))
        let last = runs.last!
        let busy = last.childSeconds.reduce(0, +)
        let span = last.lastFinish - last.firstStart
        let n = Double(max(1, last.childSeconds.count))
        print(
            String(
                format:
                    "  last run, by the server's clock: created to finished %.2f s; to the first child's start %.3f s; children %.0f, each from its start (claimed) to its result computed (load, engine, metrics) mean %.2f ms, sum %.2f s = %.0f %% of %d workers x %.2f s (first start to last finish); the rest, per child per worker (storing the result, claiming the next): %.2f ms; last child to sweep finished (its statistics) %.3f s",
                last.serverSeconds, last.firstStart - last.created, n, busy / n * 1e3, busy,
                100 * busy / (Double(workers) * span), workers, span, (Double(workers) * span - busy) / n * 1e3,
                last.finished - last.lastFinish))
        return median
    }

    /// Prints vectorbt's medians.
    static func vectorbt(_ peer: SweepPeer, events: Double) {
        print(
            String(
                format:
                    "vectorbt from_signals, one group per combination as columns (%d combinations per call, numba warm): median %.2f s = %.1f M bar-events/s, of which its numba simulation %.2f s; building its inputs %.2f s, final_value %.2f s",
                peer.chunk, peer.simulateSeconds, events / peer.simulateSeconds / 1e6, peer.kernelSeconds,
                peer.prepareSeconds, peer.finalValueSeconds))
    }

    /// Compares every combination's final equity (and parameters) between the server and vectorbt.
    static func compare(_ label: String, _ run: SweepTiming.Run, _ peer: SweepPeer, combinations: Int) {
        var agree = 0
        var worst = 0.0
        var mismatches: [String] = []
        for c in 0..<combinations {
            let ours = run.finalEquity.indices.contains(c) ? run.finalEquity[c] : nil
            let theirs = peer.finalEquity.indices.contains(c) ? peer.finalEquity[c] : .nan
            let sameParameters =
                run.parameters.indices.contains(c) && peer.parameters.indices.contains(c)
                && run.parameters[c] == peer.parameters[c]
            if let ours, sameParameters, abs(ours - theirs) < 0.005 {
                agree += 1
                worst = max(worst, abs(ours - theirs))
            } else {
                mismatches.append(
                    "combination \(c) \(run.parameters.indices.contains(c) ? run.parameters[c] : []): server \(ours.map { String($0) } ?? "none"), vectorbt \(theirs) \(peer.parameters.indices.contains(c) ? peer.parameters[c] : [])"
                )
            }
        }
        print(
            "final equity, server (\(label)) vs vectorbt: "
                + String(
                    format: "%d of %d combinations agree to the cent (largest difference among them %.3g)", agree,
                    combinations, worst))
        for line in mismatches.prefix(20) { print("  MISMATCH \(line)") }
        if mismatches.count > 20 { print("  … and \(mismatches.count - 20) more") }
    }
}
