// A window of a dataset's timeline: the bars of timestamps `start ..< end`, as a dataset of their own.
// A backtest over a window runs exactly as over a dataset that held only those bars (rolling
// windows start again at its first bar, its last bar is the run's last); walk-forward runs each
// train and test part this way.

extension MarketData {
    /// The bars of the distinct timestamps `bars` (indices into `timestamps`), every column copied;
    /// the whole dataset when `bars` covers it. Assets with no row in the window stay in `assets`
    /// (they simply never trade).
    ///
    /// - Precondition: `bars` lies within `0 ... timestamps.count` and is not empty.
    public func window(bars: Range<Int>) -> MarketData {
        precondition(!bars.isEmpty && bars.lowerBound >= 0 && bars.upperBound <= timestamps.count)
        guard bars.count < timestamps.count else { return self }
        let rows = rowStart[bars.lowerBound]..<rowStart[bars.upperBound]
        let first = rows.lowerBound
        return MarketData(
            assets: assets, timestamps: Array(timestamps[bars]),
            rowStart: rowStart[bars.lowerBound...bars.upperBound].map { $0 - first }, asset: Array(asset[rows]),
            open: Array(open[rows]), high: Array(high[rows]), low: Array(low[rows]), close: Array(close[rows]),
            volume: Array(volume[rows]), signalNames: signalNames, signals: signals.map { Array($0[rows]) },
            fields: fields)
    }
}
