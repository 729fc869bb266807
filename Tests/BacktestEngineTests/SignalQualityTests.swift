// Signal quality by hand on three assets and four bars whose forward returns are exact in binary:
// A doubles every bar (+1), B is flat (0), C halves (-0.5). The signal ranks them A > B > C at
// bars 0 and 2 and the other way round at bar 1.
import BacktestFixtures
import Testing

@testable import BacktestEngine

@Suite struct SignalQualityTests {
    static let data: MarketData = {
        let closes: [[Double]] = [[16, 32, 64, 128], [100, 100, 100, 100], [128, 64, 32, 16]]
        let signal: [[Double]] = [[3, 1, 3, 9], [2, 2, 2, 9], [1, 3, 1, 9]]
        var bars: [BarSpec] = []
        for a in 0..<3 {
            for t in 0..<4 {
                bars.append(
                    BarSpec(
                        timestamp: Int64(t) * 86_400, asset: a, open: closes[a][t], close: closes[a][t],
                        signals: [signal[a][t]]))
            }
        }
        return Fixtures.marketData(assets: ["A", "B", "C"], signalNames: ["s"], bars: bars)
    }()

    /// Per bar (horizon 1): signals (3, 2, 1) against forward returns (1, 0, -0.5) have deviations
    /// (1, 0, -1) and (5/6, -1/6, -2/3): IC c = 1.5 / sqrt(2 × 7/6); bar 1 gives -c, bar 2 c. So
    /// ic = c / 3, its sample deviation c sqrt(4/3), t = (1/3) / sqrt(4/3) × sqrt(3) = 0.5; the
    /// ranks agree exactly (1, -1, 1): rank IC 1/3, t 0.5. Pooled over the 9 pairs: Σ ds df = 1.5,
    /// Σ ds² = 6, Σ df² = 3.5 -> 1.5 / sqrt(21); pooled ranks: 18 / 54 = 1/3.
    @Test func informationCoefficientsByHand() throws {
        let quality = try SignalQuality.analyze(data: Self.data, horizons: [1, 2], quantiles: 3)
        #expect(quality.map(\.signal) == ["s"])
        let h1 = quality[0].horizons[0]
        let c = 1.5 / (2 * 7.0 / 6).squareRoot()
        #expect(h1.horizon == 1 && h1.observations == 9 && h1.periods == 3)
        #expect(isClose(h1.ic, c / 3) && isClose(h1.icStd, c * (4.0 / 3).squareRoot()) && isClose(h1.icT, 0.5))
        #expect(isClose(h1.rankIC, 1.0 / 3) && isClose(h1.rankICT, 0.5) && isClose(h1.rankICIR, 0.5 / 3.0.squareRoot()))
        #expect(isClose(h1.pooledIC, 1.5 / 21.0.squareRoot()) && isClose(h1.pooledRankIC, 1.0 / 3))
        let h2 = quality[0].horizons[1]
        #expect(h2.horizon == 2 && h2.observations == 6 && h2.periods == 2)
    }

    /// Quantiles over the 9 pairs: the three 1s (none below) in the first, the 2s (3 below: ⌊3 × 3 /
    /// 9⌋ + 1 = 2) in the second, the 3s in the third. Q1 holds C, A, C: forward -0.5, 1, -0.5
    /// (mean 0, one up); Q2 is B (0, none up); Q3 holds A, C, A (mean 0.5, two up).
    @Test func hitRatesBySignalQuantile() throws {
        let q = try SignalQuality.analyze(data: Self.data, horizons: [1], quantiles: 3)[0].horizons[0].quantiles
        #expect(q.map(\.quantile) == [1, 2, 3] && q.map(\.count) == [3, 3, 3])
        #expect(
            q.map(\.meanSignal) == [1, 2, 3] && q.map(\.minSignal) == [1, 2, 3] && q.map(\.maxSignal) == [1, 2, 3])
        #expect(q.map(\.meanForwardReturn) == [0, 0, 0.5])
        #expect(q.map(\.hitRate) == [1.0 / 3, 0, 2.0 / 3])
        // Ties share a quantile, so five quantiles of three distinct values leave two empty.
        let five = try SignalQuality.analyze(data: Self.data, horizons: [1], quantiles: 5)[0].horizons[0].quantiles
        #expect(five.map(\.count) == [3, 3, 0, 3, 0])
        #expect(five[2].hitRate.isNaN && five[2].meanSignal.isNaN)
    }

    /// With `signal_delay_bars` 1 each asset reads its previous bar's value: bar 0 has none, and bars
    /// 1 and 2 read the rankings of bars 0 and 1.
    @Test func signalsAreReadAsTheStrategyReadsThem() throws {
        let h1 = try SignalQuality.analyze(data: Self.data, signalDelayBars: 1, horizons: [1], quantiles: 2)[0]
            .horizons[0]
        #expect(h1.observations == 6 && h1.periods == 2)
        let c = 1.5 / (2 * 7.0 / 6).squareRoot()
        #expect(isClose(h1.ic, 0)) // bar 1 reads (3, 2, 1) against (1, 0, -0.5) but bar 2 the reverse
        #expect(isClose(abs(h1.icStd), c * 2.0.squareRoot()))
    }

    @Test func anUnknownSignalNamesTheKnownOnes() {
        #expect(SignalQuality.availableSignals(data: Self.data, signals: []) == ["s"])
        #expect(throws: SignalQualityError.self) {
            try SignalQuality.analyze(data: Self.data, names: ["t"], horizons: [1], quantiles: 2)
        }
        do {
            _ = try SignalQuality.analyze(data: Self.data, names: ["ss"], horizons: [1], quantiles: 2)
        } catch {
            #expect(error.message.contains(#"Did you mean "s"?"#) && error.message.contains(#"Signals: "s""#))
        }
    }

    /// The radix order is the comparison sort's: ascending, ties by index, non-finite values left
    /// out, negatives, zeros of both signs, subnormals and repeats included.
    @Test func radixOrderIsTheStableAscendingOrder() {
        var rng = SplitMix64(seed: 5)
        var values = (0..<5_000).map { _ in (rng.unit() - 0.5) * 1e6 }
        values += [
            0, -0.0, 0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -1, -1, 7, 7,
        ]
        for i in 0..<200 { values[i] = values[i + 200] } // repeats
        let expected = values.indices.filter { values[$0].isFinite }.sorted {
            values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1)
        }
        let order = RadixOrder.ascending(values).map(Int.init)
        #expect(order.map { values[$0] } == expected.map { values[$0] })
        // Equal values keep ascending indices (-0 before +0 is allowed: they compare equal).
        #expect(zip(order, order.dropFirst()).allSatisfy { values[$0] < values[$1] || $0 < $1 || values[$0] == 0 })
        #expect(RadixOrder.ascending([]).isEmpty && RadixOrder.ascending([.nan, 2]) == [1])
    }
}
