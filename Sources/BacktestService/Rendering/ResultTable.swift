// The tabular results of a backtest (fills, orders, trades, equity, events): their columns and how each
// row is written, once, for both JSON and CSV.
import BacktestEngine

/// A tabular part of a backtest result.
public enum ResultTable: String, CaseIterable, Sendable {
    /// The tables, named as their routes' last path segment.
    case fills, orders, trades, equity, events

    /// Column names, in order; the CSV header and the JSON keys.
    var columns: [String] {
        switch self {
        case .fills: ["timestamp", "asset", "side", "quantity", "price", "commission", "slippage", "order_id"]
        case .orders:
            [
                "id", "created_at", "asset", "side", "type", "quantity", "limit_price", "stop_price",
                "time_in_force", "purpose", "parent_id", "status", "filled_quantity", "filled_at", "fill_price",
                "commission", "reason",
            ]
        case .trades:
            [
                "asset", "direction", "quantity", "entry_time", "entry_price", "exit_time", "exit_price", "commission",
                "pnl", "return", "bars_held", "exit_reason", "mfe", "mae",
            ]
        case .equity: ["timestamp", "equity", "cash", "drawdown"]
        case .events: ["timestamp", "kind", "asset", "value", "threshold", "orders"]
        }
    }

    /// Rows in a result.
    public func count(in result: BacktestResult) -> Int {
        switch self {
        case .fills: result.fills.count
        case .orders: result.orders.count
        case .trades: result.trades.count
        case .equity: result.equity.count
        case .events: result.events.count
        }
    }

    /// Writes rows `range` of the table.
    func encode<E: RowEncoder>(_ range: Range<Int>, of result: BacktestResult, into e: inout E) {
        let assets = result.assets
        switch self {
        case .fills:
            for f in result.fills[range] {
                e.beginRow()
                e.timestamp("timestamp", f.timestamp)
                e.string("asset", assets[Int(f.asset)])
                e.string("side", f.side.rawValue)
                e.quantity("quantity", f.quantity)
                e.number("price", f.price, .money)
                e.number("commission", f.commission, .money)
                e.number("slippage", f.slippage, .money)
                e.int("order_id", f.orderID)
                e.endRow()
            }
        case .orders:
            for o in result.orders[range] {
                e.beginRow()
                e.int("id", o.id)
                e.timestamp("created_at", o.createdAt)
                e.string("asset", assets[Int(o.asset)])
                e.string("side", o.side.rawValue)
                e.string("type", o.type.rawValue)
                e.quantity("quantity", o.quantity)
                e.number("limit_price", o.limitPrice, .money)
                e.number("stop_price", o.stopPrice, .money)
                e.string("time_in_force", o.timeInForce.code)
                e.string("purpose", o.purpose.rawValue)
                if let parent = o.parentID { e.int("parent_id", parent) } else { e.null("parent_id") }
                e.string("status", o.status.rawValue)
                e.quantity("filled_quantity", o.filledQuantity)
                e.timestamp("filled_at", o.filledAt)
                e.number("fill_price", o.fillPrice, .money)
                e.number("commission", o.commission, .money)
                e.string("reason", o.reason?.rawValue)
                e.endRow()
            }
        case .trades:
            for t in result.trades[range] {
                e.beginRow()
                e.string("asset", assets[Int(t.asset)])
                e.string("direction", t.direction.rawValue)
                e.quantity("quantity", t.quantity)
                e.timestamp("entry_time", t.entryTime)
                e.number("entry_price", t.entryPrice, .money)
                e.timestamp("exit_time", t.exitTime)
                e.number("exit_price", t.exitPrice, .money)
                e.number("commission", t.commission, .money)
                e.number("pnl", t.pnl, .money)
                e.number("return", t.returnFraction, .ratio)
                e.int("bars_held", t.barsHeld)
                e.string("exit_reason", t.exitReason.rawValue)
                e.number("mfe", t.mfe, .ratio)
                e.number("mae", t.mae, .ratio)
                e.endRow()
            }
        case .equity:
            for p in result.equity[range] {
                e.beginRow()
                e.timestamp("timestamp", p.timestamp)
                e.number("equity", p.equity, .money)
                e.number("cash", p.cash, .money)
                e.number("drawdown", p.drawdown, .ratio)
                e.endRow()
            }
        case .events:
            for v in result.events[range] {
                e.beginRow()
                e.timestamp("timestamp", v.timestamp)
                e.string("kind", v.kind.rawValue)
                e.string("asset", v.asset >= 0 ? assets[Int(v.asset)] : nil)
                e.number("value", v.value, .ratio)
                e.number("threshold", v.threshold, .ratio)
                e.int("orders", v.orders)
                e.endRow()
            }
        }
    }

    /// The whole table as CSV with a header line, computed numbers in `precision`.
    public func csv(of result: BacktestResult, precision: Precision = .standard) -> [UInt8] {
        let n = count(in: result)
        var encoder = CSVRowEncoder(header: columns, reserving: 64 + n * 8 * columns.count, precision: precision)
        encode(0..<n, of: result, into: &encoder)
        return encoder.bytes
    }
}
