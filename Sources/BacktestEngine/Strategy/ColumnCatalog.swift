// Resolves column names (signal, context, bar field) once, before the loop, to plain arrays;
// suggests the closest name for an unknown one (`Suggestions`).

/// One of the per-row price fields of `MarketData`, addressable by name in filters.
enum BarField: String, CaseIterable {
    case open, high, low, close, volume

    /// The optional field it is (nil for `close`, always present).
    var optional: BarFields? {
        switch self {
        case .open: .open
        case .high: .high
        case .low: .low
        case .close: nil
        case .volume: .volume
        }
    }
}

/// Where a column name points. Resolution order: data signal, context column, bar field.
enum ColumnSource: Equatable {
    case signal(Int)
    case context(Int)
    case bar(BarField)
}

/// A column resolved to a plain array: indexed by data row when `perRow`, else by bar index `t`
/// (context columns, joined as-of onto the bar timestamps).
struct ResolvedColumn {
    let values: [Double]
    let perRow: Bool

    /// The value on data row `row` (per-row columns) or bar `bar` (context columns). Unchecked: the
    /// simulation only asks for rows and bars of the data the column was resolved against (a
    /// checked subscript is a quarter of the instructions of a one-filter decision).
    @inline(__always)
    func value(row: Int, bar: Int) -> Double {
        values.withUnsafeBufferPointer { $0[perRow ? row : bar] }
    }
}

/// The names a strategy may refer to, and their resolution into arrays.
struct ColumnCatalog {
    let data: MarketData
    let context: ContextSeries?

    init(data: MarketData, context: ContextSeries?) {
        self.data = data
        self.context = context
    }

    func source(of name: String) -> ColumnSource? {
        if let k = data.signalIndex(named: name) { return .signal(k) }
        if let k = context?.names.firstIndex(of: name) { return .context(k) }
        if let field = BarField(rawValue: name), field.optional.map(data.fields.contains) ?? true {
            return .bar(field)
        }
        return nil
    }

    /// The bar fields the data has, by name.
    var barFieldNames: [String] {
        BarField.allCases.filter { $0.optional.map(data.fields.contains) ?? true }.map(\.rawValue)
    }

    /// Every resolvable name, in resolution order, without duplicates.
    var availableNames: [String] {
        var names: [String] = []
        // A set, not `names.contains`: a dataset may have a million columns.
        var seen: Set<String> = []
        for name in data.signalNames + (context?.names ?? []) + barFieldNames where seen.insert(name).inserted {
            names.append(name)
        }
        return names
    }

    /// The problem with reading `name` for `field`: unknown (with the closest name and every name
    /// available), or ambiguous (both the bars and the context have it); nil when it resolves.
    func columnProblem(_ name: String, field: ConfigurationField) -> ConfigurationError? {
        let echoed = Suggestions.echo(name)
        if data.signalIndex(named: name) != nil, context?.names.contains(name) == true {
            return ConfigurationError(
                code: ConfigurationError.ambiguousColumn, field: field,
                message:
                    "column \"\(echoed)\" is both a signal of the bars dataset and a column of the context; rename it in one of them"
            )
        }
        guard source(of: name) == nil else { return nil }
        let available = availableNames
        var message = "column \"\(echoed)\" is in neither the dataset nor the context."
        message += Suggestions.didYouMean(name, in: available)
        message += " Available: signals \(Suggestions.list(data.signalNames))"
        message += ", context \(Suggestions.list(context?.names ?? []))"
        message += ", bar fields \(Suggestions.list(barFieldNames))."
        return ConfigurationError(code: ConfigurationError.unknownColumn, field: field, message: message)
    }

    /// The column behind `name`; precondition: `source(of: name) != nil` (validated before).
    func resolve(_ name: String) -> ResolvedColumn {
        guard let source = source(of: name) else {
            preconditionFailure("column \(name) was validated but does not resolve")
        }
        return resolve(source)
    }

    /// The column at `source`.
    func resolve(_ source: ColumnSource) -> ResolvedColumn {
        switch source {
        case .signal(let k):
            return ResolvedColumn(values: data.signals[k], perRow: true)
        case .bar(let field):
            return ResolvedColumn(values: barColumn(field), perRow: true)
        case .context(let k):
            return ResolvedColumn(values: alignedContextColumn(k), perRow: false)
        }
    }

    private func barColumn(_ field: BarField) -> [Double] {
        switch field {
        case .open: return data.open
        case .high: return data.high
        case .low: return data.low
        case .close: return data.close
        case .volume: return data.volume
        }
    }

    /// Context column `k` as-of each bar timestamp: the last row at or before it, NaN before the first.
    private func alignedContextColumn(_ k: Int) -> [Double] {
        guard let context else { return [] }
        let rows = ContextSeries.asOfRows(contextTimestamps: context.timestamps, barTimestamps: data.timestamps)
        let column = context.columns[k]
        return rows.map { $0 < 0 ? .nan : column[$0] }
    }
}

extension ContextSeries {
    /// For each bar timestamp, the index of the last context row stamped at or before it (-1 if none).
    /// Both inputs are ascending; one merge pass.
    static func asOfRows(contextTimestamps: [Int64], barTimestamps: [Int64]) -> [Int] {
        var rows = [Int](repeating: -1, count: barTimestamps.count)
        var next = 0
        for (t, ts) in barTimestamps.enumerated() {
            while next < contextTimestamps.count && contextTimestamps[next] <= ts { next += 1 }
            rows[t] = next - 1
        }
        return rows
    }
}
