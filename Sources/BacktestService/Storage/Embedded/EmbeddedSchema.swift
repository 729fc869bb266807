// The embedded store's SQLite schema, as GRDB migrations: each is applied once, in order, when the
// store opens a data directory, so a newer server upgrades an older directory in place.
import GRDB

/// Migrations of the embedded store's database.
enum EmbeddedSchema {
    /// Every migration, oldest first.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: datasets and backtests") { db in
            try db.execute(
                sql: """
                    CREATE TABLE dataset (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        name TEXT,
                        created_at INTEGER NOT NULL,
                        row_count INTEGER NOT NULL,
                        asset_count INTEGER NOT NULL,
                        timestamp_count INTEGER NOT NULL,
                        first_timestamp INTEGER NOT NULL,
                        last_timestamp INTEGER NOT NULL,
                        columns TEXT NOT NULL,
                        signal_columns TEXT NOT NULL,
                        upload_bytes INTEGER NOT NULL,
                        file_bytes INTEGER NOT NULL,
                        deleted INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE backtest (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        status TEXT NOT NULL,
                        cancel_requested INTEGER NOT NULL DEFAULT 0,
                        spec TEXT NOT NULL,
                        dataset TEXT NOT NULL,
                        context TEXT,
                        progress REAL NOT NULL DEFAULT 0,
                        created_at REAL NOT NULL,
                        started_at REAL,
                        finished_at REAL,
                        summary BLOB,
                        bars INTEGER,
                        open_positions INTEGER,
                        error_code TEXT,
                        error_message TEXT,
                        idempotency_key TEXT UNIQUE,
                        result_bytes INTEGER
                    );
                    CREATE INDEX backtest_by_status ON backtest(status, seq);
                    """)
        }
        migrator.registerMigration("v2: tombstones of removed backtests") { db in
            try db.execute(
                sql: """
                    CREATE TABLE removed_backtest (
                        id TEXT PRIMARY KEY,
                        removed_at REAL NOT NULL,
                        reason TEXT NOT NULL
                    );
                    CREATE INDEX backtest_by_finish ON backtest(finished_at, seq) WHERE finished_at IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v3: sweeps") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sweep (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        spec TEXT NOT NULL,
                        children TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        finished_at REAL,
                        cancel_requested INTEGER NOT NULL DEFAULT 0,
                        statistics TEXT,
                        idempotency_key TEXT UNIQUE
                    );
                    ALTER TABLE backtest ADD COLUMN sweep_id TEXT;
                    CREATE INDEX backtest_by_sweep ON backtest(sweep_id, seq) WHERE sweep_id IS NOT NULL;
                    CREATE INDEX backtest_by_sweep_status ON backtest(sweep_id, status) WHERE sweep_id IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v4: walk-forward") { db in
            try db.execute(sql: "ALTER TABLE sweep ADD COLUMN walk_forward TEXT")
        }
        return migrator
    }
}
