// Dataset routes: upload (framing read and CSV parsed off the HTTP threads), list, read, delete.
import BacktestEngine
import Dispatch
import MicroHTTP

extension BacktestAPI {
    /// `POST /v1/datasets`: the CSV as the body (text/csv, application/csv, application/octet-stream)
    /// or as the file part of a multipart form; a Content-Encoding was decoded by the HTTP layer.
    func uploadDataset(_ request: Request) throws(Problem) -> Reply {
        let framing = try DatasetUpload.framing(of: request)
        let query = try DatasetUpload.fields(query: request.query)
        let body = request.body
        // Parsing a large upload takes seconds: do it on a global queue, not on an MHD thread.
        return .deferred { [self] pending in
            DispatchQueue.global().async {
                pending.complete(self.ingest(body, framing: framing, query: query))
            }
        }
    }

    /// The head of `POST /v1/datasets`: a CSV body is parsed as it arrives (`DatasetUploadConsumer`),
    /// a form is gathered for `uploadDataset`, a wrong media type or query is answered at once.
    func datasetBodyStart(_ head: Request) -> BodyStart {
        do throws(Problem) {
            let framing = try DatasetUpload.framing(of: head)
            let query = try DatasetUpload.fields(query: head.query)
            guard case .whole = framing else { return .gather }
            let expected =
                head.headers["Content-Encoding"] == nil ? head.headers["Content-Length"].flatMap { Int($0) } : nil
            return .consume(
                DatasetUploadConsumer(
                    api: self, kind: query.kind ?? .bars, name: query.name, expectedBytes: expected))
        } catch {
            return .respond(error.response)
        }
    }

    private func ingest(_ body: [UInt8], framing: DatasetUpload.Framing, query: DatasetUpload.Fields) -> Response {
        let parsed: Result<(DatasetPayload, DatasetUpload), Problem> = body.withUnsafeBytes { bytes in
            Result { () throws(Problem) -> (DatasetPayload, DatasetUpload) in
                let upload = try DatasetUpload.resolve(bytes, framing: framing, query: query)
                // The CSV is read in place: a slice of the body, never a copy.
                let csv = UnsafeRawBufferPointer(rebasing: bytes[upload.csv])
                do throws(IngestError) {
                    return (try CSVIngest.payload(csv, kind: upload.kind), upload)
                } catch {
                    throw .invalidCSV(error)
                }
            }
        }
        switch parsed {
        case .success(let (payload, upload)): return storeDataset(payload, name: upload.name, bytes: upload.csv.count)
        case .failure(let problem): return problem.response
        }
    }

    /// Stores a parsed upload and answers `201` with its description once it is durable.
    func storeDataset(_ payload: DatasetPayload, name: String?, bytes: Int) -> Response {
        let dataset = Dataset(
            id: Identifier.make(.dataset), name: name, createdAt: Int64(clock.now().rounded(.down)), bytes: bytes,
            payload: payload)
        do {
            // Durable when it returns: only then is the upload answered 201.
            try store.insertDataset(dataset)
        } catch {
            logger.error("storage failed", metadata: ["code": "\(error.code.rawValue)", "error": "\(error.message)"])
            return Problem.storage(error).response
        }
        return JSONResponse.make(
            dataset.info.json, status: .created,
            headers: [("Location", "/v1/datasets/\(dataset.info.id)")])
    }

    func listDatasets(_ request: Request) throws(Problem) -> Reply {
        let limit = try request.limit(default: 100, max: 1000).get()
        let cursor = request.query["cursor"]
        let page = try stored { () throws(StoreError) in try store.datasets(cursor: cursor, limit: limit) }
        return .response(try JSONResponse.page(page) { $0.json })
    }

    func getDataset(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let info = try stored { () throws(StoreError) in try store.datasetInfo(id: id) }
        guard let info else { throw .notFound("dataset", id: id) }
        return .response(JSONResponse.make(info.json))
    }

    func deleteDataset(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        guard try stored({ () throws(StoreError) in try store.deleteDataset(id: id) }) else {
            throw .notFound("dataset", id: id)
        }
        return .response(Response(status: .noContent))
    }
}

extension Problem {
    /// 400 for an upload that is not valid CSV for its kind; every problem names its line and column.
    static func invalidCSV(_ error: IngestError) -> Problem {
        if let first = error.problems.first, first.code == IngestProblem.Code.newlinesStripped.rawValue {
            return Problem(
                .badRequest, code: first.code, title: "Line breaks stripped", detail: first.message,
                errors: [ProblemItem(line: first.line, column: first.column, code: first.code, message: first.message)])
        }
        let items = error.problems.map {
            ProblemItem(line: $0.line, column: $0.column, code: $0.code, message: $0.message)
        }
        let first = error.problems.first?.message ?? "the CSV could not be read"
        let more =
            items.count > 1 ? " (\(items.count - 1) more problem\(items.count > 2 ? "s" : "") listed in errors)" : ""
        return Problem(.badRequest, code: "invalid_csv", title: "Invalid CSV", detail: first + more, errors: items)
    }
}
