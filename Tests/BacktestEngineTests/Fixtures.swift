// Builders for small hand-made datasets and configurations used across the engine tests.
import BacktestEngine

/// One bar of one asset, for building `MarketData` by hand.
struct BarSpec {
    var timestamp: Int64
    var asset: Int
    var open: Double
    var close: Double
    var signals: [Double]
    var volume: Double = 1_000
}

enum Fixtures {
    static let day: Int64 = 86_400

    /// Sorts bars by (timestamp, asset) and lays them out as columns; high/low bracket open/close.
    static func marketData(assets: [String], signalNames: [String], bars: [BarSpec]) -> MarketData {
        let sorted = bars.sorted { ($0.timestamp, $0.asset) < ($1.timestamp, $1.asset) }
        var timestamps: [Int64] = []
        var rowStart: [Int] = []
        for (row, bar) in sorted.enumerated() where timestamps.last != bar.timestamp {
            timestamps.append(bar.timestamp)
            rowStart.append(row)
        }
        rowStart.append(sorted.count)
        let data = MarketData(
            assets: assets, timestamps: timestamps, rowStart: rowStart,
            asset: sorted.map { Int32($0.asset) },
            open: sorted.map(\.open), high: sorted.map { max($0.open, $0.close) },
            low: sorted.map { min($0.open, $0.close) }, close: sorted.map(\.close),
            volume: sorted.map(\.volume), signalNames: signalNames,
            signals: signalNames.indices.map { k in sorted.map { $0.signals[k] } })
        try! data.validate()
        return data
    }

    /// One asset "A", one bar per day starting at day 1, a single signal column "sig"; volume 1,000
    /// unless given.
    static func singleAsset(
        opens: [Double], closes: [Double], signal: [Double], volumes: [Double]? = nil
    ) -> MarketData {
        let bars = opens.indices.map {
            BarSpec(
                timestamp: Int64($0 + 1) * day, asset: 0, open: opens[$0], close: closes[$0], signals: [signal[$0]],
                volume: volumes?[$0] ?? 1_000)
        }
        return marketData(assets: ["A"], signalNames: ["sig"], bars: bars)
    }

    /// Threshold strategy on "sig": enter above 0.8, exit below 0.4.
    static func configuration(
        cash: Double, commission: CommissionModel = .percent(rate: 0), sizing: Sizing,
        fill: FillTiming = .nextOpen, filters: [Filter] = [], signal: String = "sig"
    ) -> BacktestConfiguration {
        BacktestConfiguration(
            initialCash: cash, fill: fill, commission: commission,
            strategy: .threshold(
                ThresholdParameters(
                    signal: signal, entryAbove: 0.8, exitBelow: 0.4, filters: filters, sizing: sizing)))
    }

    static func run(
        _ data: MarketData, _ configuration: BacktestConfiguration, context: ContextSeries? = nil
    ) -> BacktestResult {
        try! Backtest(data: data, context: context, configuration: configuration).finish()
    }
}

/// `|a - b| <= tolerance * max(1, |b|)`.
func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}
