// ConfigurationError codes, JSON paths and messages.
import BacktestEngine
import Testing

@Suite struct ConfigurationErrorTests {
    static let data = RandomData.make(assets: 2, bars: 3, seed: 1)

    static func error(_ configuration: BacktestConfiguration, data: MarketData = data) -> ConfigurationError? {
        do {
            _ = try Backtest(data: data, context: nil, configuration: configuration)
            return nil
        } catch {
            return error
        }
    }

    static func threshold(
        signal: String = "ml_pred", filters: [Filter] = [], sizing: Sizing = .equalInitial(fraction: 1),
        entry: Double = 0.8, cash: Double = 1_000
    ) -> BacktestConfiguration {
        BacktestConfiguration(
            initialCash: cash,
            strategy: .threshold(
                ThresholdParameters(
                    signal: signal, entryAbove: entry, exitBelow: 0.4, filters: filters, sizing: sizing)))
    }

    @Test func unknownSignalListsAvailableColumns() throws {
        let error = try #require(Self.error(Self.threshold(signal: "ml_prd")))
        #expect(error.code == "unknown_column" && error.path == "strategy.params.signal")
        #expect(error.message.contains("did you mean 'ml_pred'"))
        #expect(
            error.message.contains("ml_pred, confidence") && error.message.contains("open, high, low, close, volume"))
    }

    @Test func unknownFilterColumnPath() throws {
        let filters = [
            Filter(column: "confidence", op: .greater, value: 0.7), Filter(column: "vix", op: .less, value: 20),
        ]
        let error = try #require(Self.error(Self.threshold(filters: filters)))
        #expect(error.code == "unknown_column" && error.path == "strategy.params.filters[1].column")
    }

    @Test(arguments: [
        (threshold(cash: 0), "account.initial_cash"),
        (threshold(cash: .nan), "account.initial_cash"),
        (threshold(entry: .nan), "strategy.params.entry_above"),
        (
            threshold(filters: [Filter(column: "close", op: .less, value: .infinity)]),
            "strategy.params.filters[0].value"
        ),
        (threshold(sizing: .equalInitial(fraction: 0)), "strategy.params.sizing.fraction"),
        (threshold(sizing: .percentEquity(fraction: -1)), "strategy.params.sizing.fraction"),
        (threshold(sizing: .fixedValue(0)), "strategy.params.sizing.value"),
        (threshold(sizing: .fixedQuantity(0)), "strategy.params.sizing.quantity"),
    ])
    func invalidParameters(configuration: BacktestConfiguration, path: String) throws {
        let error = try #require(Self.error(configuration))
        #expect(error.code == "invalid_parameter" && error.path == path)
    }

    @Test func invalidCommission() throws {
        var configuration = Self.threshold()
        configuration.commission = .perShare(rate: 0.01, minimum: -1)
        let error = try #require(Self.error(configuration))
        #expect(error.code == "invalid_parameter" && error.path == "account.commission.minimum")
    }

    @Test func emptyData() throws {
        let empty = MarketData(
            assets: [], timestamps: [], rowStart: [0], asset: [], open: [], high: [], low: [], close: [],
            volume: [], signalNames: ["ml_pred"], signals: [[]])
        let error = try #require(Self.error(Self.threshold(), data: empty))
        #expect(error.code == "empty_data")
    }

    @Test func problemsGathersEveryProblemInOrder() {
        let configuration = Self.threshold(
            signal: "nope", filters: [Filter(column: "nada", op: .less, value: 1)], cash: -5)
        let problems = Backtest.problems(data: Self.data, context: nil, configuration: configuration)
        #expect(
            problems.map(\.path) == [
                "account.initial_cash", "strategy.params.signal", "strategy.params.filters[0].column",
            ])
        #expect(Backtest.problems(data: Self.data, context: nil, configuration: Self.threshold()).isEmpty)
    }
}
