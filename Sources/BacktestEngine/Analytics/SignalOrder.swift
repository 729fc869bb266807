// A signal's finite rows in ascending order, computed once per signal and shared by every horizon
// of its quality (`HorizonQuality`).

/// A signal's finite rows sorted by (value, row), shared by every horizon.
struct SignalOrder {
    let values: [Double]
    /// Rows whose signal is finite, by ascending value, ties by row.
    let rows: [Int32]
    /// Their signals, in the same order (so horizons read them sequentially).
    let sorted: [Double]

    init(_ values: [Double]) {
        self.values = values
        rows = RadixOrder.ascending(values)
        sorted = rows.map { values[Int($0)] }
    }
}
