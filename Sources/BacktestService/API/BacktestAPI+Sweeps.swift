// Sweep routes: submit (every combination validated as the backtest it makes, against the
// datasets it names), list, read (with `?wait=` long-poll), cancel or delete, and the results table
// (one row per combination, sortable, JSON pages or CSV).
import BacktestEngine
import MicroHTTP

extension BacktestAPI {
    func submitSweep(_ request: Request) throws(Problem) -> Reply {
        guard request.mediaType == "application/json" else {
            throw .unsupportedMediaType(request.headers["Content-Type"], expected: "application/json")
        }
        guard request.body.count <= configuration.maxSpecBytes else {
            throw Problem(
                .payloadTooLarge, code: "spec_too_large", title: "Request too large",
                detail:
                    "A sweep request is at most \(configuration.maxSpecBytes) bytes; this one has \(request.body.count). List fewer values, or use a random sweep."
            )
        }
        let body: JSONValue
        do {
            body = try JSONParser.parse(request.body)
        } catch {
            throw .malformedJSON(error)
        }
        let spec = try SweepSpec.decode(body, maxCombinations: configuration.maxSweepCombinations).get()
        let key = try request.idempotencyKey().get()
        if let key, let existing = try stored({ () throws(StoreError) in try scheduler.sweep(idempotencyKey: key) }),
            existing.spec == spec,
            let view = try stored({ () throws(StoreError) in try scheduler.sweep(id: existing.id) })
        {
            return .response(Self.accepted(view, replayed: true))
        }
        // Each combination as the backtest it makes, then against the datasets it names: every
        // problem of every combination in one answer.
        var (specs, problems) = spec.children()
        var datasets = DatasetLookup(store: store)
        for (c, child) in specs.enumerated() where !problems.isFull {
            guard let child else { continue }
            for item in try inputProblems(of: child, datasets: &datasets) {
                problems.add(spec.childProblem(item, combination: c), said: item.message)
            }
        }
        guard problems.items.isEmpty else { throw .invalidSpec(problems.items) }
        var children = specs.compactMap { $0 }
        var walkForward: WalkForwardState?
        if let request = spec.walkForward {
            let state = try walkForwardWindows(request, children: children, datasets: &datasets)
            children = state.windows.flatMap { window in
                children.map { child in
                    var train = child
                    train.window = BarWindow(
                        startBar: window.bars.train.lowerBound, endBar: window.bars.train.upperBound)
                    return train
                }
            }
            walkForward = state
        }
        let (view, replayed) = try scheduled { [children, walkForward] () throws(SchedulerError) in
            try scheduler.submitSweep(
                spec: spec, children: children, walkForward: walkForward, idempotencyKey: key)
        }
        return .response(Self.accepted(view, replayed: replayed))
    }

    /// The windows of a walk-forward sweep over its bars dataset (one for every combination), or
    /// the problem: no window fits, or the train runs are more than a sweep may have.
    private func walkForwardWindows(
        _ request: WalkForward, children: [BacktestSpec], datasets: inout DatasetLookup
    ) throws(Problem) -> WalkForwardState {
        let ids = Set(children.map(\.dataset))
        guard ids.count == 1, let id = ids.first, let data = try datasets.find(id)?.bars else {
            throw .invalidSpec([
                ProblemItem(
                    path: "walk_forward",
                    message:
                        "walk-forward runs every combination on the windows of one bars dataset; do not sweep dataset")
            ])
        }
        let state = WalkForwardState(request, timestamps: data.timestamps)
        let bars = data.timestamps.count
        guard !state.windows.isEmpty else {
            throw .invalidSpec([
                ProblemItem(
                    path: "walk_forward.train_bars",
                    message:
                        "the dataset \(id) has \(bars) bars, so train_bars \(request.trainBars) leaves none to test on; make train_bars less than \(bars)"
                )
            ])
        }
        let runs = state.windows.count * (children.count + 1)
        guard runs <= configuration.maxSweepCombinations else {
            throw .invalidSpec([
                ProblemItem(
                    path: "walk_forward",
                    message:
                        "\(state.windows.count) windows × \(children.count) combinations make \(runs) runs with the test runs, over this server's limit of \(configuration.maxSweepCombinations); use fewer combinations, a larger step_bars, or raise --max-sweep-combinations"
                )
            ])
        }
        return state
    }

    private static func accepted(_ view: SweepView, replayed: Bool) -> Response {
        var headers = [("Location", "/v1/sweeps/\(view.record.id)")]
        if replayed { headers.append(("Idempotent-Replayed", "true")) }
        return JSONResponse.make(view.json(.standard), status: .accepted, headers: headers)
    }

    func listSweeps(_ request: Request) throws(Problem) -> Reply {
        let limit = try request.limit(default: 100, max: 1000).get()
        let precision = try request.precision().get()
        let cursor = request.query["cursor"]
        let page = try stored { () throws(StoreError) in try scheduler.sweeps(cursor: cursor, limit: limit) }
        return .response(try JSONResponse.page(page) { $0.json(precision, listing: true) })
    }

    func getSweep(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let wait = try request.waitSeconds(max: configuration.maxWaitSeconds).get()
        let precision = try request.precision().get()
        let view = try existingSweep(id)
        if view.status.isTerminal || wait == 0 { return .response(Self.render(view, precision, for: request)) }
        let scheduler = self.scheduler
        return .deferred { pending in
            scheduler.waitSweep(id: id, seconds: wait) { outcome in
                switch outcome {
                case .sweep(let view): pending.complete(Self.render(view, precision, for: nil))
                case .missing: pending.complete(Problem.notFound("sweep", id: id).response)
                case .shuttingDown: pending.complete(Problem.shuttingDown.response)
                }
            }
        }
    }

