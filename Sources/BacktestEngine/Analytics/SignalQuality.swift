// Signal quality: how well each signal a run could read predicted its assets' forward returns, as
// information coefficients (per timestamp across assets, and pooled) and as hit rates by signal
// quantile. An analysis of the data, not of the run's fills: forward returns look ahead on purpose.

/// The quality of one signal at several horizons.
public struct SignalQuality: Sendable, Equatable {
    /// The signal's name.
    public let signal: String
    /// One entry per requested horizon, in the order asked.
    public let horizons: [HorizonQuality]
}

/// A signal against the forward returns of one horizon.
///
/// The signal at a row is its value as the strategy read it at that bar (point in time, and
/// `signal_delay_bars` late); the forward return is `close[k + h] / close[k] - 1` over the asset's
/// own bars `k` and `k + h` (NaN for its last `h` bars). A pair is a row where both are finite.
/// Per timestamp, the information coefficient (IC) is the Pearson correlation across the assets'
/// pairs and the rank IC the Spearman correlation (ties ranked by their mean rank); timestamps with
/// fewer than three pairs, or without variance on either side, give none. `ic` is the mean over
/// the timestamps that gave one (alphalens' mean IC); `icStd` their sample standard deviation,
/// `icIR = ic / icStd`, `icT = ic / icStd × sqrt(periods)`. The pooled coefficients correlate every
/// pair at once (the only ones a single asset has). A statistic that is undefined is NaN.
public struct HorizonQuality: Sendable, Equatable {
    /// Bars ahead.
    public let horizon: Int
    /// Pairs.
    public let observations: Int
    /// Timestamps that gave an IC.
    public let periods: Int
    /// Mean per-timestamp Pearson IC.
    public let ic: Double
    /// Sample standard deviation of the per-timestamp IC.
    public let icStd: Double
    /// `ic / icStd`.
    public let icIR: Double
    /// `ic / icStd × sqrt(periods)`.
    public let icT: Double
    /// Mean per-timestamp Spearman (rank) IC.
    public let rankIC: Double
    /// Sample standard deviation of the per-timestamp rank IC.
    public let rankICStd: Double
    /// `rankIC / rankICStd`.
    public let rankICIR: Double
    /// `rankIC / rankICStd × sqrt(periods)`.
    public let rankICT: Double
    /// Pearson correlation of all pairs.
    public let pooledIC: Double
    /// Spearman correlation of all pairs.
    public let pooledRankIC: Double
    /// The pairs by signal quantile, lowest signals first.
    public let quantiles: [QuantileQuality]
}

/// The pairs of one signal quantile. Quantiles are over all pairs at once: a pair whose signal has
/// `c` pairs strictly below it, of `N`, is in quantile `min(q, ⌊q × c / N⌋ + 1)`, so equal signals
/// share a quantile (which can leave one empty).
public struct QuantileQuality: Sendable, Equatable {
    /// 1 (lowest signals) ... q.
    public let quantile: Int
    /// Pairs in the quantile.
    public let count: Int
    /// The lowest and highest signal in it; NaN when empty.
    public let minSignal: Double
    /// The highest signal in it; NaN when empty.
    public let maxSignal: Double
    /// Mean signal; NaN when empty.
    public let meanSignal: Double
    /// Mean forward return; NaN when empty.
    public let meanForwardReturn: Double
    /// Pairs with a forward return > 0 over pairs; NaN when empty.
    public let hitRate: Double
}

/// A signal quality request that names a signal the run cannot read.
public struct SignalQualityError: Error, Sendable, Equatable {
    /// Names the unknown signal, the closest known one and the known ones.
    public let message: String
}

extension SignalQuality {
    /// The signals a run on `data` with `signals` can read per row: the bars' signal columns, then
    /// the signal datasets' names.
    public static func availableSignals(data: MarketData, signals: [SignalSeries]) -> [String] {
        ColumnCatalog(data: data, context: nil, signals: signals).signalNames
    }

    /// The quality of each signal in `names` (nil: every available one) at each horizon (bars ≥ 1),
    /// with `quantiles` (≥ 2) quantiles.
    public static func analyze(
        data: MarketData, signals: [SignalSeries] = [], signalDelayBars: Int = 0, names: [String]? = nil,
        horizons: [Int], quantiles: Int
    ) throws(SignalQualityError) -> [SignalQuality] {
        precondition(horizons.allSatisfy { $0 >= 1 } && quantiles >= 2, "horizons >= 1 and quantiles >= 2")
        let catalog = ColumnCatalog(data: data, context: nil, signals: signals, signalDelayBars: signalDelayBars)
        let available = catalog.signalNames
        let names = names ?? available
        for name in names where !available.contains(name) {
            throw SignalQualityError(
                message:
                    "the run reads no signal \"\(Suggestions.echo(name))\".\(Suggestions.didYouMean(name, in: available)) Signals: \(Suggestions.list(available))."
            )
        }
        let sequence = AssetSequence(data)
        let forward = horizons.map { sequence.forwardReturns(of: data.close, horizon: $0) }
        return names.map { name in
            let order = SignalOrder(catalog.resolve(name).values)
            let measured = zip(horizons, forward).map { horizon, returns in
                HorizonQuality(order: order, forward: returns, data: data, horizon: horizon, quantiles: quantiles)
            }
            return SignalQuality(signal: name, horizons: measured)
        }
    }
}

/// Each asset's rows in time order.
struct AssetSequence {
    /// `rows[a]`: the rows of asset `a`, ascending.
    let rows: [[Int]]

    init(_ data: MarketData) {
        var rows = [[Int]](repeating: [], count: data.assets.count)
        for row in 0..<data.rowCount { rows[Int(data.asset[row])].append(row) }
        self.rows = rows
    }

    /// `close[k + h] / close[k] - 1` at every row over its asset's bars; NaN for the last `h`.
    func forwardReturns(of close: [Double], horizon h: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: close.count)
        for assetRows in rows where assetRows.count > h {
            for k in 0..<(assetRows.count - h) {
                out[assetRows[k]] = close[assetRows[k + h]] / close[assetRows[k]] - 1
            }
        }
        return out
    }
}
