// Recognizes an upload whose line breaks were stripped in transit (`curl -d @bars.csv` sends the
// file without its CR and LF bytes), so it gets one clear problem instead of a header that "repeats".

extension CSVHeader {
    /// How much of the single line is examined: enough to see data, bounded on huge bodies.
    static let strippedNewlinesProbeBytes = 64 << 10

    /// A `newlines_stripped` problem when `body` (the whole upload, BOM removed) has no line break at
    /// all and a field of its one line is a number or a timestamp, which no header holds; nil otherwise.
    ///
    /// A body without any line break can never be a valid upload (it has no data rows), so the check
    /// only chooses the clearer message; a header-only file of names still gets `empty_body`. A file
    /// with bare CR line ends (old Mac) is not reported as stripped.
    static func strippedNewlines(_ body: UnsafeBufferPointer<UInt8>) -> IngestProblem? {
        guard !body.contains(UInt8(ascii: "\r")) else { return nil }
        let probe = body.prefix(strippedNewlinesProbeBytes)
        var field = 0
        for cell in probe.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            field += 1
            let trimmed = CSVFields.trimmed(Array(cell))
            guard looksLikeData(trimmed) else { continue }
            return IngestProblem(
                .newlinesStripped, line: 1,
                message:
                    "the upload has no line breaks, so its rows ran into the header (field \(field) is "
                    + "\(IngestProblem.show(trimmed)), a value where a column name belongs); "
                    + "curl -d @file strips line breaks: upload with curl --data-binary @bars.csv "
                    + "-H 'Content-Type: text/csv' URL, or curl -F file=@bars.csv URL")
        }
        return nil
    }

    /// Whether a header cell reads as a value: digits with the signs, points, exponents and the
    /// separators of numbers and ISO timestamps (`74.06`, `-1e-3`, `2020-01-02T14:30:00Z`).
    private static func looksLikeData<Cell: Collection<UInt8>>(_ cell: Cell) -> Bool {
        guard let first = cell.first,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
                || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
        else { return false }
        var digits = 0
        for byte in cell {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"),
                UInt8(ascii: ":"), UInt8(ascii: "T"), UInt8(ascii: "Z"):
                continue
            default: return false
            }
        }
        return digits > 0
    }
}
