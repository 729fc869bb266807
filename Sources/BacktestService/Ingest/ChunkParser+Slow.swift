// The slow path of the row loop: lines the fast path declined (quoted cells, spaces around values,
// blank lines, and every kind of bad row). It splits the line properly, applies the same rules as
// the fast path, and either accepts the row or records each problem with its column and a fix.

extension ChunkParser {
    /// Parses one line (without terminator) at chunk-relative `line`; true when the row is accepted
    /// into `rowTimestamp`, `rowAsset`, `rowValues`. Blank lines are skipped without a problem.
    mutating func parseSlow(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Bool {
        if CSVFields.isBlank(bytes) { return false }
        let names = layout.names
        let fields: [[UInt8]]
        switch CSVFields.split(bytes) {
        case .success(let split):
            fields = split
        case .failure(let error):
            let (field, unterminated) =
                switch error {
                case .unterminatedQuote(let field): (field, true)
                case .textAfterQuote(let field): (field, false)
                }
            output.problems.append(
                .badQuote(
                    line: line, column: field < names.count ? names[field] : nil,
                    unterminated: unterminated))
            return false
        }
        if let bad = fields.firstIndex(where: { !CSVFields.isUTF8($0) }) {
            output.problems.append(.notUTF8(line: line, column: bad < names.count ? names[bad] : nil))
            return false
        }
        guard fields.count == names.count else {
            output.problems.append(.raggedRow(line: line, expected: names.count, found: fields.count))
            return false
        }
        var accepted = true
        for (column, role) in layout.roles.enumerated() {
            let name = names[column]
            switch role {
            case .timestamp:
                let cell = CSVFields.trimmed(fields[column])
                let parsed = cell.withUnsafeBufferPointer { b in
                    b.baseAddress.flatMap { UTCTime.parse($0, count: b.count) }
                }
                if let parsed {
                    rowTimestamp = parsed
                } else {
                    output.problems.append(.badTimestamp(line: line, column: name, value: cell))
                    accepted = false
                }
            case .asset:
                // Not trimmed, like the fast path: the name is kept byte for byte.
                let cell = fields[column]
                let id =
                    cell.isEmpty ? nil : cell.withUnsafeBufferPointer { b in intern(b.baseAddress!, length: b.count) }
                if let id {
                    rowAsset = id
                } else {
                    output.problems.append(.emptyAsset(line: line, column: name))
                    accepted = false
                }
            case .label:
                let cell = fields[column]
                let id =
                    cell.isEmpty
                    ? nil : cell.withUnsafeBufferPointer { b in internLabel(b.baseAddress!, length: b.count) }
                if let id {
                    rowLabel = id
                } else {
                    output.problems.append(.emptySignalName(line: line, column: name))
                    accepted = false
                }
            case .availableAt:
                let cell = CSVFields.trimmed(fields[column])
                if cell.isEmpty {
                    rowAvailableAt = .min
                } else if let parsed = cell.withUnsafeBufferPointer({ b in
                    b.baseAddress.flatMap { UTCTime.parse($0, count: b.count) }
                }) {
                    rowAvailableAt = parsed
                } else {
                    output.problems.append(.badTimestamp(line: line, column: name, value: cell))
                    accepted = false
                }
            case .number(let slot, let rule):
                if let value = number(CSVFields.trimmed(fields[column]), rule: rule, line: line, column: name) {
                    rowValues[slot] = value
                } else {
                    accepted = false
                }
            }
        }
        if accepted, let high = layout.effectiveHigh, let low = layout.effectiveLow,
            !(rowValues[high] >= rowValues[low])
        {
            output.problems.append(
                .highBelowLow(
                    line: line, column: layout.high == nil ? "close" : "high",
                    high: rowValues[high], low: rowValues[low]))
            accepted = false
        }
        return accepted
    }

    /// The value of a numeric cell under `rule`, or nil after recording the problem.
    private mutating func number(_ cell: ArraySlice<UInt8>, rule: NumberRule, line: Int, column: String) -> Double? {
        if cell.isEmpty {
            if rule == .signal { return .nan }
            output.problems.append(.badNumber(line: line, column: column, value: cell))
            return nil
        }
        guard let value = cell.withUnsafeBufferPointer(DecimalParser.parseField) else {
            output.problems.append(.badNumber(line: line, column: column, value: cell))
            return nil
        }
        if value.isNaN && rule == .signal { return .nan }
        guard value.isFinite else {
            output.problems.append(.nonFinite(line: line, column: column, value: cell, rule: rule))
            return nil
        }
        switch rule {
        case .price where !(value > 0):
            output.problems.append(.nonPositivePrice(line: line, column: column, value: cell))
            return nil
        case .price where !NumberRule.priceRange.contains(value):
            output.problems.append(.priceOutOfRange(line: line, column: column, value: cell))
            return nil
        case .volume where value < 0:
            output.problems.append(.negativeVolume(line: line, column: column, value: cell))
            return nil
        default:
            return value
        }
    }
}
