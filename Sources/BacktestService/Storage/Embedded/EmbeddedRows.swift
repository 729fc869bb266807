// Records and dataset facts as rows of the embedded store's tables, and back. A row that does not
// decode is a corrupt store, never a crash.
import BacktestEngine
import Foundation
import GRDB

extension BacktestRecord {
    /// The record a `backtest` row holds.
    init(row: Row) throws(StoreError) {
        let id: String = row["id"]
        let text: String = row["spec"]
        guard let json = try? JSONParser.parse(Array(text.utf8)), case .success(let spec) = BacktestSpec.decode(json)
        else { throw StoreError(.corrupt, "backtest \(id): its stored spec does not decode") }
        self.init(
            id: id, sequence: row["seq"], spec: spec, createdAt: row["created_at"],
            idempotencyKey: row["idempotency_key"], sweep: row["sweep_id"])
        let statusText: String = row["status"]
        guard let status = JobStatus(rawValue: statusText) else {
            throw StoreError(.corrupt, "backtest \(id): unknown status \(statusText)")
        }
        lifecycle = JobLifecycle(status: status, cancelRequested: row["cancel_requested"])
        progress = row["progress"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        if let blob: Data = row["summary"] { summary = try ResultColumns.metrics(from: [UInt8](blob)) }
        bars = row["bars"]
        openPositions = row["open_positions"]
        if let code: String = row["error_code"] { error = JobError(code: code, message: row["error_message"] ?? "") }
    }

    /// The spec as the text stored (and decoded again on load).
    var specText: String { String(decoding: JSONWriter.encode(spec.json), as: UTF8.self) }

    /// Writes the changeable fields of this record to its row.
    func save(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE backtest SET status = ?, cancel_requested = ?, progress = ?, started_at = ?,
                    finished_at = ?, summary = ?, bars = ?, open_positions = ?, error_code = ?, error_message = ?
                WHERE id = ?
                """,
            arguments: [
                status.rawValue, lifecycle.cancelRequested, progress, startedAt, finishedAt,
                summary.map { Data(ResultColumns.metricsBytes($0)) }, bars, openPositions, error?.code,
                error?.message, id,
            ])
    }
}

extension SweepRecord {
    /// The record a `sweep` row holds.
    init(row: Row) throws(StoreError) {
        let id: String = row["id"]
        let specText: String = row["spec"]
        let childrenText: String = row["children"]
        guard let json = try? JSONParser.parse(Array(specText.utf8)),
            case .success(let spec) = SweepSpec.decode(json, maxCombinations: .max),
            let children = (try? JSONParser.parse(Array(childrenText.utf8)))?.arrayValue?.compactMap(\.stringValue)
        else { throw StoreError(.corrupt, "sweep \(id): its stored spec does not decode") }
        var walkForward: WalkForwardState?
        if let text: String = row["walk_forward"] {
            guard let value = try? JSONParser.parse(Array(text.utf8)), let state = WalkForwardState(stored: value)
            else {
                throw StoreError(.corrupt, "sweep \(id): its stored walk-forward windows do not decode")
            }
            walkForward = state
        }
        let expected = walkForward.map { spec.count * $0.windows.count + $0.tests } ?? spec.count
        guard children.count == expected, (walkForward == nil) == (spec.walkForward == nil) else {
            throw StoreError(
                .corrupt, "sweep \(id): it lists \(children.count) children, not the \(expected) its spec makes")
        }
        self.init(
            id: id, sequence: row["seq"], spec: spec, children: children, createdAt: row["created_at"],
            idempotencyKey: row["idempotency_key"])
        self.walkForward = walkForward
        finishedAt = row["finished_at"]
        cancelRequested = row["cancel_requested"]
        if let text: String = row["statistics"] {
            guard let value = try? JSONParser.parse(Array(text.utf8)) else {
                throw StoreError(.corrupt, "sweep \(id): its stored statistics do not decode")
            }
            statistics = SweepStatistics(stored: value)
        }
    }

    /// The arguments of an insert into `sweep`, in the column order of `EmbeddedStore.enqueueSweep`.
    var insertArguments: StatementArguments {
        [
            id, String(decoding: JSONWriter.encode(spec.json), as: UTF8.self),
            childrenText, createdAt, idempotencyKey, walkForwardText,
        ]
    }

    private var childrenText: String {
        String(decoding: JSONWriter.encode(.array(children.map(JSONValue.string))), as: UTF8.self)
    }

    private var walkForwardText: String? {
        walkForward.map { String(decoding: JSONWriter.encode($0.stored), as: UTF8.self) }
    }

    /// Writes the changeable fields of this record to its row.
    func save(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE sweep SET finished_at = ?, cancel_requested = ?, statistics = ?, children = ?, walk_forward = ?
                WHERE id = ?
                """,
            arguments: [
                finishedAt, cancelRequested,
                statistics.map { String(decoding: JSONWriter.encode($0.stored), as: UTF8.self) }, childrenText,
                walkForwardText, id,
            ])
    }
}

extension DatasetInfo {
    /// The facts a `dataset` row holds.
    init(row: Row) throws(StoreError) {
        let id: String = row["id"]
        let kindText: String = row["kind"]
        guard let kind = DatasetKind(rawValue: kindText) else {
            throw StoreError(.corrupt, "dataset \(id): unknown kind \(kindText)")
        }
        self.init(
            id: id, kind: kind, name: row["name"], createdAt: row["created_at"], rows: row["row_count"],
            assets: row["asset_count"], timestamps: row["timestamp_count"], start: row["first_timestamp"],
            end: row["last_timestamp"], columns: Self.names(row["columns"]),
            signalColumns: Self.names(row["signal_columns"]), bytes: row["upload_bytes"])
    }

    /// The arguments of an insert into `dataset`, in the column order of `EmbeddedStore.insertDataset`.
    func arguments(fileBytes: Int) -> StatementArguments {
        [
            id, kind.rawValue, name, createdAt, rows, assets, timestamps, start, end, Self.text(columns),
            Self.text(signalColumns), bytes, fileBytes,
        ]
    }

    private static func text(_ names: [String]) -> String {
        String(decoding: JSONWriter.encode(.array(names.map(JSONValue.string))), as: UTF8.self)
    }

    private static func names(_ text: String) -> [String] {
        ((try? JSONParser.parse(Array(text.utf8)))?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
