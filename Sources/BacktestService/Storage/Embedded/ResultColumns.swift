// The one place a `BacktestResult` is serialized: every table as columns of a column file, and the
// metrics as a small blob the database keeps for the job's summary. A field the engine adds is one
// more column here (and one more argument where the record is rebuilt), nothing else.
//
// Enumerations are stored as small codes with their raw values beside them (`fill.side` and
// `fill.side.values`), so a case the engine adds later never changes what a stored code means.
import BacktestEngine

/// Encodes and decodes backtest results.
enum ResultColumns {
    /// The result as columns.
    static func encode(_ result: BacktestResult) -> ColumnFileWriter {
        var file = ColumnFileWriter()
        file.add("assets", .strings(result.assets))
        file.add("open_positions", .int64s([Int64(result.openPositions)]))
        file.add("metrics", .bytes(metricsBytes(result.metrics)))
        let fills = result.fills
        file.add("fill.timestamp", .int64s(fills.map(\.timestamp)))
        file.add("fill.asset", .int32s(fills.map(\.asset)))
        addEnum(&file, "fill.side", fills.map(\.side.rawValue))
        file.add("fill.quantity", .doubles(fills.map(\.quantity)))
        file.add("fill.price", .doubles(fills.map(\.price)))
        file.add("fill.commission", .doubles(fills.map(\.commission)))
        file.add("fill.slippage", .doubles(fills.map(\.slippage)))
        file.add("fill.order_id", .int64s(fills.map { Int64($0.orderID) }))
        let orders = result.orders
        file.add("order.id", .int64s(orders.map { Int64($0.id) }))
        file.add("order.created_at", .int64s(orders.map(\.createdAt)))
        file.add("order.asset", .int32s(orders.map(\.asset)))
        addEnum(&file, "order.side", orders.map(\.side.rawValue))
        addEnum(&file, "order.type", orders.map(\.type.rawValue))
        addEnum(&file, "order.purpose", orders.map(\.purpose.rawValue))
        addEnum(&file, "order.status", orders.map(\.status.rawValue))
        addEnum(&file, "order.reason", orders.map { $0.reason?.rawValue ?? "" })
        addEnum(&file, "order.time_in_force", orders.map(\.timeInForce.code))
        file.add("order.time_in_force_bars", .int64s(orders.map { Int64(bars(of: $0.timeInForce)) }))
        file.add("order.parent_id", .int64s(orders.map { Int64($0.parentID ?? 0) }))
        file.add("order.quantity", .doubles(orders.map(\.quantity)))
        file.add("order.filled_quantity", .doubles(orders.map(\.filledQuantity)))
        file.add("order.limit_price", .doubles(orders.map { $0.limitPrice ?? .nan }))
        file.add("order.stop_price", .doubles(orders.map { $0.stopPrice ?? .nan }))
        file.add("order.filled_at", .int64s(orders.map { $0.filledAt ?? .min }))
        file.add("order.fill_price", .doubles(orders.map { $0.fillPrice ?? .nan }))
        file.add("order.commission", .doubles(orders.map { $0.commission ?? .nan }))
        let trades = result.trades
        file.add("trade.asset", .int32s(trades.map(\.asset)))
        addEnum(&file, "trade.direction", trades.map(\.direction.rawValue))
        file.add("trade.quantity", .doubles(trades.map(\.quantity)))
        file.add("trade.entry_time", .int64s(trades.map(\.entryTime)))
        file.add("trade.entry_price", .doubles(trades.map(\.entryPrice)))
        file.add("trade.exit_time", .int64s(trades.map(\.exitTime)))
        file.add("trade.exit_price", .doubles(trades.map(\.exitPrice)))
        file.add("trade.commission", .doubles(trades.map(\.commission)))
        file.add("trade.pnl", .doubles(trades.map(\.pnl)))
        file.add("trade.return", .doubles(trades.map(\.returnFraction)))
        file.add("trade.bars_held", .int64s(trades.map { Int64($0.barsHeld) }))
        addEnum(&file, "trade.exit_reason", trades.map(\.exitReason.rawValue))
        file.add("trade.mfe", .doubles(trades.map(\.mfe)))
        file.add("trade.mae", .doubles(trades.map(\.mae)))
        let events = result.events
        file.add("event.timestamp", .int64s(events.map(\.timestamp)))
        addEnum(&file, "event.kind", events.map(\.kind.rawValue))
        file.add("event.value", .doubles(events.map(\.value)))
        file.add("event.threshold", .doubles(events.map(\.threshold)))
        file.add("event.asset", .int32s(events.map(\.asset)))
        file.add("event.orders", .int64s(events.map { Int64($0.orders) }))
        let equity = result.equity
        file.add("equity.timestamp", .int64s(equity.map(\.timestamp)))
        file.add("equity.equity", .doubles(equity.map(\.equity)))
        file.add("equity.cash", .doubles(equity.map(\.cash)))
        file.add("equity.drawdown", .doubles(equity.map(\.drawdown)))
        file.add("asset.position", .doubles(result.positions))
        file.add("asset.last_close", .doubles(result.lastCloses))
        return file
    }

