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
// derive_golden.py: fills and total commission from fills.csv, rejections = summary.json
// n_rejected, trades = sell fills, orders = fills + rejections + orders decided on the last bar
// (they expire), max drawdown and Sharpe from equity.csv per canonical-strategy.md "Outputs", and
// `fillsHash`'s rendering (GoldenData.swift) re-implemented in Python over fills.csv.
import BacktestEngine
import Foundation
import Testing

/// Pinned statistics of one golden run.
struct Golden: Sendable, CustomTestStringConvertible {
    var name: String
    var configuration: BacktestConfiguration
    var fills, orders, rejections, trades, openPositions: Int
    var finalEquity, maxDrawdown, sharpe, totalCommission: Double
    var fillsHash: UInt64

    var testDescription: String { name }
}

@Suite struct GoldenRunTests {
    static let data = GoldenData().marketData

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
    ]

    @Test(arguments: goldens)
    func matchesTheGoldenRun(_ golden: Golden) throws {
        let result = try Backtest(data: Self.data, context: nil, configuration: golden.configuration).finish()
        let metrics = result.metrics
        #expect(metrics.fills == golden.fills && result.fills.count == golden.fills)
        #expect(metrics.orders == golden.orders)
        #expect(metrics.rejections == golden.rejections)
        #expect(result.orders.filter { $0.reason == .insufficientCash }.count == golden.rejections)
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
