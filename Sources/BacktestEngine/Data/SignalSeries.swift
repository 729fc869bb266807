/// Signals kept apart from the bars, one value per (timestamp, asset, name), each known from its
/// `availableAt` on: predictions of several models per asset, merged onto the bars point in time.
///
/// Rows are sorted by (name, asset, timestamp, availableAt), with no (name, asset, timestamp,
/// availableAt) twice; `availableAt >= timestamp` (the ingest layer defaults it to the timestamp and
/// raises an earlier one to it). The same (name, asset, timestamp) at two `availableAt` is a revision:
/// the later one replaces the earlier from its own `availableAt` on. A missing value is NaN and, once
/// known, hides the earlier values (the model says it has no view).
///
/// How a bar reads it (`PointInTime.signalColumn`): at bar `t` an asset sees, among its rows known by
/// `t` (`availableAt <= t`), the one with the latest timestamp, the latest revision of it; NaN when
/// none is known yet. The value then holds on later bars until a newer one is known.
public struct SignalSeries: Sendable {
    /// Asset identifiers, ascending byte-wise; a row's `asset` value indexes this array.
    public let assets: [String]
    /// Signal names, ascending byte-wise; a row's `name` value indexes this array.
    public let names: [String]
    /// Per row: index into `names`.
    public let name: [Int32]
    /// Per row: index into `assets`.
    public let asset: [Int32]
    /// Per row: the bar the value is about, UTC epoch seconds.
    public let timestamp: [Int64]
    /// Per row: when the value became known, UTC epoch seconds, never before `timestamp`.
    public let availableAt: [Int64]
    /// Per row: the value; NaN when missing.
    public let value: [Double]

    /// Builds a series from columns that already satisfy the invariants above (the ingest layer sorts
    /// and checks them).
    public init(
        assets: [String], names: [String], name: [Int32], asset: [Int32], timestamp: [Int64],
        availableAt: [Int64], value: [Double]
    ) {
        self.assets = assets
        self.names = names
        self.name = name
        self.asset = asset
        self.timestamp = timestamp
        self.availableAt = availableAt
        self.value = value
    }

    /// Number of rows.
    public var rowCount: Int { name.count }

    /// The index of signal `name`, if the series has it.
    func nameIndex(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The rows of signal `k`: a contiguous run, since rows are sorted by name first.
    func rows(ofName k: Int) -> Range<Int> {
        let key = Int32(k)
        let lower = partitionPoint { $0 >= key }
        let upper = partitionPoint { $0 > key }
        return lower..<upper
    }

    /// The first row whose name index satisfies `predicate` (monotone over the sorted rows).
    private func partitionPoint(_ predicate: (Int32) -> Bool) -> Int {
        var low = 0
        var high = name.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(name[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
