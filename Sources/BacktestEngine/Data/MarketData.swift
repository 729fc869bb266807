/// Long-format bars held column by column, the engine's only view of market data.
///
/// Rows are sorted by (timestamp, asset). `rowStart[i] ..< rowStart[i + 1]` are the rows of the
/// i-th distinct timestamp, in ascending asset order, with no asset twice. Assets are interned to
/// `Int32` indices into `assets`, which is sorted ascending byte-wise (`A000 < A001`). Timestamps are
/// UTC seconds since the Unix epoch and mark the start of a bar. Missing signal values are NaN;
/// prices are finite and positive (the ingest layer guarantees it, `validate()` re-checks it).
public struct MarketData: Sendable {
    /// Asset identifiers, ascending byte-wise; a row's `asset` value indexes this array.
    public let assets: [String]
    /// Distinct bar timestamps, strictly ascending, UTC seconds since the epoch.
    public let timestamps: [Int64]
    /// Row offsets per timestamp; `timestamps.count + 1` entries, first 0, last `rowCount`.
    public let rowStart: [Int]
    /// Per row: the asset index, ascending within one timestamp.
    public let asset: [Int32]
    /// Per row prices and volume.
    public let open: [Double]
    /// Per row high price.
    public let high: [Double]
    /// Per row low price.
    public let low: [Double]
    /// Per row close price; positions are marked at it.
    public let close: [Double]
    /// Per row volume (0 when the upload had none).
    public let volume: [Double]
    /// Names of the numeric signal columns, in upload order.
    public let signalNames: [String]
    /// `signals[k][row]` is signal `signalNames[k]` on that row; NaN when missing.
    public let signals: [[Double]]
    /// The optional bar fields the upload had (the others hold the close, or 0 for volume).
    public let fields: BarFields

    /// Builds market data from columns that already satisfy the ordering invariants above.
    ///
    /// The ingest layer sorts and validates; this initializer trusts it (call `validate()` in tests).
    public init(
        assets: [String], timestamps: [Int64], rowStart: [Int], asset: [Int32],
        open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double],
        signalNames: [String], signals: [[Double]], fields: BarFields = .all
    ) {
        self.assets = assets
        self.timestamps = timestamps
        self.rowStart = rowStart
        self.asset = asset
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.signalNames = signalNames
        self.signals = signals
        self.fields = fields
    }

    /// Number of rows (bars across all assets).
    public var rowCount: Int { asset.count }

    /// Index of a signal column by name, if the data has it.
    public func signalIndex(named name: String) -> Int? {
        signalNames.firstIndex(of: name)
    }
}

extension MarketData {
    /// A broken invariant found by `validate()`.
    public struct InvariantViolation: Error, Equatable, Sendable {
        /// What is broken.
        public let message: String
    }

    /// Checks every structural invariant; O(rows). For tests and for data built by hand.
    public func validate() throws(InvariantViolation) {
        let n = asset.count
        for (name, column) in [("open", open), ("high", high), ("low", low), ("close", close), ("volume", volume)]
        where column.count != n {
            throw InvariantViolation(message: "column \(name) has \(column.count) rows, expected \(n)")
        }
        for (k, column) in signals.enumerated() where column.count != n {
            throw InvariantViolation(message: "signal \(signalNames[k]) has \(column.count) rows, expected \(n)")
        }
        guard signals.count == signalNames.count else {
            throw InvariantViolation(message: "signal names and columns differ in count")
        }
        guard rowStart.count == timestamps.count + 1, rowStart.first == 0, rowStart.last == n else {
            throw InvariantViolation(message: "rowStart must have timestamps.count + 1 entries from 0 to rowCount")
        }
        for i in assets.indices.dropFirst() where !(Array(assets[i - 1].utf8).lexicographicallyPrecedes(assets[i].utf8))
        {
            throw InvariantViolation(message: "assets must be strictly ascending byte-wise at \(i)")
        }
        for i in timestamps.indices {
            if i > 0 && timestamps[i] <= timestamps[i - 1] {
                throw InvariantViolation(message: "timestamps must be strictly ascending at \(i)")
            }
            var previous: Int32 = -1
            for row in rowStart[i]..<rowStart[i + 1] {
                let a = asset[row]
                guard a > previous, Int(a) < assets.count else {
                    throw InvariantViolation(message: "row \(row): asset index out of order or range")
                }
                previous = a
                guard open[row].isFinite, open[row] > 0, close[row].isFinite, close[row] > 0,
                    high[row].isFinite, low[row].isFinite, high[row] >= low[row]
                else {
                    throw InvariantViolation(message: "row \(row): prices must be finite, positive, high >= low")
                }
            }
        }
    }
}
