// Whether and at what price a working order executes against one bar. The rules are backtrader's
// (BackBroker `_try_exec_*`, no slippage), which the parity tests hold the engine to: a level
// reached inside the bar fills at the level, a gap through it fills at the open.

/// One asset's bar as the matcher sees it.
struct BarQuote {
    let open: Double
    let high: Double
    let low: Double
    let close: Double
    let volume: Double
}

/// What the matcher is asked: this order, against this bar.
struct MatchInput {
    /// The order (its levels as of the previous bar).
    var order: WorkingOrder
    /// The bar it may execute against.
    let bar: BarQuote
    /// The market price of this bar for the run's fill timing (open for `next_open`, close for
    /// `same_close`).
    let marketPrice: Double
}

/// The matcher's answer.
struct MatchOutcome {
    /// Execution price; NaN when the order does not execute on this bar.
    var price: Double
    /// The order with its state after the bar (a stop-limit marked triggered, a trailing stop's level
    /// moved to follow the close); what stays in the book when it did not execute.
    var order: WorkingOrder

    /// Whether the order executes.
    var executes: Bool { !price.isNaN }
}

/// Price-and-trigger rules for every order type.
enum Matcher {
    /// Matches `input.order` against `input.bar`.
    @inline(__always)
    static func match(_ input: MatchInput) -> MatchOutcome {
        var order = input.order
        let bar = input.bar
        let price: Double
        switch order.type {
        case .market:
            price = input.marketPrice
        case .marketOnClose:
            price = bar.close
        case .limit:
            price = limitPrice(order.side, limit: order.limit, bar)
        case .stop:
            price = stopPrice(order.side, stop: order.stop, bar)
        case .trailingStop:
            price = stopPrice(order.side, stop: order.stop, bar)
            if price.isNaN { order.stop = trailed(order, close: bar.close) }
        case .stopLimit:
            price = stopLimitPrice(&order, bar)
        }
        return MatchOutcome(price: price, order: order)
    }

    /// A limit order: a buy at the open when the open is at or below the limit, else at the limit when
    /// the low reaches it (mirrored for a sell); NaN when the bar never reaches it.
    @inline(__always)
    static func limitPrice(_ side: Side, limit: Double, _ bar: BarQuote) -> Double {
        switch side {
        case .buy:
            if limit >= bar.open { return bar.open }
            if limit >= bar.low { return limit }
        case .sell:
            if limit <= bar.open { return bar.open }
            if limit <= bar.high { return limit }
        }
        return .nan
    }

    /// A stop order: a sell at the open when the open is at or below the stop, else at the stop when
    /// the low reaches it (mirrored for a buy with the high); NaN when not triggered.
    @inline(__always)
    static func stopPrice(_ side: Side, stop: Double, _ bar: BarQuote) -> Double {
        switch side {
        case .buy:
            if bar.open >= stop { return bar.open }
            if bar.high >= stop { return stop }
        case .sell:
            if bar.open <= stop { return bar.open }
            if bar.low <= stop { return stop }
        }
        return .nan
    }

    /// A trailing stop's level after the bar: moved toward the close, never away from it.
    @inline(__always)
    static func trailed(_ order: WorkingOrder, close: Double) -> Double {
        let candidate = order.trail.level(from: close, side: order.side)
        switch order.side {
        case .sell: return max(order.stop, candidate)
        case .buy: return min(order.stop, candidate)
        }
    }

    /// A stop-limit: once triggered it works as a limit. Triggered by a gap at the open, it is matched
    /// as a limit against the whole bar; triggered inside the bar, the bar's direction (open versus
    /// close) decides whether the limit could still be met after the trigger, as backtrader decides.
    static func stopLimitPrice(_ order: inout WorkingOrder, _ bar: BarQuote) -> Double {
        if order.triggered { return limitPrice(order.side, limit: order.limit, bar) }
        let stop = order.stop
        let limit = order.limit
        switch order.side {
        case .buy:
            if bar.open >= stop {
                order.triggered = true
                return limitPrice(.buy, limit: limit, bar)
            }
            guard bar.high >= stop else { return .nan }
            order.triggered = true
            if limit >= stop { return stop }
            if bar.open > bar.close && limit >= bar.close { return limit }
        case .sell:
            if bar.open <= stop {
                order.triggered = true
                return limitPrice(.sell, limit: limit, bar)
            }
            guard bar.low <= stop else { return .nan }
            order.triggered = true
            if limit <= stop { return stop }
            if bar.open <= bar.close && limit <= bar.close { return limit }
        }
        return .nan
    }
}
