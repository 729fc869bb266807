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
