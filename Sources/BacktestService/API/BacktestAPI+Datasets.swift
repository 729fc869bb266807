// Dataset routes: upload (parsed off the HTTP threads), list, read, delete.
import BacktestEngine
import Dispatch
import Foundation
import MicroHTTP

extension BacktestAPI {
    static let csvMediaTypes = ["text/csv", "application/csv"]

    func uploadDataset(_ request: Request) throws(Problem) -> Reply {
        guard let mediaType = request.mediaType, Self.csvMediaTypes.contains(mediaType) else {
            throw .unsupportedMediaType(request.headers["Content-Type"], expected: "text/csv")
        }
        let kindText = request.query["kind"] ?? DatasetKind.bars.rawValue
        guard let kind = DatasetKind(rawValue: kindText) else {
            throw .badQuery("kind", "expected \"bars\" or \"context\", found \"\(kindText)\"")
        }
        let name = request.query["name"]
        let body = request.body
        let store = self.store
        // Parsing a large upload takes seconds: do it on a global queue, not on an MHD thread.
        return .deferred { pending in
            DispatchQueue.global().async {
                pending.complete(Self.ingest(body, kind: kind, name: name, store: store))
            }
        }
    }

    private static func ingest(_ body: [UInt8], kind: DatasetKind, name: String?, store: any Store) -> Response {
        let parsed: Result<DatasetPayload, IngestError> = body.withUnsafeBytes { bytes in
            Result { () throws(IngestError) -> DatasetPayload in
                switch kind {
                case .bars: return .bars(try CSVIngest.bars(bytes))
                case .context: return .context(try CSVIngest.context(bytes))
                }
            }
        }
        let payload: DatasetPayload
        switch parsed {
        case .success(let p): payload = p
        case .failure(let error): return Problem.invalidCSV(error).response
        }
        let dataset = Dataset(
            id: Identifier.make(.dataset), name: name,
            createdAt: Int64(Date().timeIntervalSince1970), bytes: body.count, payload: payload)
        store.insertDataset(dataset)
        return JSONResponse.make(
            dataset.info.json, status: .created,
            headers: [("Location", "/v1/datasets/\(dataset.info.id)")])
    }

    func listDatasets(_ request: Request) throws(Problem) -> Reply {
        let limit = try request.limit(default: 100, max: 1000).get()
        let page = store.datasets(cursor: request.query["cursor"], limit: limit)
        return .response(try JSONResponse.page(page) { $0.json })
    }

    func getDataset(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        guard let dataset = store.dataset(id: id) else { throw .notFound("dataset", id: id) }
        return .response(JSONResponse.make(dataset.info.json))
    }

    func deleteDataset(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        guard store.deleteDataset(id: id) else { throw .notFound("dataset", id: id) }
        return .response(Response(status: .noContent))
    }
}

extension Problem {
    /// 400 for an upload that is not valid CSV for its kind; every problem names its line and column.
    static func invalidCSV(_ error: IngestError) -> Problem {
        let items = error.problems.map {
            ProblemItem(line: $0.line, column: $0.column, code: $0.code, message: $0.message)
        }
        let first = error.problems.first?.message ?? "the CSV could not be read"
        let more =
            items.count > 1 ? " (\(items.count - 1) more problem\(items.count > 2 ? "s" : "") listed in errors)" : ""
        return Problem(.badRequest, code: "invalid_csv", title: "Invalid CSV", detail: first + more, errors: items)
    }
}
