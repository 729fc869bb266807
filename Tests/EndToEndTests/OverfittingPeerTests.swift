// The overfitting statistics (`Overfitting`: deflated Sharpe ratio, probability of backtest
// overfitting by CSCV) against an independent computation in numpy and scipy
// (Peers/overfitting_reference.py), which recomputes every split's Sharpe ratios from the rows and
// ranks with scipy's `rankdata`: on seeded trials of pure noise (the best is luck: PBO near one
// half, a low deflated Sharpe) and with one skilled trial among them (PBO near zero).
import BacktestFixtures
import Foundation
import TestSupport
import Testing

@testable import BacktestEngine

@Suite("Overfitting statistics against numpy and scipy")
struct OverfittingPeerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var trials: Int
        var length: Int
        var blocks: Int
        /// Mean per-period return of trial 0 (the others have none).
        var skill: Double
        var seed: UInt64
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "noise, 12 trials, 16 blocks", trials: 12, length: 1_000, blocks: 16, skill: 0, seed: 1),
        Case(name: "one skilled of 24, 10 blocks", trials: 24, length: 1_260, blocks: 10, skill: 0.004, seed: 2),
        Case(name: "noise, 3 trials, 4 blocks, a remainder", trials: 3, length: 203, blocks: 4, skill: 0, seed: 3),
    ]

    /// What Peers/overfitting_reference.py prints.
    struct Reference: Decodable {
        var sharpe, skewness, kurtosis, expected_maximum, deflated, pbo: Double
        var logits, quantiles: [Double]
    }

    /// Seeded returns with fat tails (one in twenty scaled up fourfold) and some skew.
    static func trials(_ c: Case) -> [[Double]] {
        var rng = SplitMix64(seed: c.seed)
        return (0..<c.trials).map { n in
            (0..<c.length).map { _ in
                let shock = rng.normal() * (rng.unit() < 0.05 ? 4 : 1)
                return (n == 0 ? c.skill : 0) + 0.01 * (shock < 0 ? 1.3 * shock : shock)
            }
        }
    }

    @Test(arguments: cases)
    func agreesWithTheIndependentComputation(_ c: Case) async throws {
        let trials = Self.trials(c)
        let moments = trials.map(Overfitting.moments)
        let selected = moments.indices.max { moments[$0].sharpe < moments[$1].sharpe }!
        let probabilities = [1e-12, 0.001, 0.02425, 0.1, 0.5, 0.8, 0.97575, 0.999, 1 - 1e-9]
        let directory = try Python.temporaryDirectory("overfitting")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.json")
        let payload: [String: Any] = [
            "trials": trials, "selected": selected, "blocks": c.blocks, "probabilities": probabilities,
        ]
        try JSONSerialization.data(withJSONObject: payload).write(to: input)
        let outcome = try await Python.runOffPool(
            ParityTests.peers.appendingPathComponent("overfitting_reference.py"), [input.path])
        try #require(outcome.status == 0, "\(outcome.output)")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(outcome.output.utf8))

        let m = moments[selected]
        let close = { (a: Double, b: Double, tolerance: Double) -> Bool in abs(a - b) <= tolerance * max(1, abs(b)) }
        #expect(close(m.sharpe, reference.sharpe, 1e-12))
        #expect(close(m.skewness, reference.skewness, 1e-10))
        #expect(close(m.kurtosis, reference.kurtosis, 1e-10))
        let deviation = standardDeviation(moments.map(\.sharpe))
        let expected = Overfitting.expectedMaximumSharpe(trials: c.trials, variance: deviation * deviation)
        #expect(
            close(expected, reference.expected_maximum, 1e-12), "\(expected) vs \(reference.expected_maximum)")
        let deflated = Overfitting.deflatedSharpe(
            sharpe: m.sharpe, observations: c.length, skewness: m.skewness, kurtosis: m.kurtosis,
            trialSharpes: moments.map(\.sharpe))
        #expect(close(deflated, reference.deflated, 1e-10), "\(deflated) vs \(reference.deflated)")

        let cscv = try #require(Overfitting.probabilityOfOverfitting(trials, blocks: c.blocks))
        let logits = reference.logits
        #expect(cscv.logits.count == logits.count)
        #expect(zip(cscv.logits, logits).allSatisfy { abs($0 - $1) <= 1e-12 })
        #expect(cscv.probability == reference.pbo)
        if c.skill > 0 {
            #expect(cscv.probability < 0.05, "a skilled trial should rarely be overfit: \(cscv.probability)")
        } else {
            #expect(cscv.probability > 0.2, "the best of noise is luck: \(cscv.probability)")
        }

        let quantiles = reference.quantiles
        for (p, q) in zip(probabilities, quantiles) {
            #expect(close(NormalDistribution.quantile(p), q, 1e-13), "quantile(\(p))")
        }
    }

    @Test func edgesAreUndefinedNotWrong() {
        #expect(Overfitting.expectedMaximumSharpe(trials: 1, variance: 4) == 0)
        #expect(Overfitting.probabilityOfOverfitting([[0.1, 0.2, 0.3, 0.4]], blocks: 2) == nil)
        #expect(Overfitting.probabilityOfOverfitting([[0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3]], blocks: 2) == nil)
        #expect(Overfitting.probabilityOfOverfitting([[0.1, 0.2, 0.3], [0.1, 0.2, 0.3]], blocks: 3) == nil)
        #expect(Overfitting.moments([0.01]).sharpe.isNaN)
        #expect(
            Overfitting.probabilisticSharpe(sharpe: 0.1, benchmark: 0, observations: 1, skewness: 0, kurtosis: 3).isNaN)
        // With normal moments and a zero benchmark, PSR is Φ(SR √(T − 1) / √(1 + SR²/2)).
        let psr = Overfitting.probabilisticSharpe(
            sharpe: 0.1, benchmark: 0, observations: 101, skewness: 0, kurtosis: 3)
        #expect(abs(psr - NormalDistribution.cdf(1 / (1.005).squareRoot())) < 1e-15)
    }

    private func standardDeviation(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
    }
}
