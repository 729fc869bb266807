// The columns the target_weights and regime goldens need and the golden dataset does not hold,
// derived from it: the same formulas, in the same floating-point operations, as
// Tests/EndToEndTests/Peers/golden_columns.py, so that the transcription computes the same numbers
// from golden.csv (which does not carry them).
import BacktestEngine

extension GoldenData {
    /// `marketData` plus two signal columns derived from `ml_pred` per row:
    /// `weight = min(max(ml_pred − 0.5, 0), 0.3)` (six assets of up to 0.3 can sum above 1, so cash
    /// can bind) and `long_short_weight = min(max(ml_pred − 0.5, −0.3), 0.3)` (negative: short).
    var derivedMarketData: MarketData {
        let data = marketData
        let pred = data.signals[0]
        let weight = pred.map { min(max($0 - 0.5, 0), 0.3) }
        let longShortWeight = pred.map { min(max($0 - 0.5, -0.3), 0.3) }
        let derived = MarketData(
            assets: data.assets, timestamps: data.timestamps, rowStart: data.rowStart, asset: data.asset,
            open: data.open, high: data.high, low: data.low, close: data.close, volume: data.volume,
            signalNames: data.signalNames + ["weight", "long_short_weight"],
            signals: data.signals + [weight, longShortWeight])
        try! derived.validate()
        return derived
    }

    /// A context column `vix`, one row per bar stamped with the bar's timestamp (so bar `t` sees
    /// `vix[t]`): `25 − |t mod 80 − 40| × 3 / 8 + (37 t mod 11) / 2`, a triangle wave from 10 (bar 0)
    /// up to 25 (bar 40) and back every 80 bars, plus a jitter of 0 to 5, in eighths (exact in binary).
    var vix: ContextSeries {
        let values = days.indices.map { t in 25 - Double(abs(t % 80 - 40)) * 3 / 8 + Double(37 * t % 11) / 2 }
        return ContextSeries(timestamps: days.map { $0 * 86_400 }, names: ["vix"], columns: [values])
    }
}
