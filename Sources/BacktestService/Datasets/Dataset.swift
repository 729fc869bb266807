// A stored dataset: what was uploaded (bars, a context series or signals) and the facts the API
// reports on it.
import BacktestEngine

/// What a dataset holds.
public enum DatasetKind: String, Sendable, CaseIterable {
    /// Long-format bars per asset with signal columns.
    case bars
    /// A timestamp-keyed series shared by all assets, joined as-of.
    case context
    /// Signals in long format (`timestamp, asset, name, value`, optional `available_at`), merged
    /// point in time.
    case signals
}

/// The columns of a dataset, as stored.
public enum DatasetPayload: Sendable {
    case bars(MarketData)
    case context(ContextSeries)
    case signals(SignalSeries)
}

/// Facts about a dataset, as `GET /v1/datasets/{id}` reports them.
public struct DatasetInfo: Sendable, Equatable {
    /// `ds_…`
    public var id: String
    /// Bars or context.
    public var kind: DatasetKind
    /// A label for people, from `?name=` at upload.
    public var name: String?
    /// Upload time, UTC epoch seconds.
    public var createdAt: Int64
    /// Data rows (bars, or context rows).
    public var rows: Int
    /// Distinct assets (0 for context).
    public var assets: Int
    /// Distinct timestamps.
    public var timestamps: Int
    /// First and last timestamp, UTC epoch seconds.
    public var start: Int64
    /// Last timestamp, UTC epoch seconds.
    public var end: Int64
    /// Every column, fixed columns first.
    public var columns: [String]
    /// The numeric columns a strategy may read (signals, the context's columns, or the signal names
    /// of a signals dataset).
    public var signalColumns: [String]
    /// Size of the upload in bytes.
    public var bytes: Int
}

/// A dataset: its facts and its columns.
public struct Dataset: Sendable {
    /// Facts about the dataset.
    public var info: DatasetInfo
    /// The parsed columns.
    public var payload: DatasetPayload

    /// Describes parsed columns under a new id.
    public init(id: String, name: String?, createdAt: Int64, bytes: Int, payload: DatasetPayload) {
        self.payload = payload
        switch payload {
        case .bars(let data):
            info = DatasetInfo(
                id: id, kind: .bars, name: name, createdAt: createdAt, rows: data.rowCount, assets: data.assets.count,
                timestamps: data.timestamps.count, start: data.timestamps.first ?? 0, end: data.timestamps.last ?? 0,
                columns: ["timestamp", "asset"] + Self.barColumns(data.fields) + data.signalNames,
                signalColumns: data.signalNames, bytes: bytes)
        case .context(let series):
            info = DatasetInfo(
                id: id, kind: .context, name: name, createdAt: createdAt, rows: series.rowCount, assets: 0,
                timestamps: series.rowCount, start: series.timestamps.first ?? 0, end: series.timestamps.last ?? 0,
                columns: ["timestamp"] + series.names, signalColumns: series.names, bytes: bytes)
        case .signals(let series):
            let (first, last, distinct) = Self.timestampFacts(series.timestamp)
            info = DatasetInfo(
                id: id, kind: .signals, name: name, createdAt: createdAt, rows: series.rowCount,
                assets: series.assets.count, timestamps: distinct, start: first, end: last,
                columns: ["timestamp", "asset", "name", "value", "available_at"], signalColumns: series.names,
                bytes: bytes)
        }
    }

    /// The first and last timestamp and how many distinct ones (one sort of a copy; at upload only).
    private static func timestampFacts(_ timestamps: [Int64]) -> (Int64, Int64, Int) {
        let sorted = timestamps.sorted()
        var distinct = 0
        for i in sorted.indices where i == 0 || sorted[i] != sorted[i - 1] { distinct += 1 }
        return (sorted.first ?? 0, sorted.last ?? 0, distinct)
    }

    /// Facts and columns as a store kept them.
    init(info: DatasetInfo, payload: DatasetPayload) {
        self.info = info
        self.payload = payload
    }

    /// The bars, when this is a bars dataset.
    public var bars: MarketData? {
        if case .bars(let data) = payload { return data }
        return nil
    }

    /// The series, when this is a context dataset.
    public var context: ContextSeries? {
        if case .context(let series) = payload { return series }
        return nil
    }

    /// The signals, when this is a signals dataset.
    public var signals: SignalSeries? {
        if case .signals(let series) = payload { return series }
        return nil
    }
}

extension DatasetInfo {
    /// The JSON the API answers with.
    public var json: JSONValue {
        .object([
            "id": .string(id),
            "kind": .string(kind.rawValue),
            "name": .optional(name),
            "created_at": .string(UTCTime.format(createdAt)),
            "rows": .int(rows),
            "assets": .int(assets),
            "timestamps": .int(timestamps),
            "start": .string(UTCTime.format(start)),
            "end": .string(UTCTime.format(end)),
            "columns": .array(columns.map(JSONValue.string)),
            "signal_columns": .array(signalColumns.map(JSONValue.string)),
            "bytes": .int(bytes),
        ])
    }
}

extension Dataset {
    /// The bar columns a bars dataset has, in the fixed order: the price fields the upload carried
    /// and `close`.
    static func barColumns(_ fields: BarFields) -> [String] {
        let optional: [(String, BarFields)] = [("open", .open), ("high", .high), ("low", .low)]
        return optional.compactMap { fields.contains($0.1) ? $0.0 : nil } + ["close"]
            + (fields.contains(.volume) ? ["volume"] : [])
    }
}
