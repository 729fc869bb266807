// Golden runs of the strategy templates: key statistics plus a hash of the fills, pinned on a
// seeded in-memory dataset (`GoldenData`, 6 assets x 500 weekday bars).
//
// The pinned values were NOT taken from this engine. They come from the peers in
// Tests/EndToEndTests/Peers (backtrader 1.9.78.123 and the plain-Python reference, which agree:
// identical fills.csv up to last-ulp commissions, same hash) and were regenerated with:
//
//   GOLDEN_CSV=$PWD/golden.csv swift test --filter GoldenRunTests   # also writes the dataset as CSV
//   P=Tests/EndToEndTests/Peers
//   for a in 0.95 3; do
//     python3 $P/backtrader_canonical.py --data golden.csv --out out/bt_$a --alloc $a
//     python3 $P/reference_canonical.py --data golden.csv --out out/ref_$a --alloc $a
//     python3 $P/derive_golden.py golden.csv out/bt_$a $a   # prints the values pinned below
//   done
//
// The top_k goldens come from the plain-Python transcription, Peers/reference_topk.py (the first two
// also from Peers/vectorbt_topk.py, which gives the same fills.csv and rejections):
//
//   python3 $P/reference_topk.py --data golden.csv --out out/topk_a --commission 0.001 --k 2 --every 5
//   python3 $P/reference_topk.py --data golden.csv --out out/topk_b --commission 0.001 --k 3 \
//       --calendar week --fraction 1.2
//   python3 $P/reference_topk.py --data golden.csv --out out/topk_c --commission 0.001 --k 2 --short-k 2 \
//       --every 5 --weighting inverse_vol --vol-lookback 10 --fraction 0.9 --margin --rank-buffer 1
//   python3 $P/derive_golden.py golden.csv out/topk_a 0   # and b, c
//
// The goldens of the rules, target_weights and regime templates, and how they were derived, are in
// GoldenRunTests+Templates.swift.
//
// derive_golden.py: fills and total commission from fills.csv, rejections = summary.json
// n_rejected, trades = fills that close or turn a position, orders = fills + rejections + orders
// decided on the last bar (they expire), max drawdown and Sharpe from equity.csv per
// canonical-strategy.md "Outputs", and `fillsHash`'s rendering (GoldenData.swift) re-implemented
// in Python over fills.csv.
import BacktestEngine
import Foundation
import Testing

/// Pinned statistics of one golden run.
struct Golden: Sendable, CustomTestStringConvertible {
    var name: String
    var configuration: BacktestConfiguration
    /// Whether it runs on `GoldenData.derivedMarketData` with the `vix` context (GoldenData+Derived.swift).
    var derived = false
    var fills, orders, rejections, trades, openPositions: Int
    var finalEquity, maxDrawdown, sharpe, totalCommission: Double
    var fillsHash: UInt64
    /// Why its orders were rejected.
    var rejectedFor = OrderReason.insufficientCash

    var testDescription: String { name }
}

@Suite struct GoldenRunTests {
    static let data = GoldenData().marketData
    static let derivedData = GoldenData().derivedMarketData
    static let vix = GoldenData().vix

    static let goldens: [Golden] = [
        Golden(
            name: "threshold, canonical, equal_initial 0.95", configuration: RandomData.canonical(fraction: 0.95),
            fills: 211, orders: 211, rejections: 0, trades: 105, openPositions: 1,
            finalEquity: 1_505_737.9779400015, maxDrawdown: 0.00984816689491208, sharpe: 6.749526566347505,
            totalCommission: 34_006.602060000005, fillsHash: 0xcfdf_e08e_0234_f0f1),
        Golden(
            name: "threshold, canonical, equal_initial 3 (cash binds)",
            configuration: RandomData.canonical(fraction: 3),
            fills: 203, orders: 207, rejections: 4, trades: 101, openPositions: 1,
            finalEquity: 2_526_562.3262400003, maxDrawdown: 0.027660000342484392, sharpe: 6.3663610264865005,
            totalCommission: 103_309.64376000002, fillsHash: 0x1431_8dbd_f8ca_40b6),
        Golden(
            name: "top_k, k 2 every 5 bars, equal, 95 %",
            configuration: topK(TopKParameters(signal: "ml_pred", k: 2, rebalance: .everyBars(5))),
            fills: 335, orders: 335, rejections: 0, trades: 135, openPositions: 2,
            finalEquity: 3_210_048.89748, maxDrawdown: 0.12851593957069662, sharpe: 3.088499022537841,
            totalCommission: 243_494.30251999988, fillsHash: 0x7aa8_fc1b_cdf1_e078),
        Golden(
            name: "top_k, k 3 weekly, equal, 120 % (cash binds)",
            configuration: topK(
                TopKParameters(signal: "ml_pred", k: 3, rebalance: .calendar(.week), fraction: 1.2)),
            fills: 294, orders: 395, rejections: 101, trades: 92, openPositions: 2,
            finalEquity: 1_857_332.1844, maxDrawdown: 0.08547313492163122, sharpe: 1.9936238261016639,
            totalCommission: 118_565.22560000009, fillsHash: 0x82a4_a6ba_92ad_d44d),
        Golden(
            name: "top_k, k 2 and short_k 2 every 5 bars, inverse_vol 10, 90 %, rank_buffer 1, margin",
            configuration: topK(
                TopKParameters(
                    signal: "ml_pred", k: 2, rebalance: .everyBars(5), weighting: .inverseVolatility(lookback: 10),
                    fraction: 0.9, shortK: 2, rankBuffer: 1),
                account: AccountTerms(type: .margin)),
            fills: 446, orders: 478, rejections: 32, trades: 191, openPositions: 3,
            finalEquity: 5_352_280.880259996, maxDrawdown: 0.23408944977376556, sharpe: 3.49232053436185,
            totalCommission: 415_051.16974, fillsHash: 0xe88b_d537_f725_5579, rejectedFor: .maxLeverage),
    ]

