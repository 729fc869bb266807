/// A timestamp-keyed table shared by all assets (VIX, regime, market trend), joined as-of.
///
/// `timestamps` are strictly ascending UTC epoch seconds; `columns[k][i]` is column `names[k]` at
/// `timestamps[i]` (NaN when missing). A bar at `t` sees the last row at or before `t`.
public struct ContextSeries: Sendable {
    /// Row timestamps, strictly ascending, UTC seconds since the epoch.
    public let timestamps: [Int64]
    /// Column names, in upload order.
    public let names: [String]
    /// `columns[k][row]`; NaN when missing.
    public let columns: [[Double]]

    /// Builds a context series from columns that already satisfy the invariants above.
    public init(timestamps: [Int64], names: [String], columns: [[Double]]) {
        self.timestamps = timestamps
        self.names = names
        self.columns = columns
    }

    /// Number of rows.
    public var rowCount: Int { timestamps.count }
}
