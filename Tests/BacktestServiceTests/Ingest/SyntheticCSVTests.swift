// Checks the synthetic benchmark CSV: shape, determinism, and OHLC consistency after ingest.

import BacktestEngine
import BacktestFixtures
import Testing

@testable import BacktestService

@Suite struct SyntheticCSVTests {
    @Test func shapeAndDeterminism() throws {
        let csv = SyntheticCSV.canonical(assets: 4, bars: 800, seed: 1)
        #expect(csv == SyntheticCSV.canonical(assets: 4, bars: 800, seed: 1))
        #expect(csv != SyntheticCSV.canonical(assets: 4, bars: 800, seed: 2))
        let text = String(decoding: csv.prefix(200), as: UTF8.self)
        #expect(
            text.hasPrefix("timestamp,asset,open,high,low,close,volume,ml_pred,confidence\n2020-01-02T14:30:00Z,A000,"))

        let data = try parseBars(bytes: csv)
        try data.validate()
        #expect(data.assets == ["A000", "A001", "A002", "A003"])
        #expect(data.rowCount == 3_200 && data.timestamps.count == 800)
        #expect(UTCTime.format(data.timestamps[389]) == "2020-01-02T20:59:00Z")
        #expect(UTCTime.format(data.timestamps[390]) == "2020-01-03T14:30:00Z")
        #expect(UTCTime.format(data.timestamps[780]) == "2020-01-06T14:30:00Z") // Monday after a weekend
        for row in 0..<data.rowCount {
            #expect(data.high[row] >= max(data.open[row], data.close[row]))
            #expect(data.low[row] <= min(data.open[row], data.close[row]))
            #expect(data.volume[row] == data.volume[row].rounded())
            #expect((0...1).contains(data.signals[0][row]) && (0...1).contains(data.signals[1][row]))
            #expect(
                (data.close[row] * 100).rounded() == data.close[row] * 100
                    || abs((data.close[row] * 100).rounded() - data.close[row] * 100) < 1e-6)
        }
    }

    @Test func predictionHasSkill() throws {
        let data = try parseBars(bytes: SyntheticCSV.canonical(assets: 3, bars: 2_000, seed: 4))
        var hits = 0
        var total = 0
        for i in 0..<(data.timestamps.count - 1) {
            for k in 0..<3 {
                let row = data.rowStart[i] + k
                let next = data.rowStart[i + 1] + k
                let move = data.close[next] - data.close[row]
                guard move != 0 else { continue }
                total += 1
                if (data.signals[0][row] > 0.5) == (move > 0) { hits += 1 }
            }
        }
        #expect(Double(hits) / Double(total) > 0.55)
    }
}
