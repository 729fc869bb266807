// The durable embedded `Store`: a data directory holding SQLite (through GRDB) for metadata, jobs
// and summaries, and checksummed column files for datasets (`datasets/ID.col`) and results
// (`results/ID.col`). Files are written and fsynced before the row that names them commits, and
// every commit is fsynced (WAL, synchronous=FULL), so whatever a method returned survives kill -9.
// Opening the directory recovers: jobs that were running are queued again, files no row names go.
import BacktestEngine
import GRDB
import Glibc

/// A `Store` in a data directory on the local disk.
public final class EmbeddedStore: Store {
    let pool: DatabasePool
    let clock: WallClock
    private let directory: String
    /// Holds the directory's `LOCK` file locked: one server per directory.
    private let lockDescriptor: Int32
    let datasetCache: ByteBudgetCache<Dataset>
    let resultCache: ByteBudgetCache<BacktestResult>

    /// Opens (creating if needed) the store in `directory`, migrates its schema and recovers from
    /// an unclean stop. Fails when another server holds the directory.
    public init(
        directory: String, clock: WallClock = .system, datasetCacheBytes: Int = 2 << 30,
        resultCacheBytes: Int = 256 << 20
    ) throws(StoreError) {
        self.directory = directory
        self.clock = clock
        datasetCache = ByteBudgetCache(budgetBytes: datasetCacheBytes)
        resultCache = ByteBudgetCache(budgetBytes: resultCacheBytes)
        for path in [directory, directory + "/datasets", directory + "/results"] {
            try DurableFile.makeDirectory(path)
        }
        let lockPath = directory + "/LOCK"
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else { throw DurableFile.failure("open", lockPath) }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(lockDescriptor)
            throw StoreError(.io, "\(directory) is in use by another server (its LOCK is held)")
        }
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                // WAL (DatabasePool's mode) with FULL fsyncs the log at every commit: a commit that
                // returned is on disk.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            pool = try DatabasePool(path: directory + "/store.sqlite", configuration: configuration)
            try EmbeddedSchema.migrator.migrate(pool)
        } catch {
            close(lockDescriptor)
            throw StoreError(.io, "opening \(directory)/store.sqlite: \(error)")
        }
        try recover()
    }

    deinit {
        close(lockDescriptor)
    }

    func datasetPath(_ id: String) -> String { "\(directory)/datasets/\(id).col" }
    func resultPath(_ id: String) -> String { "\(directory)/results/\(id).col" }

    /// Runs a database call; any failure becomes a `StoreError`.
    func database<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "\(what): \(error)")
        }
    }

    /// Queues again the jobs a crash interrupted, and removes files that no row names (a crash
    /// between a file's write and its row's commit, or after a deletion's commit).
    private func recover() throws(StoreError) {
        let now = clock.now()
        let (datasets, results) = try database("recovering") {
            try pool.write { db -> (Set<String>, Set<String>) in
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM backtest WHERE status = 'running'")
                for row in rows {
                    var record = try BacktestRecord(row: row)
                    switch record.lifecycle.handle(.interrupt) {
                    case .finished: record.finishedAt = now
                    default:
                        record.startedAt = nil
                        record.progress = 0
                    }
                    try record.save(db)
                }
                let datasets = try String.fetchAll(db, sql: "SELECT id FROM dataset")
                let results = try String.fetchAll(db, sql: "SELECT id FROM backtest WHERE status = 'succeeded'")
                return (Set(datasets), Set(results))
            }
        }
        for (folder, keep) in [("datasets", datasets), ("results", results)] {
            for name in try DurableFile.list("\(directory)/\(folder)") {
                let id = name.hasSuffix(".col") ? String(name.dropLast(4)) : ""
                if !keep.contains(id) { DurableFile.remove("\(directory)/\(folder)/\(name)") }
            }
        }
    }

    /// See `Store`.
    public func insertDataset(_ dataset: Dataset) throws(StoreError) {
        let path = datasetPath(dataset.info.id)
        let fileBytes = try DatasetColumns.encode(dataset.payload).write(to: path)
        do {
            try database("saving dataset \(dataset.info.id)") {
                try pool.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO dataset (id, kind, name, created_at, row_count, asset_count, timestamp_count,
                                first_timestamp, last_timestamp, columns, signal_columns, upload_bytes, file_bytes)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: dataset.info.arguments(fileBytes: fileBytes))
                }
            }
        } catch {
            DurableFile.remove(path)
            throw error
        }
        datasetCache.insert(dataset.info.id, dataset, bytes: DatasetColumns.memoryBytes(dataset.payload))
    }

    /// See `Store`.
    public func datasetInfo(id: String) throws(StoreError) -> DatasetInfo? {
        let row = try database("reading dataset \(id)") {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE id = ? AND deleted = 0", arguments: [id])
            }
        }
        return try row.map { (row) throws(StoreError) in try DatasetInfo(row: row) }
    }

    /// See `Store`.
    public func dataset(id: String, includingDeleted: Bool) throws(StoreError) -> Dataset? {
        let sql = "SELECT * FROM dataset WHERE id = ?" + (includingDeleted ? "" : " AND deleted = 0")
        let row = try database("reading dataset \(id)") {
            try pool.read { db in try Row.fetchOne(db, sql: sql, arguments: [id]) }
        }
        guard let row else { return nil }
        if let cached = datasetCache.value(id) { return cached }
        let info = try DatasetInfo(row: row)
        let file = try ColumnFile(path: datasetPath(id))
        let dataset = Dataset(info: info, payload: try DatasetColumns.decode(file, kind: info.kind))
        datasetCache.insert(id, dataset, bytes: DatasetColumns.memoryBytes(dataset.payload))
        return dataset
    }

    /// See `Store`.
    public func datasets(cursor: String?, limit: Int) throws(StoreError) -> Page<DatasetInfo>? {
        guard let after = Self.sequence(after: cursor) else { return nil }
        let rows = try database("listing datasets") {
            try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM dataset WHERE deleted = 0 AND seq > ? ORDER BY seq LIMIT ?",
                    arguments: [after, limit + 1])
            }
        }
        var items: [DatasetInfo] = []
        for row in rows.prefix(limit) { items.append(try DatasetInfo(row: row)) }
        let next: Int64? = rows.count > limit ? rows[limit - 1]["seq"] : nil
        return Page(items: items, nextCursor: next.map { String($0) })
    }

    /// See `Store`.
    public func deleteDataset(id: String) throws(StoreError) -> Bool {
        let (deleted, purged) = try database("deleting dataset \(id)") {
            try pool.write { db -> (Bool, [String]) in
                try db.execute(sql: "UPDATE dataset SET deleted = 1 WHERE id = ? AND deleted = 0", arguments: [id])
                let deleted = db.changesCount > 0
                return (deleted, deleted ? try Self.purgeDatasets(db) : [])
            }
        }
        removeDatasetFiles(purged)
        return deleted
    }

    /// Deletes the rows of deleted datasets that no unfinished job names; returns their ids (their
    /// files go after the commit).
    static func purgeDatasets(_ db: Database) throws -> [String] {
        let ids = try String.fetchAll(
            db,
            sql: """
                SELECT id FROM dataset WHERE deleted = 1 AND id NOT IN (
                    SELECT dataset FROM backtest WHERE status IN ('queued', 'running')
                    UNION SELECT context FROM backtest WHERE status IN ('queued', 'running') AND context IS NOT NULL)
                """)
        for id in ids { try db.execute(sql: "DELETE FROM dataset WHERE id = ?", arguments: [id]) }
        return ids
    }

    func removeDatasetFiles(_ ids: [String]) {
        for id in ids {
            datasetCache.remove(id)
            DurableFile.remove(datasetPath(id))
        }
    }

    /// The sequence number a cursor names (0 for none); nil when it is not a cursor.
    static func sequence(after cursor: String?) -> Int64? {
        guard let cursor else { return 0 }
        guard let n = Int64(cursor), n >= 0 else { return nil }
        return n
    }
}
