// The windowed rule functions (sma, std, min, max, lag, pct_change) over each asset's own rows.
// Hand-written because it is the hot part of compiling a rule: a window of n over every row is n
// operations per row. Windows are computed four at a time in SIMD lanes, each lane doing exactly
// the scalar definition's operations in the scalar order (oldest value first), so every value is
// bit for bit what that window alone gives, only several windows share each instruction. On dense
// data (every asset on every bar, the usual case) the windows of one bar's assets are accumulated
// side by side, read where they lie; otherwise each asset's values are gathered into a contiguous
// run and four consecutive windows of it share SIMD lanes.

/// Rolling-window columns of one function and window length.
struct RollingWindows {
    let function: RuleFunction
    let n: Int

    /// `function(x, n)` on every data row of `data` (missing until an asset's window fills, and while
    /// it holds a missing value).
    func column(_ x: [Double], data: MarketData) -> [Double] {
        let assets = data.assets.count
        if assets > 0 && data.rowCount == data.timestamps.count * assets {
            // Sorted, distinct assets per bar and every bar full: row = t × assets + asset.
            return dense(x, assets: assets, bars: data.timestamps.count)
        }
        var out = [Double](repeating: .nan, count: x.count)
        let (order, starts) = Self.rowsByAsset(data)
        var run: [Double] = []
        var result: [Double] = []
        for a in 0..<(starts.count - 1) {
            let rows = order[starts[a]..<starts[a + 1]]
            guard rows.count > 0 else { continue }
            run.removeAll(keepingCapacity: true)
            for row in rows { run.append(x[Int(row)]) }
            result.removeAll(keepingCapacity: true)
            result.append(contentsOf: repeatElement(Double.nan, count: run.count))
            run.withUnsafeBufferPointer { input in
                result.withUnsafeMutableBufferPointer { output in compute(input, into: output) }
            }
            for (k, row) in rows.enumerated() { out[Int(row)] = result[k] }
        }
        return out
    }

