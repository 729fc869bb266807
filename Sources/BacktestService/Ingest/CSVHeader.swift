// Reads the header line into an `IngestLayout`, reporting every header problem at once
// (encoding, quoting, empty or duplicate names, missing required columns with a "did you mean").

import BacktestEngine

/// Header parsing and checks.
enum CSVHeader {
    /// Columns a bars upload must have.
    static let requiredBarColumns = ["timestamp", "asset", "close"]
    /// Columns a signals upload must have, and the one it may add.
    static let requiredSignalColumns = ["timestamp", "asset", "name", "value"]
    static let optionalSignalColumns = ["available_at"]

    /// Common names people use for a required column, for "did you mean".
    private static let aliases: [String: [String]] = [
        "timestamp": ["time", "date", "datetime", "ts", "date_time", "dt"],
        "asset": ["symbol", "ticker", "instrument", "security"],
        "close": ["price", "last", "adj_close", "close_price"],
        "name": ["signal", "model", "feature", "variable"],
        "value": ["prediction", "pred", "score", "val"],
    ]

    /// Resolves the header line (without terminator, BOM removed) into a layout.
    static func layout(_ line: UnsafeBufferPointer<UInt8>, kind: IngestKind) throws(IngestError) -> IngestLayout {
        guard CSVFields.isUTF8(line) else { throw IngestError(.notUTF8(line: 1, column: nil)) }
        let fields: [[UInt8]]
        switch CSVFields.split(line) {
        case .success(let split): fields = split
        case .failure(.unterminatedQuote): throw IngestError(.badQuote(line: 1, column: nil, unterminated: true))
        case .failure(.textAfterQuote): throw IngestError(.badQuote(line: 1, column: nil, unterminated: false))
        }
        let names = fields.map { String(decoding: CSVFields.trimmed($0), as: UTF8.self) }
        var problems = ProblemList()
        var firstField: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if name.isEmpty {
                problems.append(.emptyColumnName(field: i + 1))
            } else if let first = firstField[name] {
                problems.append(.duplicateColumn(name, fields: first + 1, i + 1))
            } else {
                firstField[name] = i
            }
        }
        let present = names.filter { !$0.isEmpty }
        switch kind {
        case .bars:
            for required in requiredBarColumns where firstField[required] == nil {
                problems.append(
                    .missingColumn(
                        required, found: present,
                        suggestion: suggestion(for: required, among: present)))
            }
        case .context:
            if firstField["timestamp"] == nil {
                problems.append(
                    .missingColumn(
                        "timestamp", found: present,
                        suggestion: suggestion(for: "timestamp", among: present)))
            }
            if firstField["asset"] != nil { problems.append(.unexpectedColumn("asset")) }
            if firstField["timestamp"] != nil && firstField["asset"] == nil && present.count < 2 {
                problems.append(.noValueColumns(found: present))
            }
        case .signals:
            // A column offered as the fix for a missing one is not reported a second time.
            var suggested: Set<String> = []
            for required in requiredSignalColumns where firstField[required] == nil {
                let near = suggestion(for: required, among: present)
                if let near { suggested.insert(near) }
                problems.append(.missingColumn(required, found: present, suggestion: near))
            }
            let known = requiredSignalColumns + optionalSignalColumns
            for name in present where !known.contains(name) && !suggested.contains(name) {
                let near = Suggestions.closest(to: name, in: optionalSignalColumns)
                problems.append(.unexpectedSignalColumn(name, suggestion: near))
            }
        }
        guard problems.isEmpty else { throw problems.error() }
        return IngestLayout(kind: kind, names: names)
    }

    /// The found name to suggest for a missing `name`: a near miss by the shared "did you mean"
    /// (`Suggestions`; other case included), else a known alias such as `symbol` for `asset`; nil
    /// when nothing is close.
    static func suggestion(for name: String, among found: [String]) -> String? {
        Suggestions.closest(to: name, in: found)
            ?? found.first { aliases[name, default: []].contains($0.lowercased()) }
    }
}
