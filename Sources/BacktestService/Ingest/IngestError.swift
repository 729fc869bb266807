// The typed error of CSV ingest: a bounded, line-ordered list of problems, each with a stable code.

/// Everything wrong with an upload that ingest found, in line order.
///
/// Ingest gathers problems instead of stopping at the first; it keeps at most
/// `IngestError.maximumProblems`, the last of which is `too_many_problems` when more were found.
/// `problems` is never empty.
public struct IngestError: Error, Sendable, Equatable {
    /// The most problems one error carries.
    public static let maximumProblems = 20

    /// The problems, in line order (whole-file problems, with `line == nil`, first).
    public var problems: [IngestProblem]

    /// Wraps problems; callers pass at least one.
    public init(problems: [IngestProblem]) {
        precondition(!problems.isEmpty, "an IngestError needs at least one problem")
        self.problems = problems
    }

    /// Wraps a single problem.
    public init(_ problem: IngestProblem) {
        self.problems = [problem]
    }
}

/// One problem in an upload: where it is, a stable code, and a sentence naming the fix.
public struct IngestProblem: Sendable, Equatable {
    /// Stable machine-readable code, e.g. `bad_number`; see `IngestProblem.Code`.
    public var code: String
    /// 1-based physical line in the upload (the header is line 1); nil for whole-file problems.
    public var line: Int?
    /// The column name as written in the header, when the problem sits in one column.
    public var column: String?
    /// One sentence naming the place, the offending value (truncated) and the fix.
    public var message: String

    /// Builds a problem from its parts.
    public init(code: String, line: Int?, column: String?, message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    /// Builds a problem from a `Code`.
    init(_ code: Code, line: Int?, column: String? = nil, message: String) {
        self.init(code: code.rawValue, line: line, column: column, message: message)
    }

    /// The closed set of problem codes ingest emits (`code` holds the raw value).
    public enum Code: String, Sendable, CaseIterable {
        /// No bytes, or a header without data rows.
        case emptyBody = "empty_body"
        /// Bytes that are not UTF-8.
        case notUTF8 = "not_utf8"
        /// A required column is absent (the message lists what was found).
        case missingColumn = "missing_column"
        /// Two columns share a name.
        case duplicateColumn = "duplicate_column"
        /// A header cell is empty.
        case emptyColumnName = "empty_column_name"
        /// A row has more or fewer fields than the header.
        case raggedRow = "ragged_row"
        /// A quoted cell is not closed, or text follows its closing quote.
        case badQuote = "bad_quote"
        /// A numeric cell is empty or not a number.
        case badNumber = "bad_number"
        /// A number is NaN or infinite where a finite value is needed.
        case nonFinite = "non_finite"
        /// A price is zero or negative.
        case nonPositivePrice = "non_positive_price"
        /// A price outside `NumberRule.priceRange` (0.000001 to 1e12).
        case priceOutOfRange = "price_out_of_range"
        /// A bar's high is below its low.
        case highBelowLow = "high_below_low"
        /// A volume is negative.
        case negativeVolume = "negative_volume"
        /// A timestamp is not one of the accepted UTC forms.
        case badTimestamp = "bad_timestamp"
        /// A (timestamp, asset) pair appears twice.
        case duplicateBar = "duplicate_bar"
        /// A context timestamp appears twice.
        case duplicateTimestamp = "duplicate_timestamp"
        /// A signal (timestamp, asset, name, available_at) appears twice.
        case duplicateSignal = "duplicate_signal"
        /// A signals row has no signal name.
        case emptySignalName = "empty_signal_name"
        /// A row has no asset.
        case emptyAsset = "empty_asset"
        /// A column that this kind of upload may not have (`asset` in a context series, anything but
        /// the five long-format columns in a signals upload).
        case unexpectedColumn = "unexpected_column"
        /// The upload has no line break at all and its one line holds data (`curl -d @file` strips them).
        case newlinesStripped = "newlines_stripped"
        /// A data line longer than `CSVStreamIngest.maximumLineBytes` (a missing line break, most likely).
        case lineTooLong = "line_too_long"
        /// The last entry when more problems were found than are listed.
        case tooManyProblems = "too_many_problems"
    }
}
