// The embedded store's sweeps: a `sweep` row and its children's `backtest` rows are written in one
// transaction, so a crash leaves either the whole sweep queued or none of it.
import BacktestEngine
import Foundation
import GRDB

extension EmbeddedStore {
    /// See `Store`.
    public func enqueueSweep(_ sweep: SweepRecord, children: [BacktestRecord]) throws(StoreError) -> SweepEnqueued {
        let specTexts = children.map(\.specText)
        return try database("queueing sweep \(sweep.id)") {
            try pool.write { db -> SweepEnqueued in
                if let key = sweep.idempotencyKey,
                    let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM sweep WHERE idempotency_key = ?", arguments: [key])
                {
                    return .replayed(try SweepRecord(row: row))
                }
                try db.execute(
                    sql: """
                        INSERT INTO sweep (id, spec, children, created_at, idempotency_key, walk_forward)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: sweep.insertArguments)
                var accepted = sweep
                accepted.sequence = Int(db.lastInsertedRowID)
                for (child, text) in zip(children, specTexts) { _ = try Self.insert(child, specText: text, db) }
                return .accepted(accepted)
            }
        }
    }

    /// See `Store`.
    public func sweep(id: String) throws(StoreError) -> SweepRecord? {
        try fetchSweep("SELECT * FROM sweep WHERE id = ?", [id])
    }

    /// See `Store`.
    public func sweep(idempotencyKey: String) throws(StoreError) -> SweepRecord? {
        try fetchSweep("SELECT * FROM sweep WHERE idempotency_key = ?", [idempotencyKey])
    }

    private func fetchSweep(_ sql: String, _ arguments: StatementArguments) throws(StoreError) -> SweepRecord? {
        let row = try database("reading a sweep") {
            try pool.read { db in try Row.fetchOne(db, sql: sql, arguments: arguments) }
        }
        return try row.map { (row) throws(StoreError) in try SweepRecord(row: row) }
    }

    /// See `Store`.
    public func sweeps(cursor: String?, limit: Int) throws(StoreError) -> Page<SweepRecord>? {
        guard let after = Self.sequence(after: cursor) else { return nil }
        let rows = try database("listing sweeps") {
            try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM sweep WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit + 1])
            }
        }
        var items: [SweepRecord] = []
        for row in rows.prefix(limit) { items.append(try SweepRecord(row: row)) }
        let next: Int64? = rows.count > limit ? rows[limit - 1]["seq"] : nil
        return Page(items: items, nextCursor: next.map { String($0) })
    }

    /// See `Store`.
    public func latestSweeps(limit: Int) throws(StoreError) -> [SweepRecord] {
        let rows = try database("listing the latest sweeps") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM sweep ORDER BY seq DESC LIMIT ?", arguments: [limit])
            }
        }
        var sweeps: [SweepRecord] = []
        for row in rows { sweeps.append(try SweepRecord(row: row)) }
        return sweeps
    }

    /// See `Store`.
    public func updateSweep<T>(id: String, _ body: (inout SweepRecord) -> T) throws(StoreError) -> T? {
        try database("updating sweep \(id)") {
            try pool.write { db -> T? in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sweep WHERE id = ?", arguments: [id]) else {
                    return nil
                }
                var sweep = try SweepRecord(row: row)
                let value = body(&sweep)
                try sweep.save(db)
                return value
            }
        }
    }

    /// See `Store`.
    public func addSweepChild(
        id: String, _ child: BacktestRecord, _ body: (inout SweepRecord) -> Bool
    ) throws(StoreError)
        -> Bool
    {
        let text = child.specText
        return try database("queueing a child of sweep \(id)") {
            try pool.write { db -> Bool in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sweep WHERE id = ?", arguments: [id]) else {
                    return false
                }
                var sweep = try SweepRecord(row: row)
                guard body(&sweep) else { return false }
                sweep.children.append(child.id)
                try sweep.save(db)
                _ = try Self.insert(child, specText: text, db)
                return true
            }
        }
    }

    /// See `Store`.
    public func anyUnfinished(_ ids: some Collection<String>) throws(StoreError) -> Bool {
        guard !ids.isEmpty else { return false }
        let list = Array(ids)
        return try database("reading backtests") {
            try pool.read { db in
                // In slices, under SQLite's limit on bound parameters.
                for start in stride(from: 0, to: list.count, by: 10_000) {
                    let slice = list[start..<min(start + 10_000, list.count)]
                    let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                    let found = try Bool.fetchOne(
                        db,
                        sql: """
                            SELECT EXISTS (SELECT 1 FROM backtest
                                WHERE id IN (\(marks)) AND status IN ('queued', 'running'))
                            """, arguments: StatementArguments(slice))
                    if found == true { return true }
                }
                return false
            }
        }
    }

    /// See `Store`.
    public func sweepTally(id: String) throws(StoreError) -> SweepTally? {
        try database("counting sweep \(id)") {
            try pool.read { db -> SweepTally? in
                guard
                    let text = try String.fetchOne(db, sql: "SELECT children FROM sweep WHERE id = ?", arguments: [id])
                else { return nil }
                let total = (try? JSONParser.parse(Array(text.utf8)))?.arrayValue?.count ?? 0
                var tally = SweepTally()
                let rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT status, COUNT(*) AS n, SUM(progress) AS p FROM backtest WHERE sweep_id = ? GROUP BY status",
                    arguments: [id])
                for row in rows {
                    guard let status = JobStatus(rawValue: row["status"]) else { continue }
                    let n: Int = row["n"]
                    let progress: Double = row["p"] ?? 0
                    switch status {
                    case .queued: tally.queued = n
                    case .running: tally.running = n
                    case .succeeded: tally.succeeded = n
                    case .failed: tally.failed = n
                    case .cancelled: tally.cancelled = n
                    }
                    tally.progress += status.isTerminal ? Double(n) : progress
                }
                tally.removed = max(0, total - tally.total)
                tally.progress += Double(tally.removed)
                return tally
            }
        }
    }

    /// See `Store`.
    public func sweepHasUnfinishedChildren(id: String) throws(StoreError) -> Bool {
        try database("reading sweep \(id)") {
            try pool.read { db in
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM backtest
                            WHERE sweep_id = ? AND status IN ('queued', 'running'))
                        """, arguments: [id]) ?? false
            }
        }
    }

