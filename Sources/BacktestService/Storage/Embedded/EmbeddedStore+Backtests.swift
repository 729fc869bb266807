// The embedded store's jobs: the queue is the `backtest` table, claimed in submission order inside
// write transactions (one writer at a time), and a result file is durable before the row that
// says the job succeeded commits.
import BacktestEngine
import GRDB

extension EmbeddedStore {
    /// See `Store`.
    public func enqueueBacktest(_ record: BacktestRecord, capacity: Int) throws(StoreError) -> Enqueued {
        let specText = record.specText
        return try database("queueing backtest \(record.id)") {
            try pool.write { db -> Enqueued in
                if let key = record.idempotencyKey,
                    let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM backtest WHERE idempotency_key = ?", arguments: [key])
                {
                    return .replayed(try BacktestRecord(row: row))
                }
                let queued =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM backtest WHERE status = 'queued' AND sweep_id IS NULL") ?? 0
                guard queued < capacity else { return .full }
                return .accepted(try Self.insert(record, specText: specText, db))
            }
        }
    }

    /// Inserts a new queued job and returns it with its sequence number.
    static func insert(_ record: BacktestRecord, specText: String, _ db: Database) throws -> BacktestRecord {
        try db.execute(
            sql: """
                INSERT INTO backtest (id, status, spec, dataset, context, progress, created_at, idempotency_key, sweep_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.id, record.status.rawValue, specText, record.spec.dataset, record.spec.context,
                record.progress, record.createdAt, record.idempotencyKey, record.sweep,
            ])
        var accepted = record
        accepted.sequence = Int(db.lastInsertedRowID)
        return accepted
    }

    /// See `Store`.
    public func backtest(id: String) throws(StoreError) -> BacktestRecord? {
        try fetchOne("SELECT * FROM backtest WHERE id = ?", [id])
    }

    /// See `Store`.
    public func backtest(idempotencyKey: String) throws(StoreError) -> BacktestRecord? {
        try fetchOne("SELECT * FROM backtest WHERE idempotency_key = ?", [idempotencyKey])
    }

    private func fetchOne(_ sql: String, _ arguments: StatementArguments) throws(StoreError) -> BacktestRecord? {
        let row = try database("reading a backtest") {
            try pool.read { db in try Row.fetchOne(db, sql: sql, arguments: arguments) }
        }
        return try row.map { (row) throws(StoreError) in try BacktestRecord(row: row) }
    }

    /// See `Store`.
    public func updateBacktest<T>(id: String, _ body: (inout BacktestRecord) -> T) throws(StoreError) -> T? {
        let (value, purged): (T?, [String]) = try database("updating backtest \(id)") {
            try pool.write { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM backtest WHERE id = ?", arguments: [id]) else {
                    return (nil, [])
                }
                var record = try BacktestRecord(row: row)
                let before = record.status
                let value = body(&record)
                try record.save(db)
                let ended = !before.isTerminal && record.status.isTerminal
                return (value, ended ? try Self.purgeDatasets(db) : [])
            }
        }
        removeDatasetFiles(purged)
        return value
    }

    /// See `Store`.
    public func backtests(status: JobStatus?, cursor: String?, limit: Int) throws(StoreError) -> Page<BacktestRecord>? {
        guard let after = Self.sequence(after: cursor) else { return nil }
        let rows = try database("listing backtests") {
            try pool.read { db in
                if let status {
                    return try Row.fetchAll(
                        db, sql: "SELECT * FROM backtest WHERE status = ? AND seq > ? ORDER BY seq LIMIT ?",
                        arguments: [status.rawValue, after, limit + 1])
                }
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM backtest WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit + 1])
            }
        }
        var items: [BacktestRecord] = []
        for row in rows.prefix(limit) { items.append(try BacktestRecord(row: row)) }
        let next: Int64? = rows.count > limit ? rows[limit - 1]["seq"] : nil
        return Page(items: items, nextCursor: next.map { String($0) })
    }

    /// See `Store`.
    public func latestBacktests(limit: Int) throws(StoreError) -> [BacktestRecord] {
        let rows = try database("listing the latest backtests") {
            try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM backtest WHERE sweep_id IS NULL ORDER BY seq DESC LIMIT ?",
                    arguments: [limit])
            }
        }
        var records: [BacktestRecord] = []
        for row in rows { records.append(try BacktestRecord(row: row)) }
        return records
    }

    /// See `Store`.
    public func countBacktests(status: JobStatus) throws(StoreError) -> Int {
        try database("counting backtests") {
            try pool.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM backtest WHERE status = ?", arguments: [status.rawValue])
                    ?? 0
            }
        }
    }

    /// See `Store`.
    public func claimBacktest(now: Double) throws(StoreError) -> BacktestRecord? {
        try database("claiming a backtest") {
            try pool.write { db -> BacktestRecord? in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM backtest WHERE status = 'queued' ORDER BY seq LIMIT 1")
                else { return nil }
                var record = try BacktestRecord(row: row)
                guard record.lifecycle.handle(.start) == .run else { return nil }
                record.startedAt = now
                try record.save(db)
                return record
            }
        }
    }

    /// See `Store`.
    public func completeBacktest(
        id: String, result: BacktestResult, _ update: (inout BacktestRecord) -> Void
    )
        throws(StoreError)
    {
        // The file first: a crash before the commit leaves the job running (so it runs again) and an
        // orphan file that the next start removes.
        let bytes = try ResultColumns.encode(result).write(to: resultPath(id))
        let purged: [String] = try database("completing backtest \(id)") {
            try pool.write { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM backtest WHERE id = ?", arguments: [id]) else {
                    return []
                }
                var record = try BacktestRecord(row: row)
                let before = record.status
                update(&record)
                try record.save(db)
                try db.execute(sql: "UPDATE backtest SET result_bytes = ? WHERE id = ?", arguments: [bytes, id])
                return !before.isTerminal && record.status.isTerminal ? try Self.purgeDatasets(db) : []
            }
        }
        removeDatasetFiles(purged)
        resultCache.insert(id, result, bytes: ResultColumns.memoryBytes(result))
    }

    /// See `Store`.
    public func result(id: String) throws(StoreError) -> BacktestResult? {
        if let cached = resultCache.value(id) { return cached }
        guard try backtest(id: id)?.status == .succeeded else { return nil }
        let result = try ResultColumns.decode(try ColumnFile(path: resultPath(id)))
        resultCache.insert(id, result, bytes: ResultColumns.memoryBytes(result))
        return result
    }
}