    /// The result read back from `file`.
    static func decode(_ file: ColumnFile) throws(StoreError) -> BacktestResult {
        let side = try enumColumn(file, "fill.side", Side.self)
        let fillTime = try file.int64s("fill.timestamp")
        let fillAsset = try file.int32s("fill.asset")
        let fillQuantity = try file.doubles("fill.quantity")
        let fillPrice = try file.doubles("fill.price")
        let fillCommission = try file.doubles("fill.commission")
        let fillSlippage = try file.doubles("fill.slippage")
        let fillOrder = try file.int64s("fill.order_id")
        var fills: [Fill] = []
        fills.reserveCapacity(fillTime.count)
        for i in fillTime.indices {
            fills.append(
                Fill(
                    timestamp: fillTime[i], asset: fillAsset[i], side: side[i], quantity: fillQuantity[i],
                    price: fillPrice[i], commission: fillCommission[i], slippage: fillSlippage[i],
                    orderID: Int(fillOrder[i])))
        }
        return BacktestResult(
            assets: try file.strings("assets"), fills: fills, orders: try orders(file), trades: try trades(file),
            equity: try equity(file), metrics: try metrics(from: try file.bytes("metrics")),
            openPositions: Int(try file.int64s("open_positions").first ?? 0), events: try events(file),
            // Absent from files written before attribution: empty, and `AssetAttribution` copes.
            positions: file.has("asset.position") ? try file.doubles("asset.position") : [],
            lastCloses: file.has("asset.last_close") ? try file.doubles("asset.last_close") : [])
    }

    private static func orders(_ file: ColumnFile) throws(StoreError) -> [Order] {
        let id = try file.int64s("order.id")
        let createdAt = try file.int64s("order.created_at")
        let asset = try file.int32s("order.asset")
        let side = try enumColumn(file, "order.side", Side.self)
        let type = try enumColumn(file, "order.type", OrderType.self)
        let purpose = try enumColumn(file, "order.purpose", OrderPurpose.self)
        let status = try enumColumn(file, "order.status", OrderStatus.self)
        let reason = try optionalEnumColumn(file, "order.reason", OrderReason.self)
        let tifCode = try file.strings("order.time_in_force.values")
        let tif = try file.int32s("order.time_in_force")
        let tifBars = try file.int64s("order.time_in_force_bars")
        let parent = try file.int64s("order.parent_id")
        let quantity = try file.doubles("order.quantity")
        let filledQuantity = try file.doubles("order.filled_quantity")
        let limit = try file.doubles("order.limit_price")
        let stop = try file.doubles("order.stop_price")
        let filledAt = try file.int64s("order.filled_at")
        let fillPrice = try file.doubles("order.fill_price")
        let commission = try file.doubles("order.commission")
        var orders: [Order] = []
        orders.reserveCapacity(id.count)
        for i in id.indices {
            let filled = filledAt[i] == .min ? nil : filledAt[i]
            orders.append(
                Order(
                    id: Int(id[i]), createdAt: createdAt[i], asset: asset[i], side: side[i], type: type[i],
                    quantity: quantity[i], limitPrice: limit[i].isNaN ? nil : limit[i],
                    stopPrice: stop[i].isNaN ? nil : stop[i],
                    timeInForce: try timeInForce(tifCode, Int(tif[i]), Int(tifBars[i])), purpose: purpose[i],
                    parentID: parent[i] == 0 ? nil : Int(parent[i]), status: status[i], filledAt: filled,
                    fillPrice: filled == nil ? nil : fillPrice[i], commission: filled == nil ? nil : commission[i],
                    reason: reason[i], filledQuantity: filledQuantity[i]))
        }
        return orders
    }

