// The golden-run dataset (seeded, generated in memory, no files), its CSV rendering for the
// peers, and the canonical text hash of a run's fills.
import BacktestEngine
import BacktestFixtures

/// Daily weekday bars from 2020-01-02, a common grid, every value held in integer units (cents,
/// millionths) so the CSV text and the in-memory doubles are the same numbers.
struct GoldenData {
    /// Bars per asset, indexed `[t * assetCount + a]`.
    struct Bar {
        var open, high, low, close: Int
        var volume: Int
        var pred, confidence: Int
    }

    let assets: [String]
    let days: [Int64]
    let bars: [Bar]

    /// Random-walk OHLC in cents; `ml_pred` leans on the next bar's return (some skill),
    /// `confidence` is uniform; both in millionths of [0, 1].
    init(assets assetCount: Int = 6, bars barCount: Int = 500, seed: UInt64 = 20_200_102) {
        var rng = SplitMix64(seed: seed)
        assets = (0..<assetCount).map { "A" + String($0 + 1_000).dropFirst() }
        var day: Int64 = 18_263 // 2020-01-02, a Thursday
        var days: [Int64] = []
        while days.count < barCount {
            if CivilDate.weekday(days: day) != 0 && CivilDate.weekday(days: day) != 6 { days.append(day) }
            day += 1
        }
        self.days = days
        var paths = [[Bar]](repeating: [], count: assetCount)
        for a in 0..<assetCount {
            var previous = 5_000
            for _ in 0..<barCount {
                let open = Self.round(Double(previous) * (0.99 + 0.02 * rng.unit()))
                let close = Self.round(Double(open) * (0.97 + 0.06 * rng.unit()))
                let high = Self.round(Double(max(open, close)) * (1 + 0.01 * rng.unit()))
                let low = Self.round(Double(min(open, close)) * (1 - 0.01 * rng.unit()))
                let volume = 1_000 + Int(rng.unit() * 9_000)
                paths[a].append(
                    Bar(open: open, high: high, low: low, close: close, volume: volume, pred: 0, confidence: 0))
                previous = close
            }
            for t in 0..<barCount {
                let next = t + 1 < barCount ? Double(paths[a][t + 1].close) / Double(paths[a][t].close) - 1 : 0
                let pred = 0.5 + 10 * next + 0.35 * (2 * rng.unit() - 1)
                paths[a][t].pred = Self.round(min(max(pred, 0), 1) * 1_000_000)
                paths[a][t].confidence = Self.round(rng.unit() * 1_000_000)
            }
        }
        bars = (0..<barCount).flatMap { t in (0..<assetCount).map { paths[$0][t] } }
    }

    static func round(_ x: Double) -> Int { Int(x.rounded()) }

    /// The engine's view: rows sorted by (timestamp, asset), signals `ml_pred`, `confidence`.
    var marketData: MarketData {
        let n = assets.count
        let data = MarketData(
            assets: assets, timestamps: days.map { $0 * 86_400 },
            rowStart: (0...days.count).map { $0 * n }, asset: bars.indices.map { Int32($0 % n) },
            open: bars.map { Double($0.open) / 100 }, high: bars.map { Double($0.high) / 100 },
            low: bars.map { Double($0.low) / 100 }, close: bars.map { Double($0.close) / 100 },
            volume: bars.map { Double($0.volume) }, signalNames: ["ml_pred", "confidence"],
            signals: [bars.map { Double($0.pred) / 1_000_000 }, bars.map { Double($0.confidence) / 1_000_000 }])
        try! data.validate()
        return data
    }

    /// The canonical long-format CSV (header `timestamp,asset,open,high,low,close,volume,ml_pred,confidence`).
    var csv: String {
        var text = "timestamp,asset,open,high,low,close,volume,ml_pred,confidence\n"
        for (row, bar) in bars.enumerated() {
            let fields = [
                Self.date(days[row / assets.count]) + "T00:00:00Z", assets[row % assets.count],
                Self.fixed(bar.open, 2), Self.fixed(bar.high, 2), Self.fixed(bar.low, 2), Self.fixed(bar.close, 2),
                String(bar.volume), Self.fixed(bar.pred, 6), Self.fixed(bar.confidence, 6),
            ]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// `units / 10^digits` as a fixed-point decimal (non-negative `units`).
    static func fixed(_ units: Int, _ digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let fraction = String(units % scale)
        return "\(units / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// `YYYY-MM-DD` of a day count since 1970-01-01.
    static func date(_ days: Int64) -> String {
        let (y, m, d) = CivilDate.date(days: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}

/// FNV-1a 64 over one line per fill, `timestamp,asset,side,quantity,price,commission\n`: epoch
/// seconds, asset index, `buy`/`sell`, shares, the price's IEEE-754 bit pattern as 16 lowercase
/// hex digits, and the commission rounded to the nearest 1e-6 as an integer count of millionths.
func fillsHash(_ fills: [Fill]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for fill in fills {
        let bits = String(fill.price.bitPattern, radix: 16)
        let micros = Int64((fill.commission * 1_000_000).rounded())
        let line =
            "\(fill.timestamp),\(fill.asset),\(fill.side.rawValue),\(Int(fill.quantity)),"
            + String(repeating: "0", count: 16 - bits.count) + bits + ",\(micros)\n"
        for byte in line.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
    }
    return hash
}
