// Analytics routes of a succeeded backtest: per-asset attribution, drawdown periods, monthly
// returns, rolling Sharpe (`?window=`) and signal quality (`?horizons=&quantiles=&signals=`), as
// JSON or CSV (`?format=csv` or `Accept: text/csv`), numbers rounded or in full (`?precision=`),
// with entity tags like the result tables. Signal quality reads the job's datasets again and is
// computed off the HTTP threads, once per query (cached with the rendered CSVs).
import BacktestEngine
import Dispatch
import MicroHTTP

extension BacktestAPI {
    /// Answers `GET /v1/backtests/{id}/{view}`.
    func analyticsView(_ view: AnalyticsView, _ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let (record, result) = try succeededResult(id)
        let precision = try request.precision().get()
        let csv = try request.wantsCSV().get()
        let spec = record.spec
        let settings = spec.configuration.analytics
        let cash = spec.configuration.initialCash
        let report: AnalyticsReport
        switch view {
        case .attribution:
            report = .attribution(
                AssetAttribution.of(result, initialCash: cash), initialCash: cash,
                finalEquity: result.metrics.finalEquity, borrowFees: result.metrics.totalBorrowFees)
        case .drawdowns:
            report = .drawdowns(DrawdownPeriod.periods(of: result.equity, initialCash: cash))
        case .monthlyReturns:
            report = .monthlyReturns(CalendarReturns(SessionReturns(result, initialCash: cash, settings: settings)))
        case .rollingSharpe:
            let window = try request.rollingWindow().get()
            report = .rollingSharpe(
                RollingSharpe(
                    SessionReturns(result, initialCash: cash, settings: settings), window: window, settings: settings),
                settings)
        case .signalQuality:
            let query = try request.signalQualityQuery().get()
            let key = "\(id)/\(view.rawValue)/\(query.key)/\(csv ? "csv" : "json")/\(precision.rawValue)"
            return .deferred { [self] pending in
                DispatchQueue.global().async {
                    do throws(Problem) {
                        let bytes = try self.signalQualityBytes(spec, query, csv: csv, precision: precision, key: key)
                        pending.complete(Self.analyticsResponse(bytes, csv: csv, view: view, id: id, for: request))
                    } catch {
                        pending.complete(error.response)
                    }
                }
            }
        }
        let bytes = csv ? report.csv(precision) : JSONWriter.encode(report.json(precision))
        return .response(Self.analyticsResponse(bytes, csv: csv, view: view, id: id, for: request))
    }

    /// The job and its result, or the problem: 404/410 for no such job, 409 until it succeeded.
    func succeededResult(_ id: String) throws(Problem) -> (BacktestRecord, BacktestResult) {
        let record = try existingBacktest(id)
        var result: BacktestResult?
        if record.status == .succeeded { result = try stored { () throws(StoreError) in try store.result(id: id) } }
        guard let result else {
            throw Problem(
                .conflict, code: "not_ready", title: "Result not ready",
                detail:
                    "Backtest \(id) is \(record.status.rawValue); results exist once it has succeeded. Wait with GET /v1/backtests/\(id)?wait=30."
            )
        }
        return (record, result)
    }

    /// Signal quality of the job's data as JSON or CSV bytes, computed once per key.
    private func signalQualityBytes(
        _ spec: BacktestSpec, _ query: SignalQualityQuery, csv: Bool, precision: Precision, key: String
    ) throws(Problem) -> [UInt8] {
        guard let data = try jobDataset(spec.dataset, at: "dataset").bars else {
            throw Self.datasetGone(spec.dataset)
        }
        var signals: [SignalSeries] = []
        for (i, id) in spec.signals.enumerated() {
            guard let series = try jobDataset(id, at: "signals[\(i)]").signals else { throw Self.datasetGone(id) }
            signals.append(series)
        }
        let measured: [SignalQuality]
        do {
            measured = try SignalQuality.analyze(
                data: data, signals: signals, signalDelayBars: spec.configuration.signalDelayBars,
                names: query.signals, horizons: query.horizons, quantiles: query.quantiles)
        } catch {
            throw .badQuery("signals", error.message)
        }
        let report = AnalyticsReport.signalQuality(measured, horizons: query.horizons, quantiles: query.quantiles)
        return csvCache.bytes(for: key) { csv ? report.csv(precision) : JSONWriter.encode(report.json(precision)) }
    }

    /// A dataset a job named, deleted or not; the problem when it is no longer stored.
    private func jobDataset(_ id: String, at path: String) throws(Problem) -> Dataset {
        guard let dataset = try stored({ () throws(StoreError) in try store.dataset(id: id, includingDeleted: true) })
        else { throw Self.datasetGone(id) }
        return dataset
    }

    private static func datasetGone(_ id: String) -> Problem {
        Problem(
            .conflict, code: "dataset_missing", title: "Dataset no longer stored",
            detail:
                "Signal quality reads the job's data again, but dataset \(id) is no longer stored. Upload the data again and run the backtest on it."
        )
    }

    /// The bytes as an immutable JSON or CSV answer (strong ETag of the bytes, 304, HEAD, ranges).
    private static func analyticsResponse(
        _ bytes: [UInt8], csv: Bool, view: AnalyticsView, id: String, for request: Request
    ) -> Response {
        guard csv else { return JSONResponse.immutable(bytes, for: request) }
        var response = Response.servingBytes(
            bytes, contentType: "text/csv; charset=utf-8", etag: ETag.of(bytes), for: request)
        response.headers.set("Content-Disposition", "inline; filename=\"\(id)-\(view.rawValue).csv\"")
        return response
    }
}
