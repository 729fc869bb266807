// The canonical parity strategy against a direct, independent transcription of
// canonical-strategy.md's event loop (dense grid), under the parity tolerances.
import BacktestEngine
import Testing

/// canonical-strategy.md, line by line, on a dense grid: rows of bar t are t * N ..< (t + 1) * N.
struct CanonicalReference {
    struct Row: Equatable {
        var t: Int
        var asset: Int
        var buy: Bool
        var quantity: Int
        var price: Double
        var commission: Double
    }
    var fills: [Row] = []
    var equity: [Double] = []

    init(data: MarketData, fraction: Double) {
        let n = data.assets.count
        let pred = data.signals[0]
        let confidence = data.signals[1]
        let allocation = fraction * 1_000_000 / Double(n)
        var cash = 1_000_000.0
        var position = [Int](repeating: 0, count: n)
        var pendingBuy = [Int](repeating: 0, count: n)
        var pendingSell = [Bool](repeating: false, count: n)
        for t in 0..<data.timestamps.count {
            for a in 0..<n where pendingSell[a] {
                let value = Double(position[a]) * data.open[t * n + a]
                let commission = value * 0.001
                cash = cash + value - commission
                fills.append(
                    Row(
                        t: t, asset: a, buy: false, quantity: position[a], price: data.open[t * n + a],
                        commission: commission))
                position[a] = 0
            }
            for a in 0..<n where pendingBuy[a] > 0 {
                let value = Double(pendingBuy[a]) * data.open[t * n + a]
                let commission = value * 0.001
                if !(value + commission > cash) {
                    cash = cash - value - commission
                    position[a] = pendingBuy[a]
                    fills.append(
                        Row(
                            t: t, asset: a, buy: true, quantity: pendingBuy[a], price: data.open[t * n + a],
                            commission: commission))
                }
            }
            pendingBuy = [Int](repeating: 0, count: n)
            pendingSell = [Bool](repeating: false, count: n)
            var holdings = 0.0
            for a in 0..<n { holdings += Double(position[a]) * data.close[t * n + a] }
            equity.append(cash + holdings)
            for a in 0..<n {
                let row = t * n + a
                if position[a] == 0 && pred[row] > 0.8 && confidence[row] > 0.7 {
                    var quantity = 0
                    while Double(quantity + 1) * data.close[row] <= allocation { quantity += 1 }
                    if quantity >= 1 { pendingBuy[a] = quantity }
                } else if position[a] > 0 && pred[row] < 0.4 {
                    pendingSell[a] = true
                }
            }
        }
    }
}

@Suite struct CanonicalReferenceTests {
    @Test(arguments: [0.95, 1.0, 3.0])
    func matchesTheReference(fraction: Double) {
        let data = RandomData.make(assets: 8, bars: 400, seed: 2024)
        let reference = CanonicalReference(data: data, fraction: fraction)
        let result = Fixtures.run(data, RandomData.canonical(fraction: fraction))
        #expect(reference.fills.count > 30)
        #expect(result.fills.count == reference.fills.count)
        for (fill, expected) in zip(result.fills, reference.fills) {
            #expect(fill.timestamp == data.timestamps[expected.t] && Int(fill.asset) == expected.asset)
            #expect(fill.side == (expected.buy ? .buy : .sell) && fill.quantity == Double(expected.quantity))
            #expect(fill.price.bitPattern == expected.price.bitPattern)
            #expect(abs(fill.commission - expected.commission) <= 1e-6)
        }
        #expect(zip(result.equity.map(\.equity), reference.equity).allSatisfy { abs($0 - $1) <= 1e-8 })
        #expect(abs(result.metrics.finalEquity - reference.equity.last!) < 0.005)
        if fraction == 3 {
            #expect(result.metrics.rejections > 0)
        }
    }
}
