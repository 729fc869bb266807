// The pages people look at: a succeeded backtest's report, and the recent jobs on `GET /` for a
// browser. Pages are rendered off the HTTP threads (a report reads the whole result).
import BacktestEngine
import Dispatch
import MicroHTTP

extension BacktestAPI {
    /// `GET /v1/backtests/{id}/report`: the HTML report; a result never changes, so the page
    /// carries an ETag and answers `If-None-Match` with 304.
    func backtestReport(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let (record, result) = try succeededResult(id)
        return .deferred { pending in
            DispatchQueue.global().async {
                let bytes = BacktestReport.html(record, result)
                pending.complete(
                    Response.servingBytes(
                        bytes, contentType: "text/html; charset=utf-8", etag: ETag.of(bytes), for: request))
            }
        }
    }

    /// The HTML of `GET /`: the index and the recent sweeps and backtests.
    func jobListPage(_ request: Request) throws(Problem) -> Response {
        let limit = JobListPage.limit
        let backtests = try stored { () throws(StoreError) in try scheduler.latestBacktests(limit: limit) }
        let sweeps = try stored { () throws(StoreError) in try scheduler.latestSweeps(limit: limit) }
        // An entity tag of the content: a reload while nothing changed is a 304.
        let bytes = JobListPage.html(sweeps: sweeps, backtests: backtests)
        return Response.servingBytes(bytes, contentType: "text/html; charset=utf-8", etag: ETag.of(bytes), for: request)
    }
}
