// The sweep comparison's data and its engine-alone reference: the canonical synthetic bars with
// daily timestamps (the weekdays from 2020-01-02 at 00:00Z, so that a child has one session per
// bar, as daily bars do), and the sweep's combinations run in process, one thread, without a server.
import BacktestEngine
import BacktestFixtures
import BacktestService
import Foundation

enum SweepData {
    /// `SyntheticCSV.canonical` with each bar's minute stamp replaced by a weekday's midnight.
    static func daily(assets: Int, bars: Int, seed: UInt64) -> [UInt8] {
        var csv = SyntheticCSV.canonical(assets: assets, bars: bars, seed: seed)
        var stamps: [[UInt8]] = []
        var day = CivilDate.days(year: 2020, month: 1, day: 1)
        while stamps.count < bars {
            day += 1
            if CivilDate.weekday(days: day) == 6 || CivilDate.weekday(days: day) == 0 { continue }
            stamps.append(Array(UTCTime.format(day * 86_400).utf8))
        }
        // Rows are sorted by (timestamp, asset) and each starts with its 20-byte stamp.
        var row = -1
        var lineStart = true
        csv.withUnsafeMutableBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                if lineStart, row >= 0 {
                    for (k, b) in stamps[row / assets].enumerated() { bytes[i + k] = b }
                    i += 20
                }
                lineStart = bytes[i] == UInt8(ascii: "\n")
                if lineStart { row += 1 }
                i += 1
            }
        }
        return csv
    }

    /// The configuration the server builds from the sweep's base spec with combination `c`'s values.
    static func configuration(_ c: Int) -> BacktestConfiguration {
        let v = Bench.sweepValues(c)
        return BacktestConfiguration(
            initialCash: 1_000_000, fill: .nextOpen, commission: .percent(rate: 0.001),
            strategy: .threshold(
                ThresholdParameters(
                    signal: "ml_pred", entryAbove: v[0], exitBelow: v[1],
                    filters: [Filter(column: "confidence", op: .greater, value: v[2])],
                    sizing: .equalInitial(fraction: 0.95))))
    }

    /// Runs about `sample` of the combinations, evenly spread, start to finish; the mean seconds.
    static func engineAlone(_ data: MarketData, combinations: Int, sample: Int) -> (sampled: Int, meanSeconds: Double) {
        var total = 0.0
        var sampled = 0
        for c in stride(from: 0, to: combinations, by: max(1, combinations / sample)) {
            let start = ContinuousClock.now
            guard let backtest = try? Backtest(data: data, context: nil, configuration: configuration(c)) else {
                continue
            }
            _ = backtest.finish()
            total += SweepTiming.seconds(since: start)
            sampled += 1
        }
        return (sampled, total / Double(max(1, sampled)))
    }
}
