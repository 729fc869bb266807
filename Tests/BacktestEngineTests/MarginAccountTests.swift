// Margin accounts worked out by hand: a short sale credits cash and pays borrow fees at each close, a
// margin call liquidates, leverage and initial margin reject openings with their reason codes, lot
// sizes round sizing down, and the validator refuses shorts in a cash account.
import BacktestEngine
import Testing

@Suite struct MarginAccountTests {
    static func threshold(sizing: Sizing, shortBelow: Double? = nil, coverAbove: Double? = nil) -> StrategySpec {
        .threshold(
            ThresholdParameters(
                signal: "sig", entryAbove: 0.8, exitBelow: 0.4, sizing: sizing, shortBelow: shortBelow,
                coverAbove: coverAbove))
    }

    // cash 10,000, margin, no commission, equal_initial 0.5 (allocation 5,000), short below 0.2, cover
    // above 0.6, borrow 36.5 % a year (one day costs 0.1 % of the short's value at the close).
    // bar open close sig  what happens
    //  0  100   100  0.5  nothing                                       E = 10,000
    //  1  100   100  0.1  short entry: floor(5,000 / 100) = 50, SELL    E = 10,000
    //  2  102   100  0.5  SELL 50 @ 102: cash 15,100; fee 5,000 × 0.001 = 5 -> 15,095; E = 15,095 − 5,000 = 10,095
    //  3   99    98  0.7  fee 4,900 × 0.001 = 4.9 -> 15,090.1; E = 10,190.1; 0.7 > 0.6: cover, BUY 50
    //  4   97    97  0.5  BUY 50 @ 97: cash 15,090.1 − 4,850 = 10,240.1, flat   E = 10,240.1
    // Trade: short 50, 102 -> 97, pnl 250 (borrow fees are the account's, not the trade's).
    @Test func shortSaleCreditsCashAndPaysBorrow() throws {
        let data = Fixtures.singleAsset(
            opens: [100, 100, 102, 99, 97], closes: [100, 100, 100, 98, 97], signal: [0.5, 0.1, 0.5, 0.7, 0.5])
        var configuration = BacktestConfiguration(
            initialCash: 10_000,
            strategy: Self.threshold(sizing: .equalInitial(fraction: 0.5), shortBelow: 0.2, coverAbove: 0.6))
        configuration.account = AccountTerms(type: .margin, borrowRate: 0.365)
        let result = Fixtures.run(data, configuration)
        #expect(result.fills.map(\.side) == [.sell, .buy])
        #expect(result.fills.map(\.price) == [102, 97])
        #expect(result.fills.map(\.quantity) == [50, 50])
        let expected: [Double] = [10_000, 10_000, 10_095, 10_190.1, 10_240.1]
        #expect(zip(result.equity.map(\.equity), expected).allSatisfy { isClose($0, $1) })
        #expect(isClose(result.equity[2].cash, 15_095))
        let trade = try #require(result.trades.first)
        #expect(trade.direction == .short && trade.quantity == 50 && trade.pnl == 250 && trade.exitReason == .signal)
        #expect(isClose(result.metrics.finalEquity, 10_240.1))
    }

