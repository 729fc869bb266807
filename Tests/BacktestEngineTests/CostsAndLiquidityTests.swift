// Costs and liquidity worked out by hand: every slippage model on the same two fills, every
// commission model on one fill, a participation limit splitting an order over bars (and an exit
// cancelling the rest), and the summary's cost totals.
import BacktestEngine
import Testing

@Suite struct CostsAndLiquidityTests {
    // Entry decided at bar 1, BUY 50 @ open 102 at bar 2; exit decided at bar 3, SELL 50 @ open 106 at
    // bar 4 (cash 10,000, equal_initial 0.5, no commission; volume 1,000 on every bar).
    static let data = Fixtures.singleAsset(
        opens: [100, 101, 102, 105, 106], closes: [100, 100, 104, 103, 108], signal: [0.5, 0.9, 0.6, 0.3, 0.5])

    static func run(_ slippage: SlippageModel, commission: CommissionModel = .percent(rate: 0)) -> BacktestResult {
        var configuration = Fixtures.configuration(
            cash: 10_000, commission: commission, sizing: .equalInitial(fraction: 0.5))
        configuration.slippage = slippage
        return Fixtures.run(data, configuration)
    }

    /// Per model, the slippage per share `s` of the buy at 102 and of the sell at 106 (q / v = 0.05).
    static let models: [(SlippageModel, Double, Double)] = [
        (.none, 0, 0),
        (.perShare(0.05), 0.05, 0.05),
        (.halfSpread(.constant(0.2)), 0.1, 0.1),
        (.volumeShare(impact: 0.1), 102 * 0.1 * 0.05 * 0.05, 106 * 0.1 * 0.05 * 0.05),
        (.sqrtImpact(coefficient: 0.1), 102 * 0.1 * 0.05.squareRoot(), 106 * 0.1 * 0.05.squareRoot()),
    ]

    @Test(arguments: models)
    func slippageMovesFillsAgainstTheOrder(model: SlippageModel, buy: Double, sell: Double) {
        let result = Self.run(model)
        let prices: [Double] = [102 + buy, 106 - sell]
        let costs: [Double] = [buy * 50, sell * 50]
        let total: Double = costs[0] + costs[1]
        let final: Double = 10_000 + (prices[1] - prices[0]) * 50
        #expect(result.fills.map(\.price) == prices)
        #expect(zip(result.fills.map(\.slippage), costs).allSatisfy { isClose($0, $1) })
        #expect(isClose(result.metrics.totalSlippage, total))
        #expect(isClose(result.metrics.finalEquity, final))
        #expect(isClose(result.metrics.costDrag, total / 10_000))
    }

    @Test func fixedBpsScalesThePrice() {
        let result = Self.run(.fixedBps(10), commission: .percent(rate: 0.001))
        let f: Double = 0.001
        let prices: [Double] = [102 * (1 + f), 106 * (1 - f)]
        #expect(result.fills.map(\.price) == prices)
        let commission: Double = (prices[0] + prices[1]) * 50 * f
        let slippage: Double = (0.102 + 0.106) * 50
        #expect(isClose(result.metrics.totalCommission, commission, tolerance: 1e-10))
        #expect(isClose(result.metrics.totalCosts, commission + slippage, tolerance: 1e-10))
    }

    @Test func spreadFromAColumn() {
        // The spread column is the signal column here: 0.6 at bar 2 (s = 0.3), 0.5 at bar 4 (s = 0.25).
        let result = Self.run(.halfSpread(.column("sig")))
        let prices: [Double] = [102.3, 105.75]
        #expect(result.fills.map(\.price) == prices)
    }