    /// Cancels an unfinished sweep (202 with the sweep) or removes a finished one with its
    /// children (204); a removed sweep answers 410.
    func deleteSweep(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        switch try scheduled({ () throws(SchedulerError) in try scheduler.deleteSweep(id: id) }) {
        case .cancelling(let view):
            return .response(JSONResponse.make(view.json(.standard), status: .accepted))
        case .removed(let children):
            for child in children {
                csvCache.removeAll(prefix: "\(child)/")
                csvLayouts.removeAll(prefix: "\(child)/")
            }
            return .response(Response(status: .noContent))
        }
    }

    /// One row per combination, in combination order or sorted by `?sort=` (a statistic or a swept
    /// path; `?order=desc` by default for a sort, `asc` to reverse), as JSON pages or CSV.
    func sweepResults(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let view = try existingSweep(id)
        let precision = try request.precision().get()
        let children = try stored { () throws(StoreError) in try scheduler.sweepChildSummaries(id: id) }
        var table = SweepResults(view.record, children: children)
        if let sort = request.query["sort"] {
            guard let column = table.sortableColumn(sort) else {
                let known = table.sortableNames
                throw .badQuery(
                    "sort",
                    "unknown column \"\(Suggestions.echo(sort))\".\(Suggestions.didYouMean(sort, in: known)) Sort by a statistic of the summary (sharpe, final_equity, …) or a swept path."
                )
            }
            var descending = true
            if let order = request.query["order"] {
                guard order == "asc" || order == "desc" else {
                    throw .badQuery("order", "expected \"asc\" or \"desc\", found \"\(Suggestions.echo(order))\"")
                }
                descending = order == "desc"
            }
            table.sort(by: column, descending: descending)
        } else if request.query["order"] != nil {
            throw .badQuery("order", "give ?sort= with the column to order by")
        }
        let finished = view.status.isTerminal
        if try request.wantsCSV().get() {
            let bytes = table.csv(precision)
            let suffix = precision == .standard ? "" : "-\(precision.rawValue)"
            var response =
                finished
                ? Response.servingBytes(
                    bytes, contentType: "text/csv; charset=utf-8", etag: ETag.of(bytes), for: request)
                : Response(status: .ok, headers: ["Content-Type": "text/csv; charset=utf-8"], body: .bytes(bytes))
            response.headers.set("Content-Disposition", "inline; filename=\"\(id)-results\(suffix).csv\"")
            return .response(response)
        }
        let limit = try request.limit(default: 1000, max: 10_000).get()
        var offset = 0
        if let cursor = request.query["cursor"] {
            guard let n = Int(cursor), (0...table.count).contains(n) else {
                throw .badQuery("cursor", "expected a cursor from a previous page's next_cursor, found \"\(cursor)\"")
            }
            offset = n
        }
        let end = min(table.count, offset + limit)
        let page: JSONValue = .object([
            "items": .array((offset..<end).map { table.json(row: $0, precision) }),
            "next_cursor": end < table.count ? .string(String(end)) : .null,
            "total": .int(table.count),
            "columns": .array(table.columnNames.map(JSONValue.string)),
        ])
        return .response(JSONResponse.state(JSONWriter.encode(page), final: finished, for: request))
    }

    /// A walk-forward sweep's windows, their chosen combinations and test runs, and the stitched
    /// out-of-sample equity; 404 for a sweep that is not walk-forward.
    func sweepWalkForward(_ request: Request) throws(Problem) -> Reply {
        let id = request.pathParameters["id"] ?? ""
        let view = try existingSweep(id)
        let precision = try request.precision().get()
        guard let state = view.record.walkForward else {
            throw Problem(
                .notFound, code: "not_walk_forward", title: "Not a walk-forward sweep",
                detail:
                    "Sweep \(id) has no walk_forward member; its results are at /v1/sweeps/\(id)/results. Submit a sweep with \"walk_forward\": {\"train_bars\", \"test_bars\"} for windows."
            )
        }
        let document = try walkForwardResult(view.record, state).json(precision)
        return .response(JSONResponse.state(JSONWriter.encode(document), final: view.status.isTerminal, for: request))
    }

    /// A walk-forward sweep's windows with their test runs read from the store.
    func walkForwardResult(_ sweep: SweepRecord, _ state: WalkForwardState) throws(Problem) -> WalkForwardResult {
        let tests = try stored { () throws(StoreError) -> [WalkForwardResult.Test?] in
            var tests: [WalkForwardResult.Test?] = []
            for window in state.windows {
                guard let test = window.test else {
                    tests.append(nil)
                    continue
                }
                let record = try store.backtest(id: test)
                let result = record?.status == .succeeded ? try store.result(id: test) : nil
                tests.append(WalkForwardResult.Test(record: record, result: result))
            }
            return tests
        }
        return WalkForwardResult(sweep, tests: tests)
    }

    /// A sweep by id, or the problem to answer: 410 for one deleted, 404 for none.
    func existingSweep(_ id: String) throws(Problem) -> SweepView {
        if let view = try stored({ () throws(StoreError) in try scheduler.sweep(id: id) }) { return view }
        if let removal = try stored({ () throws(StoreError) in try scheduler.removal(id: id) }) {
            throw .gone(id: id, removal, retention: configuration.retention)
        }
        throw .notFound("sweep", id: id)
    }

    /// A sweep's JSON in `precision`; a finished sweep carries an ETag and answers `If-None-Match`
    /// with 304.
    static func render(_ view: SweepView, _ precision: Precision, for request: Request?) -> Response {
        JSONResponse.state(JSONWriter.encode(view.json(precision)), final: view.status.isTerminal, for: request)
    }
}