    // cash 10,000, margin (initial 0.5, maintenance 0.25, leverage 2), fixed value 15,000 per entry.
    //  0  100 100 0.9  entry: 150 shares
    //  1  100 100 0.5  BUY 150 @ 100: gross 15,000 <= 2 × 10,000 and 15,000 × 0.5 <= 10,000;
    //                  cash −5,000                                         E = 10,000
    //  2   60  44 0.5  E = −5,000 + 6,600 = 1,600 < 0.25 × 6,600 = 1,650: margin call, SELL 150
    //  3   43  43 0.5  SELL 150 @ 43: cash −5,000 + 6,450 = 1,450          E = 1,450
    @Test func marginCallLiquidatesAtTheNextOpen() throws {
        let data = Fixtures.singleAsset(
            opens: [100, 100, 60, 43], closes: [100, 100, 44, 43], signal: [0.9, 0.5, 0.5, 0.5])
        var configuration = BacktestConfiguration(
            initialCash: 10_000, strategy: Self.threshold(sizing: .fixedValue(15_000)))
        configuration.account = AccountTerms(type: .margin)
        let result = Fixtures.run(data, configuration)
        #expect(result.fills.map(\.side) == [.buy, .sell])
        #expect(result.fills.map(\.price) == [100, 43])
        #expect(result.orders.map(\.purpose) == [.strategy, .liquidation])
        #expect(isClose(result.equity[1].cash, -5_000))
        #expect(isClose(result.metrics.finalEquity, 1_450))
        let event = try #require(result.events.first)
        #expect(result.events.count == 1)
        #expect(event.kind == .marginCall && event.timestamp == 3 * Fixtures.day && event.orders == 1)
        #expect(isClose(event.value, 1_600) && isClose(event.threshold, 1_650))
        #expect(result.trades.map(\.exitReason) == [.liquidation])
    }

    @Test(arguments: [
        (25_000.0, 0.5, OrderReason.maxLeverage), // 25,000 > 2 × 10,000
        (18_000.0, 0.6, OrderReason.insufficientMargin), // 18,000 × 0.6 = 10,800 > 10,000
    ])
    func openingsPastTheTermsAreRejected(value: Double, initialMargin: Double, reason: OrderReason) {
        let data = Fixtures.singleAsset(opens: [100, 100], closes: [100, 100], signal: [0.9, 0.5])
        var configuration = BacktestConfiguration(
            initialCash: 10_000, strategy: Self.threshold(sizing: .fixedValue(value)))
        configuration.account = AccountTerms(type: .margin, initialMargin: initialMargin, maintenanceMargin: 0.25)
        let result = Fixtures.run(data, configuration)
        #expect(result.fills.isEmpty)
        #expect(result.orders.map(\.status) == [.rejected])
        #expect(result.orders.map(\.reason) == [reason])
    }

    @Test func sizingRoundsDownToWholeLots() {
        // floor(5,000 / 30) = 166 shares -> one lot of 100.
        let data = Fixtures.singleAsset(opens: [30, 30], closes: [30, 30], signal: [0.9, 0.5])
        var configuration = BacktestConfiguration(
            initialCash: 10_000, strategy: Self.threshold(sizing: .equalInitial(fraction: 0.5)))
        configuration.account = AccountTerms(lotSize: 100)
        #expect(Fixtures.run(data, configuration).fills.map(\.quantity) == [100])
        configuration.strategy = Self.threshold(sizing: .fixedQuantity(150))
        let odd = Fixtures.run(data, configuration)
        #expect(odd.orders.map(\.reason) == [.oddLot] && odd.fills.isEmpty)
    }

    @Test func invalidTermsNameTheirField() {
        let data = Fixtures.singleAsset(opens: [1], closes: [1], signal: [0.5])
        func fields(_ account: AccountTerms, shorts: Bool = false) -> [ConfigurationField] {
            var configuration = BacktestConfiguration(
                initialCash: 1_000,
                strategy: Self.threshold(
                    sizing: .equalInitial(fraction: 1), shortBelow: shorts ? 0.2 : nil, coverAbove: shorts ? 0.6 : nil))
            configuration.account = account
            return Backtest.problems(data: data, context: nil, configuration: configuration).map(\.field)
        }
        #expect(fields(.cash, shorts: true) == [.shortBelow])
        #expect(fields(AccountTerms(type: .margin), shorts: true) == [])
        #expect(fields(AccountTerms(type: .cash, maxLeverage: 2)) == [.maxLeverage])
        #expect(fields(AccountTerms(type: .margin, maxLeverage: 0.5)) == [.maxLeverage])
        #expect(fields(AccountTerms(type: .margin, initialMargin: 0.3, maintenanceMargin: 0.4)) == [.maintenanceMargin])
        #expect(fields(AccountTerms(type: .margin, initialMargin: 0)) == [.initialMargin, .maintenanceMargin])
        #expect(fields(AccountTerms(lotSize: 0)) == [.lotSize])
    }
}
