// The wording of every ingest problem, in one place: each names the place, the value and the fix.
import BacktestEngine

extension IngestProblem {
    /// The value as shown in a message: quoted, invalid bytes replaced, cut to 40 characters.
    static func show<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count <= 40 ? "\"\(text)\"" : "\"\(text.prefix(40))…\""
    }

    private static func place(_ line: Int, _ column: String?) -> String {
        column.map { "line \(line), column \(Suggestions.echo($0))" } ?? "line \(line)"
    }

    /// Header names as a message lists them: the first few, bounded each, then a count of the rest.
    static func names(_ found: [String]) -> String {
        let shown = found.prefix(Suggestions.maxListedNames).map(Suggestions.echo).joined(separator: ", ")
        let rest = found.count - Suggestions.maxListedNames
        return rest > 0 ? shown + " … and \(Suggestions.grouped(rest)) more" : shown
    }

    static func emptyBody() -> IngestProblem {
        IngestProblem(
            .emptyBody, line: nil,
            message:
                "the upload is empty; send CSV text whose first line is a header such as timestamp,asset,open,high,low,close,volume"
        )
    }

    static func noRows() -> IngestProblem {
        IngestProblem(
            .emptyBody, line: nil,
            message:
                "the upload has a header but no data rows; add at least one row below the header")
    }

    static func notUTF8(line: Int, column: String?) -> IngestProblem {
        IngestProblem(
            .notUTF8, line: line, column: column,
            message:
                "\(place(line, column)): the bytes are not valid UTF-8; save the file as UTF-8")
    }

    static func missingColumn(_ name: String, found: [String], suggestion: String?) -> IngestProblem {
        let list = found.isEmpty ? "none" : names(found)
        let fix = suggestion.map { "did you mean \($0)? Rename it to \(name)" } ?? "add a \(name) column"
        return IngestProblem(
            .missingColumn, line: 1, column: name,
            message:
                "line 1: required column \(name) is missing (found: \(list)); \(fix)")
    }

    static func noValueColumns(found: [String]) -> IngestProblem {
        IngestProblem(
            .missingColumn, line: 1,
            message:
                "line 1: a context series needs at least one numeric column besides timestamp (found: "
                + names(found) + "); add one such as vix")
    }

    static func duplicateColumn(_ name: String, fields first: Int, _ second: Int) -> IngestProblem {
        IngestProblem(
            .duplicateColumn, line: 1, column: name,
            message:
                "line 1, column \(Suggestions.echo(name)): the name appears in fields \(first) and \(second); rename or remove one of them"
        )
    }

    static func emptyColumnName(field: Int) -> IngestProblem {
        IngestProblem(
            .emptyColumnName, line: 1,
            message:
                "line 1, field \(field): the column name is empty; give every column a name")
    }

    static func unexpectedColumn(_ name: String) -> IngestProblem {
        IngestProblem(
            .unexpectedColumn, line: 1, column: name,
            message:
                "line 1, column \(Suggestions.echo(name)): a context series is shared by all assets and has no \(Suggestions.echo(name)) column; "
                + "remove it, or upload per-asset data as a dataset")
    }

    static func unexpectedSignalColumn(_ name: String, suggestion: String?) -> IngestProblem {
        var message =
            "line 1, column \(Suggestions.echo(name)): a signals upload is in long format, one value per row, with columns timestamp, asset, name, value and optionally available_at"
        if let suggestion { message += "; did you mean \"\(suggestion)\"?" }
        message +=
            "; put each signal's name in the name column and its value in value, or upload wide per-asset columns with the bars"
        return IngestProblem(.unexpectedColumn, line: 1, column: name, message: message)
    }

    static func lineTooLong(line: Int, limit: Int) -> IngestProblem {
        IngestProblem(
            .lineTooLong, line: line,
            message:
                "line \(line): longer than \(limit) bytes without a line break; each row is one line ending in "
                + "\\n (or \\r\\n): check that the file was not sent with its line breaks stripped or altered")
    }

    static func raggedRow(line: Int, expected: Int, found: Int) -> IngestProblem {
        IngestProblem(
            .raggedRow, line: line,
            message:
                "line \(line): expected \(expected) fields (one per header column), found \(found); "
                + "add the missing cells (leave a signal cell empty when its value is missing) or remove the extra ones"
        )
    }

    static func badQuote(line: Int, column: String?, unterminated: Bool) -> IngestProblem {
        let what = unterminated ? "a quoted cell has no closing quote" : "text follows a closing quote"
        return IngestProblem(
            .badQuote, line: line, column: column,
            message:
                "\(place(line, column)): \(what); quote the whole cell (\"A,B\"), write a quote inside it as \"\", "
                + "and keep each row on one line")
    }

    static func badNumber(line: Int, column: String, value: ArraySlice<UInt8>) -> IngestProblem {
        let what = value.isEmpty ? "the cell is empty" : "\(show(value)) is not a number"
        return IngestProblem(
            .badNumber, line: line, column: column,
            message:
                "\(place(line, column)): \(what); write a decimal like 101.25")
    }

    static func nonFinite(line: Int, column: String, value: ArraySlice<UInt8>, rule: NumberRule) -> IngestProblem {
        let fix =
            rule == .signal
            ? "write a finite value, or leave the cell empty when the value is missing"
            : "every bar needs a finite value like 101.25"
        return IngestProblem(
            .nonFinite, line: line, column: column,
            message:
                "\(place(line, column)): \(show(value)) is not a finite number; \(fix)")
    }

    static func nonPositivePrice(line: Int, column: String, value: ArraySlice<UInt8>) -> IngestProblem {
        IngestProblem(
            .nonPositivePrice, line: line, column: column,
            message:
                "\(place(line, column)): \(show(value)) is not a positive price; prices must be greater than 0")
    }

    static func priceOutOfRange(line: Int, column: String, value: ArraySlice<UInt8>) -> IngestProblem {
        IngestProblem(
            .priceOutOfRange, line: line, column: column,
            message:
                "\(place(line, column)): \(show(value)) is outside the prices the server takes, 0.000001 to "
                + "1000000000000; rescale the series (e.g. quote it per 1,000 units) so its prices fall in that range")
    }

    static func negativeVolume(line: Int, column: String, value: ArraySlice<UInt8>) -> IngestProblem {
        IngestProblem(
            .negativeVolume, line: line, column: column,
            message:
                "\(place(line, column)): \(show(value)) is a negative volume; write 0 or more")
    }

    static func highBelowLow(line: Int, column: String, high: Double, low: Double) -> IngestProblem {
        IngestProblem(
            .highBelowLow, line: line, column: column,
            message:
                "line \(line): high \(high) is below low \(low); fix the bar so that high is at least low")
    }

    static func badTimestamp(line: Int, column: String, value: ArraySlice<UInt8>) -> IngestProblem {
        let text = String(decoding: value, as: UTF8.self)
        let reason: String
        if text.count > 19, let sign = text.dropFirst(19).firstIndex(where: { $0 == "+" || $0 == "-" }),
            text[sign...] != "+00:00", text[sign...] != "-00:00"
        {
            reason = "has a non-UTC offset; convert it to UTC and write it like 2020-01-02T14:30:00Z"
        } else if text.count > 20, text.dropFirst(19).first == ".",
            text.dropFirst(20).contains(where: { ("1"..."9").contains($0) })
        {
            reason = "has fractional seconds; bars start on whole seconds, write it like 2020-01-02T14:30:00Z"
        } else {
            reason = "is not a UTC timestamp; write one of \(UTCTime.acceptedFormats)"
        }
        return IngestProblem(
            .badTimestamp, line: line, column: column,
            message:
                "\(place(line, column)): \(show(value)) \(reason)")
    }

    static func emptyAsset(line: Int, column: String) -> IngestProblem {
        IngestProblem(
            .emptyAsset, line: line, column: column,
            message:
                "\(place(line, column)): the asset is empty; write an asset identifier such as AAPL")
    }

    static func duplicateBar(line: Int, firstLine: Int, asset: String, timestamp: Int64) -> IngestProblem {
        IngestProblem(
            .duplicateBar, line: line, column: "timestamp",
            message:
                "line \(line): asset \(show(asset.utf8)) at \(UTCTime.format(timestamp)) already appears on line "
                + "\(firstLine); keep one bar per timestamp and asset")
    }

    static func emptySignalName(line: Int, column: String) -> IngestProblem {
        IngestProblem(
            .emptySignalName, line: line, column: column,
            message:
                "\(place(line, column)): the signal name is empty; write the name strategies read it by, such as ml_pred"
        )
    }

    static func duplicateSignal(
        line: Int, firstLine: Int, name: String, asset: String, timestamp: Int64, availableAt: Int64
    ) -> IngestProblem {
        IngestProblem(
            .duplicateSignal, line: line, column: "value",
            message:
                "line \(line): signal \(show(name.utf8)) of asset \(show(asset.utf8)) at \(UTCTime.format(timestamp)), known at \(UTCTime.format(availableAt)), already appears on line "
                + "\(firstLine) (an available_at before the timestamp counts as the timestamp); keep one value per "
                + "timestamp, asset, name and available_at, or give a revision a later available_at")
    }

    static func duplicateTimestamp(line: Int, firstLine: Int, timestamp: Int64) -> IngestProblem {
        IngestProblem(
            .duplicateTimestamp, line: line, column: "timestamp",
            message:
                "line \(line): timestamp \(UTCTime.format(timestamp)) already appears on line \(firstLine); "
                + "keep one row per timestamp")
    }
}
