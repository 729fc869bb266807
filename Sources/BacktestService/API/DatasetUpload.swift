// DatasetUpload: how a `POST /v1/datasets` body is framed (the CSV itself, or a multipart form with
// one file part) and where its CSV, kind and name come from (query parameters or form fields).
import BacktestEngine
import MicroHTTP

/// A dataset upload once its framing is read: the CSV's place in the body, its kind and its name.
struct DatasetUpload {
    /// The media types whose body is the CSV itself.
    static let csvMediaTypes = ["text/csv", "application/csv", "application/octet-stream"]
    /// Every media type the route takes.
    static let acceptedMediaTypes = csvMediaTypes + ["multipart/form-data"]
    /// The form fields read besides the file; other text fields are ignored.
    static let formFields = ["kind", "name"]
    /// The longest name accepted from a form field.
    static let maximumNameLength = 200

    /// How the body carries the CSV.
    enum Framing {
        /// The body is the CSV.
        case whole
        /// A multipart/form-data body with this boundary; the CSV is its file part.
        case multipart(boundary: [UInt8])
    }

    /// `kind` and `name` as given in one place (the query or the form).
    struct Fields {
        var kind: DatasetKind?
        var name: String?
    }

    /// The CSV's byte offsets in the body.
    var csv: Range<Int>
    var kind: DatasetKind
    var name: String?

    /// Reads the framing from `Content-Type` (cheap: runs on the HTTP thread).
    static func framing(of request: Request) throws(Problem) -> Framing {
        guard let mediaType = request.contentType, acceptedMediaTypes.contains(mediaType.essence) else {
            throw .unsupportedUploadType(request.headers["Content-Type"])
        }
        guard mediaType.essence == "multipart/form-data" else { return .whole }
        switch MultipartForm.boundary(of: mediaType) {
        case .success(let boundary): return .multipart(boundary: boundary)
        case .failure(let error): throw .invalidMultipart(error)
        }
    }

    /// Reads `kind` and `name` from the query.
    static func fields(query: [String: String]) throws(Problem) -> Fields {
        var fields = Fields(name: query["name"])
        if let text = query["kind"] {
            guard let kind = DatasetKind(rawValue: text) else {
                throw .badQuery(
                    "kind", "expected \"bars\", \"context\" or \"signals\", found \"\(Suggestions.echo(text))\"")
            }
            fields.kind = kind
        }
        return fields
    }

    /// Finds the CSV in `body` and settles kind and name; a multipart body is scanned here, so call
    /// it off the HTTP threads. A field given both in the query and in the form must agree.
    static func resolve(
        _ body: UnsafeRawBufferPointer, framing: Framing, query: Fields
    ) throws(Problem) -> DatasetUpload {
        guard case .multipart(let boundary) = framing else {
            return DatasetUpload(csv: 0..<body.count, kind: query.kind ?? .bars, name: query.name)
        }
        let parts: [MultipartPart]
        do throws(MultipartError) {
            parts = try MultipartForm.parts(body, boundary: boundary)
        } catch {
            throw .invalidMultipart(error)
        }
        let file = try filePart(of: parts)
        let form = try formFields(parts, besides: file, body: body)
        if let q = query.kind, let f = form.kind, q != f {
            throw .conflictingField("kind", query: q.rawValue, form: f.rawValue)
        }
        if let q = query.name, let f = form.name, q != f { throw .conflictingField("name", query: q, form: f) }
        return DatasetUpload(
            csv: parts[file].content, kind: query.kind ?? form.kind ?? .bars, name: query.name ?? form.name)
    }

    /// The index of the part that carries the CSV: the one part with a filename; failing that, the one
    /// text part that is not a known field (`curl -F 'file=<bars.csv'` sends no filename).
    static func filePart(of parts: [MultipartPart]) throws(Problem) -> Int {
        let files = parts.indices.filter { parts[$0].isFile }
        if files.count == 1 { return files[0] }
        if files.count > 1 { throw .multipleFiles(files.map { parts[$0] }) }
        let others = parts.indices.filter { !formFields.contains(parts[$0].name ?? "") }
        if others.count == 1 { return others[0] }
        if others.count > 1 { throw .multipleFiles(others.map { parts[$0] }) }
        throw .missingFile(fields: parts.compactMap(\.name))
    }

    /// `kind` and `name` from the form's text parts (other fields are ignored).
    private static func formFields(
        _ parts: [MultipartPart], besides file: Int, body: UnsafeRawBufferPointer
    ) throws(Problem) -> Fields {
        var fields = Fields()
        for (i, part) in parts.enumerated() where i != file {
            guard let field = part.name, formFields.contains(field) else { continue }
            let bytes = UnsafeRawBufferPointer(rebasing: body[part.content])
            guard bytes.count <= maximumNameLength * 4 else {
                throw .invalidFormField(field, "at most \(maximumNameLength) characters")
            }
            let value = String(decoding: bytes, as: UTF8.self)
            switch field {
            case "kind":
                guard let kind = DatasetKind(rawValue: value) else {
                    throw .invalidFormField(
                        "kind", "expected \"bars\", \"context\" or \"signals\", found \"\(Suggestions.echo(value))\"")
                }
                fields.kind = kind
            default:
                guard value.count <= maximumNameLength else {
                    throw .invalidFormField("name", "at most \(maximumNameLength) characters, found \(value.count)")
                }
                fields.name = value
            }
        }
        return fields
    }
}
