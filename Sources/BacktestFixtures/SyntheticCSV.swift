// Deterministic synthetic market data as CSV bytes, for the benchmark and the tests: random-walk
// minute bars written with integer formatting straight into one buffer (hand-written so that the
// ~720 MB benchmark file is made in seconds, without Foundation or String per row).

import BacktestEngine

/// Generates CSV uploads shaped like real model-driven minute data.
public enum SyntheticCSV {
    /// The canonical benchmark upload, sorted by (timestamp, asset):
    /// `timestamp,asset,open,high,low,close,volume,ml_pred,confidence`.
    ///
    /// Assets are `A000`, `A001`, …; bars are minutes 14:30–20:59 UTC on weekdays from 2020-01-02
    /// (98,280 bars = 252 days); prices follow a random walk rounded to cents with
    /// high >= max(open, close) and low <= min(open, close); volume is an integer; `ml_pred` in [0, 1]
    /// leans toward the sign of the next bar's return; `confidence` is uniform in [0, 1]; both have up
    /// to 6 decimals. The same arguments always give the same bytes.
    public static func canonical(assets: Int = 100, bars: Int = 98_280, seed: UInt64 = 42) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        let digits = max(3, String(max(0, assets - 1)).count)
        let names: [[UInt8]] = (0..<assets).map { i in
            let number = String(i)
            return Array(("A" + String(repeating: "0", count: digits - number.count) + number).utf8)
        }
        let volatility = 0.001
        var close = (0..<assets).map { _ in 50 + 100 * rng.unit() }
        var nextReturn = (0..<assets).map { _ in volatility * rng.normal() }
        let header = Array("timestamp,asset,open,high,low,close,volume,ml_pred,confidence\n".utf8)
        let capacity = header.count + assets * bars * (96 + digits)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var writer = ByteWriter(base: buffer.baseAddress!)
            writer.write(header)
            var day = CivilDate.days(year: 2020, month: 1, day: 1)
            var minute = 390
            for _ in 0..<bars {
                if minute == 390 {
                    repeat { day += 1 } while CivilDate.weekday(days: day) == 6 || CivilDate.weekday(days: day) == 0
                    minute = 0
                }
                let stamp = ByteWriter.timestamp(day * 86_400 + 14 * 3600 + 30 * 60 + Int64(minute) * 60)
                minute += 1
                for a in 0..<assets {
                    let r = nextReturn[a]
                    nextReturn[a] = volatility * rng.normal()
                    let open = Int64((close[a] * 100).rounded())
                    close[a] = max(1, close[a] * (1 + r))
                    let closeCents = Int64((close[a] * 100).rounded())
                    let high = max(open, closeCents) + Int64(rng.unit() * 0.0005 * close[a] * 100)
                    let low = max(1, min(open, closeCents) - Int64(rng.unit() * 0.0005 * close[a] * 100))
                    let skill = nextReturn[a] / volatility
                    let prediction = min(1, max(0, 0.5 + 0.12 * skill + 0.15 * rng.normal()))
                    writer.write(stamp)
                    writer.comma()
                    writer.write(names[a])
                    writer.comma()
                    writer.writeScaled(open, decimals: 2, trim: false)
                    writer.comma()
                    writer.writeScaled(high, decimals: 2, trim: false)
                    writer.comma()
                    writer.writeScaled(low, decimals: 2, trim: false)
                    writer.comma()
                    writer.writeScaled(closeCents, decimals: 2, trim: false)
                    writer.comma()
                    writer.writeScaled(Int64(100 + rng.next() % 20_000), decimals: 0, trim: false)
                    writer.comma()
                    writer.writeScaled(Int64((prediction * 1e6).rounded()), decimals: 6, trim: true)
                    writer.comma()
                    writer.writeScaled(Int64((rng.unit() * 1e6).rounded()), decimals: 6, trim: true)
                    writer.byte(UInt8(ascii: "\n"))
                }
            }
            initialized = writer.count
        }
    }
}
