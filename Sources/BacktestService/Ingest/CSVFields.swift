// Quote-aware splitting of one CSV line into fields, for the header and for rows the fast path
// declined (quoted cells, stray spaces, errors). Not hot: the row fast path never calls it.

/// Splits lines into fields and trims cells.
enum CSVFields {
    /// Why a line could not be split.
    enum SplitError: Error, Equatable {
        /// A quoted field (0-based index) has no closing quote before the end of the line.
        case unterminatedQuote(field: Int)
        /// Text follows a closing quote in field `field` (0-based), e.g. `"AB"C`.
        case textAfterQuote(field: Int)
    }

    /// Splits a line (without its line terminator) at commas; `"A,B"` is one field, `""` inside
    /// quotes is one quote. Quoted fields may not span lines.
    static func split(_ line: UnsafeBufferPointer<UInt8>) -> Result<[[UInt8]], SplitError> {
        var fields: [[UInt8]] = []
        var i = 0
        let n = line.count
        while true {
            var field: [UInt8] = []
            if i < n && line[i] == UInt8(ascii: "\"") {
                i += 1
                var closed = false
                while i < n {
                    if line[i] == UInt8(ascii: "\"") {
                        if i + 1 < n && line[i + 1] == UInt8(ascii: "\"") {
                            field.append(UInt8(ascii: "\""))
                            i += 2
                        } else {
                            closed = true
                            i += 1
                            break
                        }
                    } else {
                        field.append(line[i])
                        i += 1
                    }
                }
                guard closed else { return .failure(.unterminatedQuote(field: fields.count)) }
                while i < n && (line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t")) { i += 1 }
                guard i == n || line[i] == UInt8(ascii: ",") else {
                    return .failure(.textAfterQuote(field: fields.count))
                }
            } else {
                while i < n && line[i] != UInt8(ascii: ",") {
                    field.append(line[i])
                    i += 1
                }
            }
            fields.append(field)
            if i >= n { return .success(fields) }
            i += 1 // the comma
        }
    }

    /// The field without surrounding ASCII spaces and tabs.
    static func trimmed(_ field: [UInt8]) -> ArraySlice<UInt8> {
        var lo = 0
        var hi = field.count
        while lo < hi && (field[lo] == UInt8(ascii: " ") || field[lo] == UInt8(ascii: "\t")) { lo += 1 }
        while hi > lo && (field[hi - 1] == UInt8(ascii: " ") || field[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
        return field[lo..<hi]
    }

    /// True when the line holds only spaces, tabs or nothing.
    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// True when the bytes are valid UTF-8.
    static func isUTF8<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
