// The embedded store's deletion and eviction of finished jobs: in one transaction the job's row
// goes and its tombstone is written; after the commit its result file is unlinked (a crash in
// between leaves an orphan file that the next start removes).
import BacktestEngine
import GRDB

extension EmbeddedStore {
    /// See `Store`.
    public func removeBacktest(id: String, _ removal: Removal) throws(StoreError) -> Removed {
        let outcome: Removed = try database("removing backtest \(id)") {
            try pool.write { db -> Removed in
                if let gone = try Self.removal(db, id) { return .gone(gone) }
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM backtest WHERE id = ?", arguments: [id]) else {
                    return .missing
                }
                let record = try BacktestRecord(row: row)
                guard record.status.isTerminal else { return .notFinished(record) }
                try Self.remove(db, id, removal)
                return .removed
            }
        }
        if case .removed = outcome { removeResultFiles([id]) }
        return outcome
    }

    /// See `Store`.
    public func removal(id: String) throws(StoreError) -> Removal? {
        try database("reading backtest \(id)") { try pool.read { db in try Self.removal(db, id) } }
    }

    /// See `Store`.
    public func evictBacktests(_ policy: RetentionPolicy, now: Double) throws(StoreError) -> [String] {
        guard !policy.keepsEverything else { return [] }
        let evicted: [String] = try database("evicting backtests") {
            try pool.write { db -> [String] in
                var evicted: [String] = []
                if let age = policy.maxAgeSeconds {
                    let ids = try String.fetchAll(
                        db,
                        sql: """
                            SELECT id FROM backtest WHERE finished_at IS NOT NULL AND finished_at < ?
                                AND status IN ('succeeded', 'failed', 'cancelled') ORDER BY finished_at, seq
                            """, arguments: [now - age])
                    for id in ids { try Self.remove(db, id, Removal(at: now, reason: .expired)) }
                    evicted += ids
                }
                guard let budget = policy.budgetBytes else { return evicted }
                var total = try Int.fetchOne(db, sql: "SELECT SUM(result_bytes) FROM backtest") ?? 0
                guard total > budget else { return evicted }
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT id, result_bytes FROM backtest WHERE status = 'succeeded' AND result_bytes IS NOT NULL
                        ORDER BY finished_at, seq
                        """)
                var over: [String] = []
                while total > budget, let row = try rows.next() {
                    over.append(row["id"])
                    total -= row["result_bytes"] as Int
                }
                for id in over { try Self.remove(db, id, Removal(at: now, reason: .overBudget)) }
                return evicted + over
            }
        }
        removeResultFiles(evicted)
        return evicted
    }

    static func removal(_ db: Database, _ id: String) throws -> Removal? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM removed_backtest WHERE id = ?", arguments: [id]) else {
            return nil
        }
        guard let reason = Removal.Reason(rawValue: row["reason"]) else {
            throw StoreError(.corrupt, "backtest \(id) was removed for an unknown reason")
        }
        return Removal(at: row["removed_at"], reason: reason)
    }

    static func remove(_ db: Database, _ id: String, _ removal: Removal) throws {
        try db.execute(sql: "DELETE FROM backtest WHERE id = ?", arguments: [id])
        try db.execute(
            sql: "INSERT INTO removed_backtest (id, removed_at, reason) VALUES (?, ?, ?)",
            arguments: [id, removal.at, removal.reason.rawValue])
    }

    func removeResultFiles(_ ids: [String]) {
        for id in ids {
            resultCache.remove(id)
            DurableFile.remove(resultPath(id))
        }
    }
}
