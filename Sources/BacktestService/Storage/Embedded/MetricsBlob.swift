// The stored form of a run's `Metrics` (the job row's `summary` and the result file's `metrics`):
// each statistic under its name (`Metrics.fields`), so statistics added later are read as
// undefined from what an older server wrote, and ones it no longer knows are skipped.
//
// Layout (little-endian): the 8-byte magic "btmetric", a u32 entry count, then per entry a u16 name
// length, the name's UTF-8, a presence byte (0: none, as a profit factor without losing trades)
// and the value's 8 bytes (a double's bits; counts as doubles). Benchmark statistics are named
// `benchmark.NAME`, and `benchmark` (1) says the run had a benchmark.
//
// The first layout, 25 words in the order of `Metrics`' initializer and no magic, is still read
// (tolerant decoding rather than a migration: the blob is opaque to SQLite): its statistics keep
// the values that server computed (UTC-date returns, 0 for undefined ratios), the rest read NaN.
import BacktestEngine

/// Encodes and decodes the stored metrics.
enum MetricsBlob {
    static let magic = Array("btmetric".utf8)
    /// Names of the first layout's 25 words, in order (`profit_factor?` is its presence word).
    static let legacyNames = [
        "final_equity", "total_return", "cagr", "annual_volatility", "sharpe", "sortino", "max_drawdown",
        "max_drawdown_duration_bars", "calmar", "fills", "orders", "trades", "rejections", "open_positions",
        "win_rate", "profit_factor?", "profit_factor", "average_win", "average_loss", "exposure", "turnover",
        "total_commission", "total_slippage", "total_borrow_fees", "cost_drag",
    ]

    /// The stored form of `m`.
    static func encode(_ m: Metrics) -> [UInt8] {
        var entries: [(String, Double?)] = Metrics.fields.filter { $0.set != nil }.map { ($0.name, $0.get(m)) }
        if let benchmark = m.benchmark {
            entries.append(("benchmark", 1))
            entries += BenchmarkMetrics.fields.map { ("benchmark." + $0.name, $0.get(benchmark)) }
        }
        var bytes = magic
        withUnsafeBytes(of: UInt32(entries.count).littleEndian) { bytes.append(contentsOf: $0) }
        for (name, value) in entries {
            let utf8 = Array(name.utf8)
            withUnsafeBytes(of: UInt16(utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes += utf8
            bytes.append(value == nil ? 0 : 1)
            ColumnFileWriter.append((value ?? 0).bitPattern, to: &bytes)
        }
        return bytes
    }

    /// Metrics read back from `encode`'s form or the first layout.
    static func decode(_ bytes: [UInt8]) throws(StoreError) -> Metrics {
        var values: [String: Double?] = [:]
        if bytes.starts(with: magic) {
            var reader = Reader(bytes: bytes, at: magic.count)
            let count = Int(try reader.integer(4))
            for _ in 0..<count {
                let length = Int(try reader.integer(2))
                let name = String(decoding: try reader.take(length), as: UTF8.self)
                let present = try reader.take(1).first != 0
                let bits = try reader.integer(8)
                values[name] = present ? Double(bitPattern: bits) : nil
            }
        } else if bytes.count == legacyNames.count * 8 {
            var reader = Reader(bytes: bytes, at: 0)
            for name in legacyNames {
                let word = try reader.integer(8)
                let isCount = [
                    "max_drawdown_duration_bars", "fills", "orders", "trades", "rejections", "open_positions",
                ]
                .contains(name)
                values[name] = isCount ? Double(Int64(bitPattern: word)) : Double(bitPattern: word)
            }
            if values["profit_factor?"] == 0 { values["profit_factor"] = .some(nil) }
        } else {
            throw StoreError(.corrupt, "metrics of \(bytes.count) bytes")
        }
        var m = Metrics(
            finalEquity: .nan, totalReturn: .nan, cagr: .nan, annualVolatility: .nan, sharpe: .nan, sortino: .nan,
            maxDrawdown: .nan, maxDrawdownDurationBars: 0, calmar: .nan, fills: 0, orders: 0, trades: 0, rejections: 0,
            openPositions: 0, winRate: .nan, profitFactor: nil, averageWin: .nan, averageLoss: .nan, exposure: .nan,
            turnover: .nan, totalCommission: .nan, totalSlippage: .nan, totalBorrowFees: .nan, costDrag: .nan)
        for field in Metrics.fields {
            if let value = values[field.name] { field.set?(&m, value) }
        }
        if values["benchmark"] != nil {
            var benchmark = BenchmarkMetrics.undefined
            for field in BenchmarkMetrics.fields {
                if let value = values["benchmark." + field.name] { field.set?(&benchmark, value) }
            }
            m.benchmark = benchmark
        }
        return m
    }

    /// Reads little-endian fields, throwing on a short blob.
    private struct Reader {
        let bytes: [UInt8]
        var at: Int

        mutating func take(_ n: Int) throws(StoreError) -> ArraySlice<UInt8> {
            guard n >= 0, at + n <= bytes.count else { throw StoreError(.corrupt, "metrics end early") }
            defer { at += n }
            return bytes[at..<(at + n)]
        }

        mutating func integer(_ width: Int) throws(StoreError) -> UInt64 {
            try take(width).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
    }
}
