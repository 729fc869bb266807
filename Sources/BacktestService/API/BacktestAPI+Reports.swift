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

    /// `GET /v1/sweeps/{id}/report?metric=&x=&y=`: the sweep as a page, its heatmap of `metric`
    /// (default: the objective's) over swept paths `x` and `y` (default: the first two).
    func sweepReport(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let view = try existingSweep(id)
        let axes = view.record.spec.axes.map(\.name)
        func axis(_ name: String, default index: Int?) throws(Problem) -> Int? {
            guard let text = request.query[name] else { return index }
            guard let i = axes.firstIndex(of: text) else {
                throw .badQuery(
                    name,
                    "\"\(Suggestions.echo(text))\" is not a swept path of this sweep.\(Suggestions.didYouMean(text, in: axes)) Use one of \(Suggestions.list(axes))."
                )
            }
            return i
        }
        let x = try axis("x", default: axes.isEmpty ? nil : 0)
        var y = try axis("y", default: axes.count > 1 ? (x == 0 ? 1 : 0) : nil)
        if y == x { y = nil }
        let metric = request.query["metric"] ?? view.record.spec.objective.metric
        guard BacktestRecord.summaryNames.contains(metric) else {
            throw .badQuery(
                "metric",
                "unknown statistic \"\(Suggestions.echo(metric))\".\(Suggestions.didYouMean(metric, in: BacktestRecord.summaryNames)) Use a name of the summary, such as sharpe or final_equity."
            )
        }
        let children = try stored { () throws(StoreError) in try scheduler.sweepChildSummaries(id: id) }
        let results = SweepResults(view.record, children: children)
        let walkForward = try view.record.walkForward.map { (state) throws(Problem) in
            try walkForwardResult(view.record, state)
        }
        let bytes = SweepReport.html(view, results, metric: metric, x: x, y: y, walkForward: walkForward)
        guard view.status.isTerminal else {
            return .response(
                Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .bytes(bytes)))
        }
        return .response(
            Response.servingBytes(bytes, contentType: "text/html; charset=utf-8", etag: ETag.of(bytes), for: request))
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
