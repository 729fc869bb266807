// The problems of a dataset upload's framing (media type, multipart form, form fields), each with a
// stable code and a detail that names the fix with the command that works.
import BacktestEngine
import MicroHTTP

extension Problem {
    /// The upload commands that work, quoted in the fixes below.
    static let uploadCommands =
        "curl --data-binary @bars.csv -H 'Content-Type: text/csv' URL, or as a form: curl -F file=@bars.csv URL"

    /// 415 for an upload whose `Content-Type` is none of those the route takes.
    static func unsupportedUploadType(_ got: String?) -> Problem {
        let accepted = DatasetUpload.acceptedMediaTypes
        let list = accepted.dropLast().joined(separator: ", ") + " or " + accepted.last!
        return Problem(
            .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
            detail:
                "This route takes \(list); the request says \(got.map { "\"\(Suggestions.echo($0))\"" } ?? "nothing"). "
                + "Send \(uploadCommands).")
    }

    /// 400 for a multipart body that cannot be split into parts.
    static func invalidMultipart(_ error: MultipartError) -> Problem {
        let fix: String
        switch error {
        case .missingBoundary, .invalidBoundary:
            fix =
                "let the client write the Content-Type itself (curl -F file=@bars.csv, "
                + "requests.post(url, files={\"file\": f})); a hand-set 'Content-Type: multipart/form-data' lacks the boundary"
        case .noOpeningBoundary:
            fix = "send the form exactly as the client built it, or the CSV itself with Content-Type: text/csv"
        case .truncated:
            fix = "the upload was cut short; send the whole form again"
        case .malformedPartHeaders:
            fix =
                "each part needs a header such as Content-Disposition: form-data; name=\"file\"; "
                + "filename=\"bars.csv\" and an empty line before its content"
        case .tooManyParts:
            fix = "send one file part, plus the kind and name fields if you need them"
        }
        let message = "\(error); \(fix)"
        return Problem(
            .badRequest, code: "invalid_multipart", title: "Invalid multipart form",
            detail: "The multipart/form-data body cannot be read: \(message).",
            errors: [ProblemItem(line: nil, column: nil, code: error.code, message: message)])
    }

    /// 400 for a form without a file part.
    static func missingFile(fields: [String]) -> Problem {
        let found = fields.isEmpty ? "no parts" : "only the fields \(Suggestions.list(fields.map(Suggestions.echo)))"
        return Problem(
            .badRequest, code: "missing_file", title: "No file in the form",
            detail: "The form has \(found) and no file part; add the CSV as a file: curl -F file=@bars.csv URL.")
    }

    /// 400 for a form with several candidate file parts.
    static func multipleFiles(_ parts: [MultipartPart]) -> Problem {
        let shown = parts.prefix(5).map { part in
            let name = Suggestions.echo(part.name ?? "(unnamed)")
            return part.filename.map { "\(name) (\"\(Suggestions.echo($0))\")" } ?? name
        }
        let more = parts.count > 5 ? " and \(parts.count - 5) more" : ""
        return Problem(
            .badRequest, code: "multiple_files", title: "Several files in the form",
            detail:
                "The form has \(parts.count) file parts (\(shown.joined(separator: ", "))\(more)); "
                + "upload one CSV per request, e.g. curl -F file=@bars.csv URL.")
    }

    /// 400 when the query and the form give a field different values.
    static func conflictingField(_ name: String, query: String, form: String) -> Problem {
        Problem(
            .badRequest, code: "conflicting_parameters", title: "Conflicting parameters",
            detail:
                "\(name) is \"\(Suggestions.echo(query))\" in the query but \"\(Suggestions.echo(form))\" in the form; "
                + "give it in one place.",
            errors: [ProblemItem(path: "form.\(name)", message: "differs from query parameter \(name)")])
    }

    /// 400 for a bad `kind` or `name` form field.
    static func invalidFormField(_ name: String, _ message: String) -> Problem {
        Problem(
            .badRequest, code: "invalid_form_field", title: "Invalid form field",
            detail: "Form field \(name): \(message)",
            errors: [ProblemItem(path: "form.\(name)", message: message)])
    }
}
