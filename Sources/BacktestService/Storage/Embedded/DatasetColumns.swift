// A dataset's columns as a column file and back: bars (`MarketData`), a context series or signals. The facts
// (`DatasetInfo`) live in the database; this file holds only what the engine reads.
import BacktestEngine

/// Encodes and decodes a dataset's payload as columns.
enum DatasetColumns {
    /// The columns of `payload`.
    static func encode(_ payload: DatasetPayload) -> ColumnFileWriter {
        var file = ColumnFileWriter()
        switch payload {
        case .bars(let data):
            file.add("assets", .strings(data.assets))
            file.add("timestamps", .int64s(data.timestamps))
            file.add("row_start", .int64s(data.rowStart.map(Int64.init)))
            file.add("asset", .int32s(data.asset))
            file.add("open", .doubles(data.open))
            file.add("high", .doubles(data.high))
            file.add("low", .doubles(data.low))
            file.add("close", .doubles(data.close))
            file.add("volume", .doubles(data.volume))
            file.add("fields", .bytes([data.fields.rawValue]))
            file.add("signal_names", .strings(data.signalNames))
            for (k, column) in data.signals.enumerated() { file.add("signal.\(k)", .doubles(column)) }
        case .context(let series):
            file.add("timestamps", .int64s(series.timestamps))
            file.add("names", .strings(series.names))
            for (k, column) in series.columns.enumerated() { file.add("column.\(k)", .doubles(column)) }
        case .signals(let series):
            file.add("assets", .strings(series.assets))
            file.add("names", .strings(series.names))
            file.add("name", .int32s(series.name))
            file.add("asset", .int32s(series.asset))
            file.add("timestamp", .int64s(series.timestamp))
            file.add("available_at", .int64s(series.availableAt))
            file.add("value", .doubles(series.value))
        }
        return file
    }

    /// The payload of kind `kind` read back from `file`.
    static func decode(_ file: ColumnFile, kind: DatasetKind) throws(StoreError) -> DatasetPayload {
        switch kind {
        case .bars:
            let names = try file.strings("signal_names")
            var signals: [[Double]] = []
            for k in names.indices { signals.append(try file.doubles("signal.\(k)")) }
            let fields = try file.bytes("fields")
            return .bars(
                MarketData(
                    assets: try file.strings("assets"), timestamps: try file.int64s("timestamps"),
                    rowStart: try file.int64s("row_start").map { Int($0) }, asset: try file.int32s("asset"),
                    open: try file.doubles("open"), high: try file.doubles("high"), low: try file.doubles("low"),
                    close: try file.doubles("close"), volume: try file.doubles("volume"), signalNames: names,
                    signals: signals, fields: BarFields(rawValue: fields.first ?? 0)))
        case .context:
            let names = try file.strings("names")
            var columns: [[Double]] = []
            for k in names.indices { columns.append(try file.doubles("column.\(k)")) }
            return .context(ContextSeries(timestamps: try file.int64s("timestamps"), names: names, columns: columns))
        case .signals:
            return .signals(
                SignalSeries(
                    assets: try file.strings("assets"), names: try file.strings("names"), name: try file.int32s("name"),
                    asset: try file.int32s("asset"), timestamp: try file.int64s("timestamp"),
                    availableAt: try file.int64s("available_at"), value: try file.doubles("value")))
        }
    }

    /// Bytes a payload holds in memory, for the cache's budget.
    static func memoryBytes(_ payload: DatasetPayload) -> Int {
        switch payload {
        case .bars(let data): data.rowCount * (5 * 8 + 4 + 8 * data.signals.count) + data.timestamps.count * 16
        case .context(let series): series.rowCount * (8 + 8 * series.columns.count)
        case .signals(let series): series.rowCount * (4 + 4 + 8 + 8 + 8)
        }
    }
}
