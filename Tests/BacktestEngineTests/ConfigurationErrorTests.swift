// ConfigurationError codes, fields and messages.
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
        #expect(error.code == "unknown_column" && error.field == .signal)
        #expect(error.message.contains("Did you mean \"ml_pred\"?"))
        #expect(
            error.message.contains("signals \"ml_pred\" and \"confidence\"")
                && error.message.contains("bar fields \"open\", \"high\", \"low\", \"close\" and \"volume\""))
    }

    @Test func unknownFilterColumnPath() throws {
        let filters = [
            Filter(column: "confidence", op: .greater, value: 0.7), Filter(column: "vix", op: .less, value: 20),
        ]
        let error = try #require(Self.error(Self.threshold(filters: filters)))
        #expect(error.code == "unknown_column" && error.field == .filterColumn(1))
    }

    @Test(arguments: [
        (threshold(cash: 0), ConfigurationField.initialCash),
        (threshold(cash: .nan), .initialCash),
        (threshold(entry: .nan), .entryAbove),
        (
            threshold(filters: [Filter(column: "close", op: .less, value: .infinity)]),
            .filterValue(0)
        ),
        (threshold(sizing: .equalInitial(fraction: 0)), .sizingFraction),
        (threshold(sizing: .percentEquity(fraction: -1)), .sizingFraction),
        (threshold(sizing: .fixedValue(0)), .sizingValue),
        (threshold(sizing: .fixedQuantity(0)), .sizingQuantity),
    ])
    func invalidParameters(configuration: BacktestConfiguration, field: ConfigurationField) throws {
        let error = try #require(Self.error(configuration))
        #expect(error.code == "invalid_parameter" && error.field == field)
    }

    @Test func invalidCommission() throws {
        var configuration = Self.threshold()
        configuration.commission = .perShare(rate: 0.01, minimum: -1)
        let error = try #require(Self.error(configuration))
        #expect(error.code == "invalid_parameter" && error.field == .commissionMinimum)
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
            problems.map(\.field) == [.initialCash, .signal, .filterColumn(0)])
        #expect(Backtest.problems(data: Self.data, context: nil, configuration: Self.threshold()).isEmpty)
    }

    /// The same data, as if the upload had only these optional bar fields.
    static func data(fields: BarFields) -> MarketData {
        let d = data
        return MarketData(
            assets: d.assets, timestamps: d.timestamps, rowStart: d.rowStart, asset: d.asset, open: d.close,
            high: d.close, low: d.close, close: d.close, volume: d.volume, signalNames: d.signalNames,
            signals: d.signals, fields: fields)
    }

    @Test func nextOpenNeedsAnOpenColumn() throws {
        let withoutOpen = Self.data(fields: [.high, .low, .volume])
        let error = try #require(Self.error(Self.threshold(), data: withoutOpen))
        #expect(error.code == "missing_column" && error.field == .fillTiming)
        #expect(error.message.contains("same_close"))
        var sameClose = Self.threshold()
        sameClose.fill = .sameClose
        #expect(Self.error(sameClose, data: withoutOpen) == nil)
    }

    @Test func barFieldsTheUploadLackedAreUnknown() throws {
        let filters = [Filter(column: "volume", op: .greater, value: 0)]
        let error = try #require(Self.error(Self.threshold(filters: filters), data: Self.data(fields: [.open])))
        #expect(error.code == "unknown_column" && error.field == .filterColumn(0))
        #expect(error.message.contains("bar fields \"open\" and \"close\""))
        #expect(Self.error(Self.threshold(filters: filters)) == nil)
    }

    @Test func aColumnInBothTheBarsAndTheContextIsAmbiguous() throws {
        let context = ContextSeries(
            timestamps: [Self.data.timestamps[0]], names: ["vix", "confidence"], columns: [[20], [0.5]])
        let configuration = Self.threshold(filters: [Filter(column: "confidence", op: .greater, value: 0.7)])
        let problems = Backtest.problems(data: Self.data, context: context, configuration: configuration)
        #expect(problems.map(\.code) == ["ambiguous_column"] && problems.map(\.field) == [.filterColumn(0)])
        #expect(problems[0].message.contains("\"confidence\""))
        let unambiguous = Self.threshold(filters: [Filter(column: "vix", op: .less, value: 30)])
        #expect(Backtest.problems(data: Self.data, context: context, configuration: unambiguous).isEmpty)
    }
}
