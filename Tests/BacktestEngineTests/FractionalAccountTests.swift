// Fractional accounts worked out by hand: sizing keeps the exact quantity (or rounds down to the
// account's step), the participation cap is fractional too, explicit fractional quantities are
// honoured, and a whole-share account refuses them with the field named.
import BacktestEngine
import Testing

@Suite struct FractionalAccountTests {
    // Entry decided at bar 0 (close 30), BUY q @ open 30 at bar 1; exit decided at bar 2, SELL q @
    // open 33 at bar 3 (cash 10,000, equal_initial 0.5: allocation 5,000; no commission).
    static let data = Fixtures.singleAsset(
        opens: [30, 30, 31, 33], closes: [30, 31, 32, 33], signal: [0.9, 0.6, 0.3, 0.5])

    static func run(_ account: AccountTerms, sizing: Sizing = .equalInitial(fraction: 0.5)) -> BacktestResult {
        var configuration = Fixtures.configuration(cash: 10_000, sizing: sizing)
        configuration.account = account
        return Fixtures.run(data, configuration)
    }

    @Test func sizingKeepsTheExactQuantity() throws {
        let result = Self.run(AccountTerms(fractional: true))
        let q = 5_000.0 / 30
        #expect(q != q.rounded())
        #expect(result.fills.map(\.quantity) == [q, q])
        let trade = try #require(result.trades.first)
        #expect(trade.quantity == q && trade.pnl == (33 - 30) * q)
        #expect(result.metrics.finalEquity == 10_000 - 30 * q + 33 * q)
        // The same run in a whole-share account buys floor(166.67) = 166.
        #expect(Self.run(.cash).fills.map(\.quantity) == [166, 166])
    }

    @Test func aStepRoundsDown() {
        let result = Self.run(AccountTerms(fractional: true, lotSize: 0.25))
        // 166.67 shares -> 666 steps of 0.25.
        #expect(result.fills.map(\.quantity) == [166.5, 166.5])
    }

    @Test func explicitFractionalQuantitiesAreHonoured() {
        let result = Self.run(AccountTerms(fractional: true), sizing: .fixedQuantity(2.5))
        #expect(result.fills.map(\.quantity) == [2.5, 2.5])
        #expect(result.orders.map(\.filledQuantity) == [2.5, 2.5])
        // Off the step: rejected at run time with a reason, never resized.
        let odd = Self.run(AccountTerms(fractional: true, lotSize: 1), sizing: .fixedQuantity(2.5))
        #expect(odd.orders.map(\.reason) == [.oddLot] && odd.fills.isEmpty)
    }

    @Test func participationCapsFractionally() {
        // Volume 25 on every bar, 10 %: at most 2.5 shares a bar; a 4-share entry fills 2.5 then 1.5.
        let data = Fixtures.singleAsset(
            opens: [30, 30, 31, 33, 34], closes: [30, 31, 32, 33, 34], signal: [0.9, 0.6, 0.6, 0.5, 0.5],
            volumes: [25, 25, 25, 25, 25])
        var configuration = Fixtures.configuration(cash: 10_000, sizing: .fixedQuantity(4))
        configuration.account = AccountTerms(fractional: true)
        configuration.participation = Participation(maxFraction: 0.1)
        let result = Fixtures.run(data, configuration)
        #expect(result.fills.map(\.quantity) == [2.5, 1.5])
        #expect(result.fills.map(\.price) == [30, 31])
    }

    @Test func wholeShareAccountsNameTheField() {
        func fields(_ account: AccountTerms, sizing: Sizing = .equalInitial(fraction: 0.5)) -> [ConfigurationField] {
            var configuration = Fixtures.configuration(cash: 10_000, sizing: sizing)
            configuration.account = account
            return Backtest.problems(data: Self.data, context: nil, configuration: configuration).map(\.field)
        }
        #expect(fields(.cash, sizing: .fixedQuantity(1.5)) == [.sizingQuantity])
        #expect(fields(AccountTerms(fractional: true), sizing: .fixedQuantity(1.5)) == [])
        #expect(fields(AccountTerms(lotSize: 0.5)) == [.lotSize])
        #expect(fields(AccountTerms(fractional: true, lotSize: 0.5)) == [])
        #expect(fields(AccountTerms(fractional: true, lotSize: -1)) == [.lotSize])
        #expect(fields(.cash, sizing: .fixedQuantity(0)) == [.sizingQuantity])
    }
}
