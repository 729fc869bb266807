// Parsed rows to a dataset's columns by its kind: the one step the gathered and the streamed
// upload paths share after parsing.

extension DatasetKind {
    /// The header rules of this kind of upload.
    var ingestKind: IngestKind {
        switch self {
        case .bars: .bars
        case .context: .context
        case .signals: .signals
        }
    }
}

extension CSVIngest {
    /// Sorts, checks and packs parsed rows into the columns of a `kind` dataset.
    static func payload(from rows: consuming ParsedRows, kind: DatasetKind) throws(IngestError) -> DatasetPayload {
        switch kind {
        case .bars: .bars(try marketData(from: rows))
        case .context: .context(try contextSeries(from: rows))
        case .signals: .signals(try signalSeries(from: rows))
        }
    }

    /// Parses a whole body as a `kind` dataset.
    static func payload(_ bytes: UnsafeRawBufferPointer, kind: DatasetKind) throws(IngestError) -> DatasetPayload {
        try payload(
            from: parseRows(bytes, kind: kind.ingestKind, parallelism: defaultParallelism(byteCount: bytes.count)),
            kind: kind)
    }
}
