// The derived columns of the rule functions, computed once before the loop (see RuleFunction.swift
// for each function's definition). Hand-written: each is one pass over the rows with per-asset
// state; windows are recomputed from their values rather than kept as running sums, so a column
// holds what the definition says to the last bit of each window's own arithmetic.

extension RuleFunction {
    /// Longest window a time-series function accepts.
    static let maxWindow = 10_000

    /// The function's column over every data row of `data`, given its arguments' columns.
    func derive(_ x: [Double], _ y: [Double], window n: Int, data: MarketData) -> [Double] {
        switch self {
        case .pctRank, .zscore: return crossSection(x, data: data)
        case .crossesAbove, .crossesBelow: return crosses(x, y, data: data)
        case .ema: return ema(x, n, data: data)
        default: return RollingWindows(function: self, n: n).column(x, data: data)
        }
    }

    /// The windowed functions as defined, one window at a time: the reference `RollingWindows` is
    /// held to (tests).
    func windowedByDefinition(_ x: [Double], window n: Int, data: MarketData) -> [Double] {
        windowed(x, n, data: data)
    }

    /// sma, std, min, max, lag and pct_change over each asset's last values (ring buffers of n + 1).
    private func windowed(_ x: [Double], _ n: Int, data: MarketData) -> [Double] {
        let assets = data.assets.count
        let size = n + 1
        var ring = [Double](repeating: .nan, count: assets * size)
        var seen = [Int](repeating: 0, count: assets)
        var out = [Double](repeating: .nan, count: x.count)
        var window = [Double](repeating: 0, count: n)
        for row in x.indices {
            let a = Int(data.asset[row])
            let slot = seen[a] % size
            ring[a * size + slot] = x[row]
            seen[a] += 1
            // Window values, oldest first: the last n (lag and pct_change read the one before them).
            if seen[a] > (self == .lag || self == .pctChange ? n : n - 1) {
                switch self {
                case .lag, .pctChange:
                    let back = ring[a * size + (seen[a] - 1 - n) % size]
                    out[row] = self == .lag ? back : x[row] / back - 1
                default:
                    for k in 0..<n { window[k] = ring[a * size + (seen[a] - n + k) % size] }
                    out[row] = Self.reduce(self, window)
                }
            }
        }
        return out
    }

    private static func reduce(_ f: RuleFunction, _ w: [Double]) -> Double {
        if w.contains(where: \.isNaN) { return .nan }
        switch f {
        case .sma:
            return w.reduce(0, +) / Double(w.count)
        case .std:
            guard w.count > 1 else { return .nan }
            let mean = w.reduce(0, +) / Double(w.count)
            let squares = w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return (squares / Double(w.count - 1)).squareRoot()
        case .min:
            return w.reduce(.infinity) { Swift.min($0, $1) }
        default:
            return w.reduce(-.infinity) { Swift.max($0, $1) }
        }
    }

    private func ema(_ x: [Double], _ n: Int, data: MarketData) -> [Double] {
        let alpha = 2 / (Double(n) + 1)
        var state = [Double](repeating: .nan, count: data.assets.count)
        var out = [Double](repeating: .nan, count: x.count)
        for row in x.indices {
            let a = Int(data.asset[row])
            let v = x[row]
            if v.isNaN { continue }
            state[a] = state[a].isNaN ? v : alpha * v + (1 - alpha) * state[a]
            out[row] = state[a]
        }
        return out
    }

    private func crosses(_ x: [Double], _ y: [Double], data: MarketData) -> [Double] {
        var previous = [(Double, Double)](repeating: (.nan, .nan), count: data.assets.count)
        var out = [Double](repeating: .nan, count: x.count)
        for row in x.indices {
            let a = Int(data.asset[row])
            let (pa, pb) = previous[a]
            let (ca, cb) = (x[row], y[row])
            if !(pa.isNaN || pb.isNaN || ca.isNaN || cb.isNaN) {
                let crossed = self == .crossesAbove ? ca > cb && pa <= pb : ca < cb && pa >= pb
                out[row] = crossed ? 1 : 0
            }
            previous[a] = (ca, cb)
        }
        return out
    }

    private func crossSection(_ x: [Double], data: MarketData) -> [Double] {
        var out = [Double](repeating: .nan, count: x.count)
        var rows: [Int] = []
        for t in data.timestamps.indices {
            rows.removeAll(keepingCapacity: true)
            for row in data.rowStart[t]..<data.rowStart[t + 1] where x[row].isFinite { rows.append(row) }
            guard !rows.isEmpty else { continue }
            if self == .zscore {
                guard rows.count > 1 else { continue }
                let mean = rows.reduce(0) { $0 + x[$1] } / Double(rows.count)
                let variance = rows.reduce(0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / Double(rows.count)
                guard variance > 0 else { continue }
                let sd = variance.squareRoot()
                for row in rows { out[row] = (x[row] - mean) / sd }
                continue
            }
            rows.sort { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
            var i = 0
            while i < rows.count {
                var j = i
                while j + 1 < rows.count && x[rows[j + 1]] == x[rows[i]] { j += 1 }
                // Ranks i+1 ... j+1 share their mean.
                let rank = Double(i + j + 2) / 2
                for k in i...j { out[rows[k]] = rank / Double(rows.count) }
                i = j + 1
            }
        }
        return out
    }
}
