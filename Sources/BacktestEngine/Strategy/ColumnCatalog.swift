// Resolves column names (signal, signal dataset, context, bar field) once, before the loop, to plain
// arrays joined point in time (`PointInTime`); suggests the closest name for an unknown one
// (`Suggestions`).

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

/// Where a column name points. Resolution order: data signal, signal dataset, context column, bar
/// field.
enum ColumnSource: Equatable {
    case signal(Int)
    /// Signal `name` of signal dataset `set`.
    case pointInTime(set: Int, name: Int)
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
    /// Signal datasets, merged by when each value became known.
    let signalSets: [SignalSeries]
    /// Bars of each asset by which strategies see signals late (inference latency).
    let signalDelayBars: Int
    /// Seconds after its timestamp that a context row becomes usable.
    let contextAvailableAfter: Int64

    init(
        data: MarketData, context: ContextSeries?, signals: [SignalSeries] = [], signalDelayBars: Int = 0,
        contextAvailableAfter: Int64 = 0
    ) {
        self.data = data
        self.context = context
        self.signalSets = signals
        self.signalDelayBars = signalDelayBars
        self.contextAvailableAfter = contextAvailableAfter
    }

    func source(of name: String) -> ColumnSource? {
        if let k = data.signalIndex(named: name) { return .signal(k) }
        if let source = pointInTimeSource(of: name) { return source }
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

    /// The catalog regime conditions compile against: the same context (and lag) over a one-asset
    /// timeline with one row per bar (see `RegimeStrategy.timeline`).
    var timelineCatalog: ColumnCatalog {
        ColumnCatalog(
            data: RegimeStrategy.timeline(of: data), context: context, contextAvailableAfter: contextAvailableAfter)
    }

    /// The first signal dataset holding `name`.
    func pointInTimeSource(of name: String) -> ColumnSource? {
        for (set, series) in signalSets.enumerated() {
            if let k = series.nameIndex(of: name) { return .pointInTime(set: set, name: k) }
        }
        return nil
    }

    /// Every signal a strategy may read per row: the bars' own, then the signal datasets'.
    var signalNames: [String] { data.signalNames + signalSets.flatMap(\.names) }

    /// Every resolvable name, in resolution order, without duplicates.
    var availableNames: [String] {
        var names: [String] = []
        // A set, not `names.contains`: a dataset may have a million columns.
        var seen: Set<String> = []
        for name in signalNames + (context?.names ?? []) + barFieldNames where seen.insert(name).inserted {
            names.append(name)
        }
        return names
    }

    /// The problem with reading `name` for `field`: unknown (with the closest name and every name
    /// available), or ambiguous (both the bars and the context have it); nil when it resolves.
    func columnProblem(_ name: String, field: ConfigurationField) -> ConfigurationError? {
        let echoed = Suggestions.echo(name)
        if let holders = ambiguity(of: name, includingContext: true) {
            return ConfigurationError(
                code: ConfigurationError.ambiguousColumn, field: field,
                message: "column \"\(echoed)\" is \(holders); rename it in all but one of them")
        }
        guard source(of: name) == nil else { return nil }
        let available = availableNames
        var message = "column \"\(echoed)\" is in neither the datasets nor the context."
        message += Suggestions.didYouMean(name, in: available)
        message += " Available: signals \(Suggestions.list(signalNames))"
        message += ", context \(Suggestions.list(context?.names ?? []))"
        message += ", bar fields \(Suggestions.list(barFieldNames))."
        return ConfigurationError(code: ConfigurationError.unknownColumn, field: field, message: message)
    }

    /// The column behind `name` (see `resolve(_:delayed:)`); precondition: `source(of: name) != nil`
    /// (validated before).
    func resolve(_ name: String, delayed: Bool = true) -> ResolvedColumn {
        guard let source = source(of: name) else {
            preconditionFailure("column \(name) was validated but does not resolve")
        }
        return resolve(source, delayed: delayed)
    }

    /// Where `name` is held more than once, said for a person ("a signal of the bars dataset and a
    /// signal of signal dataset 2"); nil when at most once. The context counts only where a bare
    /// name may mean it (filters, levels), not in rules, which write it `ctx.NAME`.
    func ambiguity(of name: String, includingContext: Bool) -> String? {
        var holders: [String] = []
        if data.signalIndex(named: name) != nil { holders.append("a signal of the bars dataset") }
        for (set, series) in signalSets.enumerated() where series.nameIndex(of: name) != nil {
            holders.append("a signal of signal dataset \(set + 1) (in the order of \"signals\")")
        }
        if includingContext, context?.names.contains(name) == true { holders.append("a column of the context") }
        guard holders.count > 1 else { return nil }
        return "both " + holders.dropLast().joined(separator: ", ") + " and " + holders.last!
    }

    /// The column at `source`, as strategies read it: signals `signalDelayBars` late, context
    /// `contextAvailableAfter` late. `delayed: false` reads signals as they are, for execution
    /// inputs (a spread column) that are market data rather than a model's output.
    func resolve(_ source: ColumnSource, delayed: Bool = true) -> ResolvedColumn {
        let delay = delayed ? signalDelayBars : 0
        switch source {
        case .signal(let k):
            return ResolvedColumn(values: PointInTime.delayed(data.signals[k], by: delay, in: data), perRow: true)
        case .pointInTime(let set, let k):
            let merged = PointInTime.signalColumn(signalSets[set], name: k, onto: data)
            return ResolvedColumn(values: PointInTime.delayed(merged, by: delay, in: data), perRow: true)
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

    /// Context column `k` as-of each bar timestamp, per column and `contextAvailableAfter` late.
    private func alignedContextColumn(_ k: Int) -> [Double] {
        guard let context else { return [] }
        return PointInTime.contextColumn(
            context.columns[k], contextTimestamps: context.timestamps, barTimestamps: data.timestamps,
            availableAfter: contextAvailableAfter)
    }
}