    /// See `Store`.
    public func sweepChildren(id: String) throws(StoreError) -> [BacktestRecord] {
        let rows = try database("reading sweep \(id)") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM backtest WHERE sweep_id = ? ORDER BY seq", arguments: [id])
            }
        }
        var records: [BacktestRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows { records.append(try BacktestRecord(row: row)) }
        return records
    }

    /// See `Store`.
    public func sweepChildSummaries(id: String) throws(StoreError) -> [SweepChild] {
        let rows = try database("reading sweep \(id)") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, status, progress, summary, bars, error_code,
                            json_extract(spec, '$.account.initial_cash') AS initial_cash
                        FROM backtest WHERE sweep_id = ? ORDER BY seq
                        """, arguments: [id])
            }
        }
        var children: [SweepChild] = []
        children.reserveCapacity(rows.count)
        for row in rows {
            let child: String = row["id"]
            let text: String = row["status"]
            guard let status = JobStatus(rawValue: text), let cash: Double = row["initial_cash"] else {
                throw StoreError(.corrupt, "backtest \(child): unknown status \(text) or no initial cash in its spec")
            }
            var summary: Metrics?
            if let blob: Data = row["summary"] { summary = try ResultColumns.metrics(from: [UInt8](blob)) }
            children.append(
                SweepChild(
                    id: child, status: status, progress: row["progress"], initialCash: cash, summary: summary,
                    bars: row["bars"], errorCode: row["error_code"]))
        }
        return children
    }

    /// See `Store`.
    public func unfinishedSweeps() throws(StoreError) -> [SweepRecord] {
        let rows = try database("listing unfinished sweeps") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM sweep WHERE finished_at IS NULL ORDER BY seq")
            }
        }
        var sweeps: [SweepRecord] = []
        for row in rows { sweeps.append(try SweepRecord(row: row)) }
        return sweeps
    }

    /// See `Store`.
    public func removeSweep(id: String, _ removal: Removal) throws(StoreError) -> SweepRemoved {
        let outcome: SweepRemoved = try database("removing sweep \(id)") {
            try pool.write { db -> SweepRemoved in
                if let gone = try Self.removal(db, id) { return .gone(gone) }
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sweep WHERE id = ?", arguments: [id]) else {
                    return .missing
                }
                let sweep = try SweepRecord(row: row)
                let unfinished =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM backtest WHERE sweep_id = ? AND status IN ('queued', 'running')",
                        arguments: [id]) ?? 0
                guard sweep.finishedAt != nil, unfinished == 0 else { return .notFinished(sweep) }
                let children = try String.fetchAll(
                    db, sql: "SELECT id FROM backtest WHERE sweep_id = ? ORDER BY seq", arguments: [id])
                for child in children { try Self.remove(db, child, removal) }
                try db.execute(sql: "DELETE FROM sweep WHERE id = ?", arguments: [id])
                try db.execute(
                    sql: "INSERT INTO removed_backtest (id, removed_at, reason) VALUES (?, ?, ?)",
                    arguments: [id, removal.at, removal.reason.rawValue])
                return .removed(children: children)
            }
        }
        if case .removed(let children) = outcome { removeResultFiles(children) }
        return outcome
    }
}