    private static func trades(_ file: ColumnFile) throws(StoreError) -> [Trade] {
        let asset = try file.int32s("trade.asset")
        let direction = try enumColumn(file, "trade.direction", TradeDirection.self)
        let quantity = try file.doubles("trade.quantity")
        let entryTime = try file.int64s("trade.entry_time")
        let entryPrice = try file.doubles("trade.entry_price")
        let exitTime = try file.int64s("trade.exit_time")
        let exitPrice = try file.doubles("trade.exit_price")
        let commission = try file.doubles("trade.commission")
        let pnl = try file.doubles("trade.pnl")
        let returns = try file.doubles("trade.return")
        let barsHeld = try file.int64s("trade.bars_held")
        let reason = try enumColumn(file, "trade.exit_reason", ExitReason.self)
        let mfe = try file.doubles("trade.mfe")
        let mae = try file.doubles("trade.mae")
        return asset.indices.map { i in
            Trade(
                asset: asset[i], direction: direction[i], quantity: quantity[i], entryTime: entryTime[i],
                entryPrice: entryPrice[i], exitTime: exitTime[i], exitPrice: exitPrice[i], commission: commission[i],
                pnl: pnl[i], returnFraction: returns[i], barsHeld: Int(barsHeld[i]), exitReason: reason[i],
                mfe: mfe[i], mae: mae[i])
        }
    }

    private static func events(_ file: ColumnFile) throws(StoreError) -> [AccountEvent] {
        let time = try file.int64s("event.timestamp")
        let kind = try enumColumn(file, "event.kind", AccountEventKind.self)
        let value = try file.doubles("event.value")
        let threshold = try file.doubles("event.threshold")
        let asset = try file.int32s("event.asset")
        let orders = try file.int64s("event.orders")
        return time.indices.map { i in
            AccountEvent(
                timestamp: time[i], kind: kind[i], value: value[i], threshold: threshold[i], asset: asset[i],
                orders: Int(orders[i]))
        }
    }

    private static func equity(_ file: ColumnFile) throws(StoreError) -> [EquityPoint] {
        let time = try file.int64s("equity.timestamp")
        let equity = try file.doubles("equity.equity")
        let cash = try file.doubles("equity.cash")
        let drawdown = try file.doubles("equity.drawdown")
        return time.indices.map {
            EquityPoint(timestamp: time[$0], equity: equity[$0], cash: cash[$0], drawdown: drawdown[$0])
        }
    }

    /// The metrics as bytes (`MetricsBlob`).
    static func metricsBytes(_ m: Metrics) -> [UInt8] { MetricsBlob.encode(m) }

    /// Metrics from `metricsBytes` (or the first layout).
    static func metrics(from bytes: [UInt8]) throws(StoreError) -> Metrics { try MetricsBlob.decode(bytes) }

    /// Bytes a result holds in memory, for the cache's budget.
    static func memoryBytes(_ result: BacktestResult) -> Int {
        result.fills.count * 56 + result.orders.count * 104 + result.trades.count * 112 + result.equity.count * 32
            + result.events.count * 48
    }

    private static func bars(of timeInForce: TimeInForce) -> Int {
        if case .bars(let n) = timeInForce { return n }
        return 0
    }

    private static func timeInForce(_ codes: [String], _ code: Int, _ bars: Int) throws(StoreError) -> TimeInForce {
        guard codes.indices.contains(code) else { throw StoreError(.corrupt, "time in force code \(code)") }
        switch codes[code] {
        case "gtc": return .goodTillCancelled
        case "day": return .day
        case "ioc": return .immediateOrCancel
        case "bars": return .bars(bars)
        default: throw StoreError(.corrupt, "unknown time in force \(codes[code])")
        }
    }

    /// Writes raw values as codes (`name`) into their distinct values (`name.values`).
    private static func addEnum(_ file: inout ColumnFileWriter, _ name: String, _ raw: [String]) {
        var values: [String] = []
        var index: [String: Int32] = [:]
        var codes: [Int32] = []
        codes.reserveCapacity(raw.count)
        for value in raw {
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(values.count)
                index[value] = code
                values.append(value)
                codes.append(code)
            }
        }
        file.add(name, .int32s(codes))
        file.add(name + ".values", .strings(values))
    }

    private static func optionalEnumColumn<E: RawRepresentable>(
        _ file: ColumnFile, _ name: String, _ type: E.Type
    ) throws(StoreError) -> [E?] where E.RawValue == String {
        let values = try file.strings(name + ".values")
        var cases: [E?] = []
        for value in values {
            if value.isEmpty {
                cases.append(nil)
                continue
            }
            guard let c = E(rawValue: value) else { throw StoreError(.corrupt, "\(name): unknown value \(value)") }
            cases.append(c)
        }
        var out: [E?] = []
        for code in try file.int32s(name) {
            guard cases.indices.contains(Int(code)) else { throw StoreError(.corrupt, "\(name): code \(code)") }
            out.append(cases[Int(code)])
        }
        return out
    }

    private static func enumColumn<E: RawRepresentable>(
        _ file: ColumnFile, _ name: String, _ type: E.Type
    ) throws(StoreError) -> [E] where E.RawValue == String {
        var out: [E] = []
        for value in try optionalEnumColumn(file, name, type) {
            guard let value else { throw StoreError(.corrupt, "\(name): a missing value") }
            out.append(value)
        }
        return out
    }
}
