// Backtest job routes: submit, list, read (with `?wait=` long-poll and ETags), cancel or delete. Listing and
// reading take `?precision=` for the summaries' numbers.
import BacktestEngine
import MicroHTTP

extension BacktestAPI {
    func submitBacktest(_ request: Request) throws(Problem) -> Reply {
        guard request.mediaType == "application/json" else {
            throw .unsupportedMediaType(request.headers["Content-Type"], expected: "application/json")
        }
        guard request.body.count <= configuration.maxSpecBytes else {
            throw Problem(
                .payloadTooLarge, code: "spec_too_large", title: "Request too large",
                detail:
                    "A backtest request is at most \(configuration.maxSpecBytes) bytes; this one has \(request.body.count). Send data as a dataset (POST /v1/datasets), not inside the spec."
            )
        }
        let body: JSONValue
        do {
            body = try JSONParser.parse(request.body)
        } catch {
            throw .malformedJSON(error)
        }
        let spec = try BacktestSpec.decode(body).get()
        let key = try request.idempotencyKey().get()
        // A retry of an accepted request is answered with its job before anything is checked again
        // (its dataset may have been deleted since).
        if let key, let existing = try stored({ () throws(StoreError) in try scheduler.backtest(idempotencyKey: key) }),
            existing.spec == spec
        {
            return .response(Self.accepted(existing, replayed: true))
        }
        try resolveInputs(of: spec)
        let (record, replayed) = try scheduled { () throws(SchedulerError) in
            try scheduler.submit(spec: spec, idempotencyKey: key)
        }
        return .response(Self.accepted(record, replayed: replayed))
    }

    private static func accepted(_ record: BacktestRecord, replayed: Bool) -> Response {
        var headers = [("Location", "/v1/backtests/\(record.id)")]
        if replayed { headers.append(("Idempotent-Replayed", "true")) }
        return JSONResponse.make(record.json, status: .accepted, headers: headers)
    }

    /// Finds the datasets a spec names and runs the engine's validation of the configuration against
    /// them; all problems at once.
    private func resolveInputs(of spec: BacktestSpec) throws(Problem) {
        var datasets = DatasetLookup(store: store)
        let problems = try inputProblems(of: spec, datasets: &datasets)
        guard problems.isEmpty else { throw .invalidSpec(problems) }
    }

    /// The problems of the datasets a spec names and of its configuration against them (the
    /// engine's own validation, so the service checks nothing twice), at the spec's JSON paths.
    func inputProblems(of spec: BacktestSpec, datasets: inout DatasetLookup) throws(Problem) -> [ProblemItem] {
        var problems: [ProblemItem] = []
        let bars = try datasets.find(spec.dataset)
        if bars == nil {
            problems.append(
                ProblemItem(
                    path: "dataset",
                    message:
                        "no dataset has the id \"\(Suggestions.echo(spec.dataset))\"; upload one with POST /v1/datasets or list them with GET /v1/datasets"
                ))
        } else if bars?.bars == nil {
            problems.append(
                ProblemItem(
                    path: "dataset",
                    message:
                        bars?.info.kind == .signals
                        ? "\"\(spec.dataset)\" is a signals dataset; name a bars dataset here and pass this one in \"signals\""
                        : "\"\(spec.dataset)\" is a context dataset; name a bars dataset here and pass this one as \"context\""
                ))
        }
        var context: Dataset?
        if let id = spec.context {
            context = try datasets.find(id)
            if context == nil {
                problems.append(
                    ProblemItem(
                        path: "context",
                        message:
                            "no dataset has the id \"\(Suggestions.echo(id))\"; upload one with POST /v1/datasets?kind=context"
                    ))
            } else if context?.context == nil {
                problems.append(
                    ProblemItem(
                        path: "context",
                        message:
                            "\"\(id)\" is a \(context!.info.kind.rawValue) dataset; upload the context series with ?kind=context"
                    ))
            }
        }
        var signals: [SignalSeries] = []
        for (i, id) in spec.signals.enumerated() {
            let dataset = try datasets.find(id)
            if let series = dataset?.signals {
                signals.append(series)
            } else {
                problems.append(
                    ProblemItem(
                        path: "signals[\(i)]",
                        message: dataset == nil
                            ? "no dataset has the id \"\(Suggestions.echo(id))\"; upload one with POST /v1/datasets?kind=signals"
                            : "\"\(id)\" is a \(dataset!.info.kind.rawValue) dataset; upload signals in long format (timestamp, asset, name, value) with ?kind=signals"
                    ))
            }
        }
        if let data = bars?.bars, let window = spec.window {
            problems += window.problems(bars: data.timestamps.count, dataset: spec.dataset)
        }
        if let data = bars?.bars, spec.context == nil || context?.context != nil, signals.count == spec.signals.count {
            for problem in Backtest.problems(
                data: data, context: context?.context, signals: signals, configuration: spec.configuration)
            {
                problems.append(ProblemItem(path: spec.path(of: problem.field), message: problem.message))
            }
        }
        return problems
    }

    func listBacktests(_ request: Request) throws(Problem) -> Reply {
        let limit = try request.limit(default: 100, max: 1000).get()
        let precision = try request.precision().get()
        var status: JobStatus?
        if let text = request.query["status"] {
            guard let s = JobStatus(rawValue: text) else {
                throw .badQuery(
                    "status",
                    "expected one of \(Suggestions.list(JobStatus.allCases.map(\.rawValue))), found \"\(text)\"")
            }
            status = s
        }
        let cursor = request.query["cursor"]
        let page = try stored { () throws(StoreError) in
            try scheduler.backtests(status: status, cursor: cursor, limit: limit)
        }
        return .response(try JSONResponse.page(page) { $0.json(precision) })
    }

    func getBacktest(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let wait = try request.waitSeconds(max: configuration.maxWaitSeconds).get()
        let precision = try request.precision().get()
        let record = try existingBacktest(id)
        if record.status.isTerminal || wait == 0 {
            return .response(Self.render(record, precision, for: request))
        }
        let scheduler = self.scheduler
        return .deferred { pending in
            scheduler.wait(id: id, seconds: wait) { outcome in
                switch outcome {
                case .record(let record): pending.complete(Self.render(record, precision, for: nil))
                case .missing: pending.complete(Problem.notFound("backtest", id: id).response)
                case .shuttingDown: pending.complete(Problem.shuttingDown.response)
                }
            }
        }
    }

    /// Cancels a queued or running job (202 with the job), or removes a finished one with its
    /// results (204); a removed job answers 410.
    func deleteBacktest(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        switch try scheduled({ () throws(SchedulerError) in try scheduler.delete(id: id) }) {
        case .cancelling(let record):
            return .response(JSONResponse.make(record.json, status: .accepted))
        case .removed:
            csvCache.removeAll(prefix: "\(id)/")
            csvLayouts.removeAll(prefix: "\(id)/")
            return .response(Response(status: .noContent))
        }
    }

    /// A job's JSON in `precision`; finished jobs carry an ETag (of the bytes, so each precision has
    /// its own) and answer `If-None-Match` with 304.
    static func render(_ record: BacktestRecord, _ precision: Precision, for request: Request?) -> Response {
        JSONResponse.state(JSONWriter.encode(record.json(precision)), final: record.status.isTerminal, for: request)
    }
}
