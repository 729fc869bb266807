// The event loop over distinct timestamps, generic over strategy and broker.
// Hand-written hot code: it runs once per bar-event (~10 M per benchmark run), so it reads
// contiguous columns by index through unsafe buffer pointers and allocates nothing per bar
// (appending records to the ledger is amortized).

/// An order waiting for its asset's next bar (`next_open`). `orderIndex < 0` means none.
struct PendingOrder {
    var orderIndex = -1
    var side = Side.buy
    var quantity = 0
}

/// The whole state of a run, advanced bar by bar. A value type so that a step runs with `self`
/// exclusively accessed once, not per field access.
struct Simulation<S: Strategy, B: Broker> {
    let timestamps: [Int64]
    let rowStart: [Int]
    let assetOfRow: [Int32]
    let open: [Double]
    let close: [Double]
    let assetCount: Int
    let fillTiming: FillTiming
    let initialCash: Double
    let strategy: S
    private(set) var broker: B
    private(set) var ledger: Ledger
    private(set) var marks: EquityMarks
    private var pending: [PendingOrder]
    private var pendingCount = 0
    private var lastClose: [Double]
    /// Bars fully processed so far; the next bar to process.
    private(set) var nextBar = 0

    init(data: MarketData, strategy: S, broker: B, fillTiming: FillTiming, initialCash: Double) {
        timestamps = data.timestamps
        rowStart = data.rowStart
        assetOfRow = data.asset
        open = data.open
        close = data.close
        assetCount = data.assets.count
        self.fillTiming = fillTiming
        self.initialCash = initialCash
        self.strategy = strategy
        self.broker = broker
        ledger = Ledger(assetCount: assetCount)
        marks = EquityMarks(initialCash: initialCash, capacity: data.timestamps.count)
        pending = [PendingOrder](repeating: PendingOrder(), count: assetCount)
        lastClose = [Double](repeating: 0, count: assetCount)
    }

    var barCount: Int { timestamps.count }

    /// Processes up to `maxBars` further bars; returns how many it processed.
    mutating func step(maxBars: Int) -> Int {
        let start = nextBar
        let end = start + min(max(0, maxBars), barCount - start) // no overflow for maxBars = Int.max
        guard start < end else { return 0 }
        open.withUnsafeBufferPointer { open in
            close.withUnsafeBufferPointer { close in
                assetOfRow.withUnsafeBufferPointer { assetOfRow in
                    let bars = BarColumns(open: open, close: close, asset: assetOfRow)
                    for t in start..<end {
                        advance(bar: t, bars)
                    }
                }
            }
        }
        nextBar = end
        return end - start
    }

    @inline(__always)
    private mutating func advance(bar t: Int, _ bars: BarColumns) {
        let rows = rowStart[t]..<rowStart[t + 1]
        let timestamp = timestamps[t]
        switch fillTiming {
        case .nextOpen:
            if pendingCount > 0 { fillPending(bar: t, timestamp: timestamp, rows: rows, prices: bars.open, bars) }
            updateLastClose(rows: rows, bars)
            let equity = marks.record(at: timestamp, valuation: valuation())
            decide(bar: t, timestamp: timestamp, rows: rows, equity: equity, bars)
        case .sameClose:
            updateLastClose(rows: rows, bars)
            decide(bar: t, timestamp: timestamp, rows: rows, equity: valuation().equity, bars)
            // Orders created on the last bar never fill, in either timing.
            if pendingCount > 0 && t + 1 < barCount {
                fillPending(bar: t, timestamp: timestamp, rows: rows, prices: bars.close, bars)
            }
            marks.record(at: timestamp, valuation: valuation())
        }
    }

    @inline(__always)
    private mutating func updateLastClose(rows: Range<Int>, _ bars: BarColumns) {
        for row in rows {
            lastClose[Int(bars.asset[row])] = bars.close[row]
        }
    }

    /// `cash + Σ position × lastClose` in ascending asset order, with the gross exposure.
    @inline(__always)
    private func valuation() -> Valuation {
        var holdings = 0.0
        var gross = 0.0
        lastClose.withUnsafeBufferPointer { lastClose in
            for a in 0..<assetCount {
                let position = broker.position(of: a)
                if position != 0 {
                    let value = Double(position) * lastClose[a]
                    holdings += value
                    gross += abs(value)
                }
            }
        }
        return Valuation(cash: broker.cash, equity: broker.cash + holdings, grossExposure: gross)
    }

    @inline(__always)
    private mutating func decide(bar t: Int, timestamp: Int64, rows: Range<Int>, equity: Double, _ bars: BarColumns) {
        for row in rows {
            let asset = Int(bars.asset[row])
            let position = broker.position(of: asset)
            let input = DecisionInput(
                bar: t, row: row, asset: asset, close: bars.close[row], position: position, equity: equity)
            switch strategy.decide(input) {
            case .hold:
                continue
            case .buy(let quantity):
                let index = ledger.create(asset: asset, side: .buy, quantity: max(quantity, 0), at: timestamp)
                if quantity < 1 {
                    ledger.reject(index, reason: .quantityRoundsToZero)
                } else {
                    enqueue(asset: asset, PendingOrder(orderIndex: index, side: .buy, quantity: quantity))
                }
            case .sellAll:
                guard position > 0 else { continue }
                let index = ledger.create(asset: asset, side: .sell, quantity: position, at: timestamp)
                enqueue(asset: asset, PendingOrder(orderIndex: index, side: .sell, quantity: position))
            }
        }
    }

    @inline(__always)
    private mutating func enqueue(asset: Int, _ order: PendingOrder) {
        precondition(pending[asset].orderIndex < 0, "at most one pending order per asset")
        pending[asset] = order
        pendingCount += 1
    }

    /// Fills pending orders of the assets that have a bar at `t`: sells first, then buys, each
    /// group in ascending asset order (rows are sorted by asset). Others stay pending.
    private mutating func fillPending(
        bar t: Int, timestamp: Int64, rows: Range<Int>, prices: UnsafeBufferPointer<Double>, _ bars: BarColumns
    ) {
        fill(.sell, bar: t, timestamp: timestamp, rows: rows, prices: prices, bars)
        fill(.buy, bar: t, timestamp: timestamp, rows: rows, prices: prices, bars)
    }

    @inline(__always)
    private mutating func fill(
        _ side: Side, bar t: Int, timestamp: Int64, rows: Range<Int>, prices: UnsafeBufferPointer<Double>,
        _ bars: BarColumns
    ) {
        for row in rows {
            let asset = Int(bars.asset[row])
            let order = pending[asset]
            guard order.orderIndex >= 0, order.side == side else { continue }
            pending[asset] = PendingOrder()
            pendingCount -= 1
            let price = prices[row]
            let request = ExecutionRequest(asset: asset, side: side, quantity: order.quantity, price: price)
            switch broker.execute(request) {
            case .filled(let commission):
                ledger.fill(
                    order.orderIndex, price: price, commission: commission, bar: t, timestamp: timestamp,
                    positionAfter: broker.position(of: asset))
            case .rejected(let reason):
                ledger.reject(order.orderIndex, reason: reason)
            }
        }
    }
}

/// The read-only per-row columns the loop touches, as raw buffers for the duration of one step.
struct BarColumns {
    let open: UnsafeBufferPointer<Double>
    let close: UnsafeBufferPointer<Double>
    let asset: UnsafeBufferPointer<Int32>
}

/// The account valued at the latest closes.
struct Valuation {
    let cash: Double
    let equity: Double
    let grossExposure: Double
}