    /// Dense data: asset `a`'s value on bar `t` is `x[t × assets + a]`. For each bar, one
    /// accumulator per asset takes the window's values oldest first; the loop over assets has no
    /// dependence between its iterations, so it runs in SIMD lanes and in parallel pipelines.
    private func dense(_ x: [Double], assets: Int, bars: Int) -> [Double] {
        // NaN where a window has not filled; every other value is written below.
        var out = [Double](repeating: .nan, count: x.count)
        var acc = [Double](repeating: 0, count: assets)
        var spread = [Double](repeating: 0, count: assets)
        var missing = [Bool](repeating: false, count: assets)
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { out in
                acc.withUnsafeMutableBufferPointer { acc in
                    spread.withUnsafeMutableBufferPointer { spread in
                        missing.withUnsafeMutableBufferPointer { missing in
                            guard let x = x.baseAddress, let out = out.baseAddress else { return }
                            let scratch = Scratch(
                                acc: acc.baseAddress!, spread: spread.baseAddress!, missing: missing.baseAddress!)
                            dense(x, into: out, assets: assets, bars: bars, scratch)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Per-asset working memory of the dense loops.
    private struct Scratch {
        let acc: UnsafeMutablePointer<Double>
        let spread: UnsafeMutablePointer<Double>
        let missing: UnsafeMutablePointer<Bool>
    }

    private func dense(
        _ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, assets: Int, bars: Int, _ s: Scratch
    ) {
        switch function {
        case .lag, .pctChange:
            guard bars > n else { return }
            let back = n * assets
            for row in back..<(bars * assets) {
                out[row] = function == .lag ? x[row - back] : x[row] / x[row - back] - 1
            }
            return
        default:
            break
        }
        guard bars >= n else { return }
        let count = Double(n)
        for t in (n - 1)..<bars {
            let first = x + (t - n + 1) * assets
            let target = out + t * assets
            switch function {
            case .sma, .std:
                // Eight assets at a time in two SIMD accumulators held in registers (a loop over
                // `acc[a]` in memory was not vectorized: it loaded and stored each sum per value).
                var a = 0
                while a + 8 <= assets {
                    var low = SIMD4<Double>(repeating: 0)
                    var high = SIMD4<Double>(repeating: 0)
                    var p = first + a
                    for _ in 0..<n {
                        low += SIMD4(p[0], p[1], p[2], p[3])
                        high += SIMD4(p[4], p[5], p[6], p[7])
                        p += assets
                    }
                    for j in 0..<4 {
                        s.acc[a + j] = low[j]
                        s.acc[a + 4 + j] = high[j]
                    }
                    a += 8
                }
                while a < assets {
                    var sum = 0.0
                    var p = first + a
                    for _ in 0..<n {
                        sum += p[0]
                        p += assets
                    }
                    s.acc[a] = sum
                    a += 1
                }
                if function == .sma {
                    for a in 0..<assets { target[a] = s.acc[a] / count }
                    continue
                }
                guard n > 1 else { continue }
                for a in 0..<assets {
                    s.acc[a] = s.acc[a] / count
                    s.spread[a] = 0
                }
                for i in 0..<n {
                    let values = first + i * assets
                    for a in 0..<assets {
                        let d = values[a] - s.acc[a]
                        s.spread[a] += d * d
                    }
                }
                for a in 0..<assets { target[a] = (s.spread[a] / (count - 1)).squareRoot() }
            default:
                let isMin = function == .min
                for a in 0..<assets {
                    s.acc[a] = isMin ? .infinity : -.infinity
                    s.missing[a] = false
                }
                for i in 0..<n {
                    let values = first + i * assets
                    for a in 0..<assets {
                        let v = values[a]
                        s.missing[a] = s.missing[a] || v.isNaN
                        s.acc[a] = isMin ? Swift.min(s.acc[a], v) : Swift.max(s.acc[a], v)
                    }
                }
                for a in 0..<assets { target[a] = s.missing[a] ? .nan : s.acc[a] }
            }
        }
    }

    /// Data rows grouped by asset, each group in row order (a counting sort), and where each starts.
    static func rowsByAsset(_ data: MarketData) -> (order: [Int32], starts: [Int]) {
        var starts = [Int](repeating: 0, count: data.assets.count + 1)
        for a in data.asset { starts[Int(a) + 1] += 1 }
        for a in 0..<data.assets.count { starts[a + 1] += starts[a] }
        var next = starts
        var order = [Int32](repeating: 0, count: data.rowCount)
        for (row, a) in data.asset.enumerated() {
            order[next[Int(a)]] = Int32(row)
            next[Int(a)] += 1
        }
        return (order, starts)
    }

    /// One asset's run of values in, its column out (pre-filled with NaN).
    private func compute(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let m = x.count
        switch function {
        case .lag, .pctChange:
            guard m > n else { return }
            for k in n..<m { out[k] = function == .lag ? x[k - n] : x[k] / x[k - n] - 1 }
        default:
            guard m >= n else { return }
            var k = n - 1
            while k + 4 <= m {
                let value = window4(x, first: k - n + 1, stride: 1)
                for j in 0..<4 { out[k + j] = value[j] }
                k += 4
            }
            while k < m {
                out[k] = window1(x, first: k - n + 1, stride: 1)
                k += 1
            }
        }
    }

    /// Four windows, one per lane: lane j's i-th value (oldest first) is `x[first + i × stride + j]`.
    @inline(__always)
    private func window4(_ x: UnsafeBufferPointer<Double>, first: Int, stride: Int) -> SIMD4<Double> {
        let base = x.baseAddress! + first
        @inline(__always) func load(_ i: Int) -> SIMD4<Double> {
            let p = base + i * stride
            return SIMD4(p[0], p[1], p[2], p[3])
        }
        switch function {
        case .sma:
            var sum = SIMD4<Double>(repeating: 0)
            for i in 0..<n { sum += load(i) }
            return sum / Double(n)
        case .std:
            guard n > 1 else { return SIMD4(repeating: .nan) }
            var sum = SIMD4<Double>(repeating: 0)
            for i in 0..<n { sum += load(i) }
            let mean = sum / Double(n)
            var squares = SIMD4<Double>(repeating: 0)
            for i in 0..<n {
                let d = load(i) - mean
                squares += d * d
            }
            return (squares / Double(n - 1)).squareRoot()
        default:
            // min and max: NaN when the window holds one, as the definition says.
            var extreme = SIMD4<Double>(repeating: function == .min ? .infinity : -.infinity)
            var missing = SIMDMask<SIMD4<Double>.MaskStorage>(repeating: false)
            for i in 0..<n {
                let v = load(i)
                missing .|= v .!= v
                extreme = function == .min ? pointwiseMin(extreme, v) : pointwiseMax(extreme, v)
            }
            return extreme.replacing(with: .nan, where: missing)
        }
    }

    /// One window alone, the scalar definition: its i-th value (oldest first) is `x[first + i × stride]`.
    private func window1(_ x: UnsafeBufferPointer<Double>, first: Int, stride: Int) -> Double {
        switch function {
        case .sma:
            var sum = 0.0
            for i in 0..<n { sum += x[first + i * stride] }
            return sum / Double(n)
        case .std:
            guard n > 1 else { return .nan }
            var sum = 0.0
            for i in 0..<n { sum += x[first + i * stride] }
            let mean = sum / Double(n)
            var squares = 0.0
            for i in 0..<n {
                let d = x[first + i * stride] - mean
                squares += d * d
            }
            return (squares / Double(n - 1)).squareRoot()
        default:
            var extreme = function == .min ? Double.infinity : -.infinity
            for i in 0..<n {
                let v = x[first + i * stride]
                if v.isNaN { return .nan }
                extreme = function == .min ? Swift.min(extreme, v) : Swift.max(extreme, v)
            }
            return extreme
        }
    }
}