    @Test func commissionModels() {
        // One fill of 100 shares worth 15,000.
        func fee(_ model: CommissionModel) -> Double { model.commission(quantity: 100, value: 15_000) }
        #expect(fee(.perShare(rate: 0.005, minimum: 1)) == 1)
        #expect(fee(.perShare(rate: 0.5, minimum: 1, maximum: 20)) == 20)
        #expect(fee(.perShare(rate: 0.1, minimum: 1, maximum: 20)) == 10)
        #expect(fee(.perOrder(2.5)) == 2.5)
        // 10,000 at 0.2 % and the 5,000 above at 0.1 %.
        #expect(
            fee(.tiered([CommissionTier(upTo: 10_000, rate: 0.002), CommissionTier(upTo: nil, rate: 0.001)])) == 25)
        #expect(
            fee(.tiered([CommissionTier(upTo: 20_000, rate: 0.002), CommissionTier(upTo: nil, rate: 0.001)])) == 30)
        let sum: CommissionModel = .sum([.perShare(rate: 0.01, minimum: 0), .percent(rate: 0.0001), .perOrder(1)])
        #expect(fee(sum) == 3.5)
    }

    @Test func invalidCostsNameTheirField() {
        func fields(
            _ commission: CommissionModel, _ slippage: SlippageModel = .none, _ p: Participation? = nil
        )
            -> [ConfigurationField]
        {
            var configuration = Fixtures.configuration(cash: 1_000, commission: commission, sizing: .fixedQuantity(1))
            configuration.slippage = slippage
            configuration.participation = p
            return Backtest.problems(data: Self.data, context: nil, configuration: configuration).map(\.field)
        }
        #expect(fields(.perShare(rate: 0.01, minimum: 2, maximum: 1)) == [.commissionMaximum])
        #expect(
            fields(.tiered([CommissionTier(upTo: nil, rate: 0.1), CommissionTier(upTo: 5, rate: 0.1)])) == [
                .commissionTierLimit(0)
            ])
        #expect(fields(.sum([.perOrder(-1)])) == [.commissionPart(0, .commissionAmount)])
        #expect(fields(.percent(rate: 0), .fixedBps(-1)) == [.slippageBps])
        #expect(fields(.percent(rate: 0), .halfSpread(.column("spred"))) == [.slippageColumn])
        #expect(fields(.percent(rate: 0), .none, Participation(maxFraction: 1.5)) == [.participationFraction])
    }

    // fixed_quantity 250, participation 0.1: volumes 1,000, 1,000, 500 cap the buy at 100, 100, 50.
    // bar open vol  sig
    //  0   10        0.9   BUY 250 decided
    //  1   10  1000  0.6   100 @ 10
    //  2   11  1000  0.6   100 @ 11
    //  3   12   500  0.3    50 @ 12 (filled); exit decided
    //  4   13  5000  0.5   SELL 250 @ 13 (cap 500)
    @Test func participationSplitsAnOrderOverBars() throws {
        let data = Fixtures.singleAsset(
            opens: [10, 10, 11, 12, 13], closes: [10, 10, 11, 12, 13], signal: [0.9, 0.6, 0.6, 0.3, 0.5],
            volumes: [1_000, 1_000, 1_000, 500, 5_000])
        var configuration = Fixtures.configuration(cash: 100_000, sizing: .fixedQuantity(250))
        configuration.participation = Participation(maxFraction: 0.1)
        let result = Fixtures.run(data, configuration)
        let average: Double = 2_700.0 / 250
        #expect(result.fills.map(\.quantity) == [100, 100, 50, 250])
        #expect(result.fills.map(\.price) == [10.0, 11.0, 12.0, 13.0])
        #expect(result.fills.map(\.orderID) == [1, 1, 1, 2])
        let entry = result.orders[0]
        #expect(entry.status == .filled && entry.filledQuantity == 250 && entry.fillPrice == average)
        let trade = try #require(result.trades.first)
        #expect(trade.quantity == 250 && trade.entryPrice == average && trade.exitPrice == 13)
    }

    // The same split entry with a stop-loss: placed at the first slice for 100 shares, resized to 200
    // and 250 as the next slices fill, so it protects the whole position.
    @Test func slicesResizeThePositionRules() throws {
        let data = Fixtures.singleAsset(
            opens: [10, 10, 11, 12, 13], closes: [10, 10, 11, 12, 13], signal: [0.9, 0.6, 0.6, 0.6, 0.6],
            volumes: [1_000, 1_000, 1_000, 500, 5_000])
        var configuration = Fixtures.configuration(cash: 100_000, sizing: .fixedQuantity(250))
        configuration.participation = Participation(maxFraction: 0.1)
        configuration.risk = PositionRules(stopLoss: 0.5)
        let result = Fixtures.run(data, configuration)
        let stop = try #require(result.orders.first { $0.purpose == .stopLoss })
        #expect(result.orders.filter { $0.purpose == .stopLoss }.count == 1)
        #expect(stop.quantity == 250 && stop.parentID == 1 && stop.stopPrice == 10 * (1.0 - 0.5))
    }

    @Test func anExitCancelsTheRestOfASplitEntry() {
        // As above, but the exit is decided at bar 1's close, after the first 100 shares.
        let data = Fixtures.singleAsset(
            opens: [10, 10, 11, 12], closes: [10, 10, 11, 12], signal: [0.9, 0.3, 0.6, 0.6],
            volumes: [1_000, 1_000, 1_000, 1_000])
        var configuration = Fixtures.configuration(cash: 100_000, sizing: .fixedQuantity(250))
        configuration.participation = Participation(maxFraction: 0.1)
        let result = Fixtures.run(data, configuration)
        #expect(result.fills.map(\.quantity) == [100, 100])
        #expect(result.fills.map(\.side) == [.buy, .sell])
        #expect(result.orders[0].status == .cancelled && result.orders[0].reason == .exitDecided)
        #expect(result.orders[0].filledQuantity == 100)
        #expect(result.trades.map(\.quantity) == [100])
    }

    // opens [100, 100, 102, 99, 106], closes [100, 100, 104, 101, 108]: BUY @ 102 at bar 2, held at
    // the closes of bars 2 (104) and 3 (101), SELL @ 106 at bar 4: prices seen 102, 104, 101, 106 (bar
    // 3's open 99 is not a close, so it does not count).
    @Test func tradesCarryTheirExcursions() throws {
        let data = Fixtures.singleAsset(
            opens: [100, 100, 102, 99, 106], closes: [100, 100, 104, 101, 108], signal: [0.5, 0.9, 0.6, 0.3, 0.5])
        let result = Fixtures.run(data, Fixtures.configuration(cash: 10_000, sizing: .equalInitial(fraction: 0.5)))
        let trade = try #require(result.trades.first)
        let mfe: Double = 106.0 / 102 - 1
        let mae: Double = 101.0 / 102 - 1
        #expect(trade.mfe == mfe)
        #expect(trade.mae == mae)
    }
}
