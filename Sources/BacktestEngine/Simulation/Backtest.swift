// The public, steppable run: validates the configuration, builds the monomorphized simulation,
// and hands out the result.

/// A steppable run. Not thread-safe; one worker thread owns it.
///
/// All state lives in the object: `step(maxBars:)` resumes exactly where the last call stopped, so
/// stepping one bar at a time, in chunks, or all at once gives identical results. The same inputs
/// give bit-identical outputs.
public final class Backtest {
    private let runner: any SimulationRunner
    private var cachedResult: BacktestResult?
    /// What the statistics read from the data (benchmark levels, last closes).
    private let analytics: AnalyticsInputs

    /// Validates `configuration` against the data and prepares the run (columns resolved to arrays,
    /// context and signal datasets joined point in time onto the bars; see `PointInTime`). Nothing is
    /// simulated yet.
    ///
    /// - Parameter signals: signal datasets, searched in this order for a name the bars lack.
    /// - Throws: the first problem `Backtest.problems` finds, in its order.
    public init(
        data: MarketData, context: ContextSeries?, signals: [SignalSeries] = [],
        configuration: BacktestConfiguration
    ) throws(ConfigurationError) {
        let validator = ConfigurationValidator(
            data: data, context: context, signals: signals, configuration: configuration)
        if let problem = validator.problems(in: configuration).first {
            throw problem
        }
        analytics = AnalyticsInputs(data: data, context: context, settings: configuration.analytics)
        let broker = SimulatedBroker(
            initialCash: configuration.initialCash, assetCount: data.assets.count,
            commission: configuration.commission, account: configuration.account,
            limits: configuration.limits)
        func runner<S: Strategy>(_ strategy: S) -> any SimulationRunner {
            Runner(
                Simulation(
                    data: data, strategy: strategy, broker: broker, configuration: configuration,
                    catalog: validator.catalog), assets: data.assets)
        }
        if case .regime(let parameters) = configuration.strategy {
            self.runner = runner(
                Self.regimeStrategy(parameters, catalog: validator.catalog, configuration: configuration))
            return
        }
        // One simulation per template, each monomorphized for its strategy.
        switch ResolvedTemplate(configuration.strategy, catalog: validator.catalog, configuration: configuration) {
        case .threshold(let strategy): self.runner = runner(strategy)
        case .rules(let strategy): self.runner = runner(strategy)
        case .targetWeights(let strategy): self.runner = runner(strategy)
        case .topK(let strategy): self.runner = runner(strategy)
        }
    }

    /// The regime template resolved: each regime's template and its condition over the bar timeline.
    private static func regimeStrategy(
        _ parameters: RegimeParameters, catalog: ColumnCatalog, configuration: BacktestConfiguration
    ) -> RegimeStrategy {
        let templates = parameters.regimes.map {
            ResolvedTemplate($0.strategy, catalog: catalog, configuration: configuration)
        }
        let timeline = catalog.timelineCatalog
        let conditions = parameters.regimes.map { regime -> RuleProgram in
            do {
                return try RuleProgram(try RuleParser.parse(regime.when), catalog: timeline)
            } catch {
                preconditionFailure("regime condition \(regime.when) was validated but does not compile: \(error)")
            }
        }
        return RegimeStrategy(templates: templates, conditions: conditions, parameters: parameters)
    }

    /// Every problem of `configuration` against the data, each with its code and JSON path, in a
    /// stable order; empty when `init` would succeed. For validation that reports all problems at once.
    public static func problems(
        data: MarketData, context: ContextSeries?, signals: [SignalSeries] = [],
        configuration: BacktestConfiguration
    ) -> [ConfigurationError] {
        ConfigurationValidator(data: data, context: context, signals: signals, configuration: configuration)
            .problems(in: configuration)
    }

    /// Distinct timestamps in the data.
    public var barCount: Int { runner.barCount }

    /// Timestamps fully processed so far.
    public var processedBars: Int { runner.processedBars }

    /// Whether every bar has been processed.
    public var isFinished: Bool { runner.processedBars == runner.barCount }

    /// Processes up to `maxBars` further timestamps; returns how many it processed (0 when finished).
    @discardableResult
    public func step(maxBars: Int) -> Int {
        runner.step(maxBars: maxBars)
    }

    /// Runs to the end if needed and returns the result (idempotent: later calls return the same).
    public func finish() -> BacktestResult {
        if let cachedResult { return cachedResult }
        while !isFinished {
            step(maxBars: Int.max)
        }
        let result = runner.result(analytics)
        cachedResult = result
        return result
    }
}

/// Type-erases the generic simulation at the granularity of a step call, never per bar.
protocol SimulationRunner: AnyObject {
    var barCount: Int { get }
    var processedBars: Int { get }
    func step(maxBars: Int) -> Int
    func result(_ analytics: AnalyticsInputs) -> BacktestResult
}

/// Owns one monomorphized simulation.
final class Runner<S: Strategy, B: Broker>: SimulationRunner {
    private var simulation: Simulation<S, B>
    private let assets: [String]

    init(_ simulation: Simulation<S, B>, assets: [String]) {
        self.simulation = simulation
        self.assets = assets
    }

    var barCount: Int { simulation.barCount }
    var processedBars: Int { simulation.nextBar }

    func step(maxBars: Int) -> Int {
        simulation.step(maxBars: maxBars)
    }

    func result(_ analytics: AnalyticsInputs) -> BacktestResult {
        let positions = (0..<assets.count).map { simulation.broker.position(of: $0) }
        let openPositions = positions.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        let metrics = MetricsCalculator(
            initialCash: simulation.initialCash, marks: simulation.marks, ledger: simulation.ledger,
            openPositions: openPositions, settings: analytics.settings, benchmark: analytics.benchmark
        ).metrics()
        return BacktestResult(
            assets: assets, fills: simulation.ledger.fills, orders: simulation.ledger.orders,
            trades: simulation.ledger.trades, equity: simulation.marks.points, metrics: metrics,
            openPositions: openPositions, events: simulation.ledger.events, positions: positions,
            lastCloses: analytics.lastCloses)
    }
}
