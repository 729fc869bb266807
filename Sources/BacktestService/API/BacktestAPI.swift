// The HTTP API of the backtest service: the routes and the state their handlers share. Handlers are
// written as `throws(Problem)` functions; one adapter turns a thrown problem into its response.
import Logging
import MicroHTTP

/// Routes and handlers of `/v1` and `/healthz`.
final class BacktestAPI: Sendable {
    let store: any Store
    let scheduler: JobScheduler
    let configuration: ServiceConfiguration
    let clock: WallClock
    let logger: Logger
    /// Whole-table CSV renders (tests read it).
    let renders: RenderCounter
    /// Rendered CSV of tables below `streamCSVRows` rows.
    let csvCache: RenderCache
    /// Layouts of larger tables: HEAD and ranges are served from them.
    let csvLayouts: CSVLayoutCache

    init(
        store: any Store, scheduler: JobScheduler, configuration: ServiceConfiguration, clock: WallClock,
        logger: Logger, renders: RenderCounter = RenderCounter()
    ) {
        self.renders = renders
        csvCache = RenderCache(budgetBytes: 512 << 20, counter: renders)
        csvLayouts = CSVLayoutCache(counter: renders)
        self.store = store
        self.scheduler = scheduler
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Every route the server serves.
    var router: Router {
        var router = Router()
        addSelfDescription(to: &router)
        router.add(.GET, "/healthz", adapt(health))
        router.add(.POST, "/v1/datasets", adapt(uploadDataset))
        router.addBodyStart(.POST, "/v1/datasets") { [self] in datasetBodyStart($0) }
        router.add(.GET, "/v1/datasets", adapt(listDatasets))
        router.add(.GET, "/v1/datasets/{id}", adapt(getDataset))
        router.add(.DELETE, "/v1/datasets/{id}", adapt(deleteDataset))
        router.add(.POST, "/v1/backtests", adapt(submitBacktest))
        router.add(.GET, "/v1/backtests", adapt(listBacktests))
        router.add(.GET, "/v1/backtests/{id}", adapt(getBacktest))
        router.add(.DELETE, "/v1/backtests/{id}", adapt(deleteBacktest))
        for table in ResultTable.allCases {
            router.add(
                .GET, "/v1/backtests/{id}/\(table.rawValue)",
                adapt { [self] (request: Request) throws(Problem) -> Reply in
                    try resultTable(table, request)
                })
        }
        for view in AnalyticsView.allCases {
            router.add(
                .GET, "/v1/backtests/{id}/\(view.rawValue)",
                adapt { [self] (request: Request) throws(Problem) -> Reply in
                    try analyticsView(view, request)
                })
        }
        router.add(.POST, "/v1/sweeps", adapt(submitSweep))
        router.add(.GET, "/v1/sweeps", adapt(listSweeps))
        router.add(.GET, "/v1/sweeps/{id}", adapt(getSweep))
        router.add(.DELETE, "/v1/sweeps/{id}", adapt(deleteSweep))
        router.add(.GET, "/v1/sweeps/{id}/results", adapt(sweepResults))
        router.add(.GET, "/v1/sweeps/{id}/walk_forward", adapt(sweepWalkForward))
        router.add(.GET, "/v1/sweeps/{id}/report", adapt(sweepReport))
        router.add(.GET, "/v1/backtests/{id}/report", adapt(backtestReport))
        router.add(.GET, "/v1/strategies", adapt(strategies))
        return router
    }

    /// Turns a throwing handler into a router handler.
    func adapt(_ handler: @escaping @Sendable (Request) throws(Problem) -> Reply) -> Handler {
        { request in
            do throws(Problem) {
                return try handler(request)
            } catch {
                return .response(error.response)
            }
        }
    }

    /// Runs a store call; a storage failure becomes its problem (and is logged).
    func stored<T>(_ body: () throws(StoreError) -> T) throws(Problem) -> T {
        do {
            return try body()
        } catch {
            logger.error("storage failed", metadata: ["code": "\(error.code.rawValue)", "error": "\(error.message)"])
            throw .storage(error)
        }
    }

    /// Runs a scheduler call; its domain error becomes its problem.
    func scheduled<T>(_ body: () throws(SchedulerError) -> T) throws(Problem) -> T {
        do {
            return try body()
        } catch {
            if case .storage(let failure) = error {
                logger.error(
                    "storage failed", metadata: ["code": "\(failure.code.rawValue)", "error": "\(failure.message)"])
            }
            throw .scheduling(error, retention: configuration.retention)
        }
    }

    /// A job by id, or the problem to answer: 410 for one deleted or evicted, 404 for none.
    func existingBacktest(_ id: String) throws(Problem) -> BacktestRecord {
        if let record = try stored({ () throws(StoreError) in try scheduler.backtest(id: id) }) { return record }
        if let removal = try stored({ () throws(StoreError) in try scheduler.removal(id: id) }) {
            throw .gone(id: id, removal, retention: configuration.retention)
        }
        throw .notFound("backtest", id: id)
    }

    private func health(_ request: Request) throws(Problem) -> Reply {
        let queued = try stored { () throws(StoreError) in try scheduler.queued() }
        return .response(
            JSONResponse.make(
                .object([
                    "status": .string("ok"),
                    "version": .string(BacktestServer.version),
                    "workers": .int(configuration.workers),
                    "queued": .int(queued),
                ])))
    }

    private func strategies(_ request: Request) throws(Problem) -> Reply {
        .response(JSONResponse.make(StrategyCatalog.json))
    }
}
