// Seeded random market data for the stepping, determinism and reference-model tests.
import BacktestEngine
import BacktestFixtures

enum RandomData {
    /// Random-walk prices in cents, `ml_pred` and `confidence` in [0, 1] with a few NaNs; hourly
    /// bars (several per UTC day). With `sparse`, about 10 % of bars are missing.
    static func make(assets: Int, bars: Int, seed: UInt64, sparse: Bool = false) -> MarketData {
        var rng = SplitMix64(seed: seed)
        var price = [Double](repeating: 50, count: assets)
        var specs: [BarSpec] = []
        for t in 0..<bars {
            for a in 0..<assets {
                let open = cents(price[a] * (0.99 + 0.02 * rng.unit()))
                let close = cents(open * (0.98 + 0.04 * rng.unit()))
                price[a] = close
                var pred = rng.unit()
                if rng.unit() < 0.02 { pred = .nan }
                let confidence = rng.unit()
                if sparse && rng.unit() < 0.1 && a > 0 { continue }
                specs.append(
                    BarSpec(
                        timestamp: 1_577_972_000 + Int64(t) * 3_600, asset: a, open: open, close: close,
                        signals: [pred, confidence]))
            }
        }
        let names = (0..<assets).map { "A" + String($0 + 100).dropFirst() }
        return Fixtures.marketData(assets: names, signalNames: ["ml_pred", "confidence"], bars: specs)
    }

    static func cents(_ x: Double) -> Double {
        Double(Int(x * 100 + 0.5)) / 100
    }

    /// The canonical parity strategy (canonical-strategy.md) with a configurable allocation fraction.
    static func canonical(fraction: Double = 0.95, fill: FillTiming = .nextOpen) -> BacktestConfiguration {
        BacktestConfiguration(
            initialCash: 1_000_000, fill: fill, commission: .percent(rate: 0.001),
            strategy: .threshold(
                ThresholdParameters(
                    signal: "ml_pred", entryAbove: 0.8, exitBelow: 0.4,
                    filters: [Filter(column: "confidence", op: .greater, value: 0.7)],
                    sizing: .equalInitial(fraction: fraction))))
    }
}
