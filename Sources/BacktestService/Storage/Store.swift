// Storage behind a protocol: datasets, backtest records and results. The in-memory store serves
// now; a durable store (SQLite, PostgreSQL) implements the same protocol.
import BacktestEngine

/// One page of a listing and the cursor of the next one.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page, in listing order.
    public var items: [Item]
    /// Opaque; nil on the last page.
    public var nextCursor: String?
}

/// Where datasets, jobs and results live. Every method is safe to call from any thread.
public protocol Store: Sendable {
    /// Saves a new dataset.
    func insertDataset(_ dataset: Dataset)
    /// A dataset by id.
    func dataset(id: String) -> Dataset?
    /// Datasets in upload order, `limit` at a time; nil when the cursor is not one this store made.
    func datasets(cursor: String?, limit: Int) -> Page<DatasetInfo>?
    /// Removes a dataset; false when there was none.
    func deleteDataset(id: String) -> Bool

    /// Saves a new job.
    func insertBacktest(_ record: BacktestRecord)
    /// A job by id.
    func backtest(id: String) -> BacktestRecord?
    /// Changes a job atomically and returns what `body` returned, or nil when there is no such job.
    func updateBacktest<T>(id: String, _ body: (inout BacktestRecord) -> T) -> T?
    /// Jobs in submission order, optionally of one status, `limit` at a time; nil when the cursor
    /// is not one this store made. Cursors stay valid when items are deleted.
    func backtests(status: JobStatus?, cursor: String?, limit: Int) -> Page<BacktestRecord>?
    /// The next job sequence number.
    func nextSequence() -> Int

    /// Saves the full result of a succeeded job.
    func insertResult(id: String, _ result: BacktestResult)
    /// The full result of a succeeded job.
    func result(id: String) -> BacktestResult?
}