    /// A top_k run with the canonical cash and commission (1,000,000, 0.1 %).
    static func topK(_ p: TopKParameters, account: AccountTerms = .cash) -> BacktestConfiguration {
        BacktestConfiguration(
            initialCash: 1_000_000, commission: .percent(rate: 0.001), strategy: .topK(p), account: account)
    }

    @Test(arguments: goldens + templateGoldens)
    func matchesTheGoldenRun(_ golden: Golden) throws {
        let (data, context) = golden.derived ? (Self.derivedData, Self.vix) : (Self.data, nil)
        let result = try Backtest(data: data, context: context, configuration: golden.configuration).finish()
        let metrics = result.metrics
        #expect(metrics.fills == golden.fills && result.fills.count == golden.fills)
        #expect(metrics.orders == golden.orders)
        #expect(metrics.rejections == golden.rejections)
        #expect(result.orders.filter { $0.reason == golden.rejectedFor }.count == golden.rejections)
        #expect(metrics.trades == golden.trades)
        #expect(metrics.openPositions == golden.openPositions)
        // Peers differ from each other by float summation order only (<= 1e-9 here).
        #expect(abs(metrics.finalEquity - golden.finalEquity) <= 1e-6)
        #expect(abs(metrics.maxDrawdown - golden.maxDrawdown) <= 1e-12)
        #expect(abs(metrics.sharpe - golden.sharpe) <= 1e-9)
        #expect(abs(metrics.totalCommission - golden.totalCommission) <= 1e-6)
        #expect(fillsHash(result.fills) == golden.fillsHash)
    }

    /// The CSV the peers are given is the dataset the engine runs on: every cell reads back as the
    /// engine's value (timestamps through Foundation's ISO-8601 parser, numbers through `Double`).
    /// With `$GOLDEN_CSV` set, it is also written there for the peers (see the header).
    @Test func theCSVForThePeersIsTheDataset() throws {
        let golden = GoldenData()
        let data = Self.data
        let csv = golden.csv
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "timestamp,asset,open,high,low,close,volume,ml_pred,confidence")
        #expect(lines.last == "")
        try #require(lines.count == data.rowCount + 2)
        let iso = ISO8601DateFormatter()
        for t in data.timestamps.indices {
            for row in data.rowStart[t]..<data.rowStart[t + 1] {
                let cells = lines[row + 1].split(separator: ",").map(String.init)
                try #require(cells.count == 9, "line \(row + 2)")
                let stamp = try #require(iso.date(from: cells[0]), "line \(row + 2): \(cells[0])")
                #expect(Int64(stamp.timeIntervalSince1970) == data.timestamps[t], "line \(row + 2)")
                #expect(cells[1] == data.assets[Int(data.asset[row])], "line \(row + 2)")
                let engine = [
                    data.open[row], data.high[row], data.low[row], data.close[row], data.volume[row],
                    data.signals[0][row], data.signals[1][row],
                ]
                #expect(cells.dropFirst(2).map { Double($0) } == engine, "line \(row + 2)")
            }
        }
        if let path = ProcessInfo.processInfo.environment["GOLDEN_CSV"] {
            try csv.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == csv)
        }
    }
}
