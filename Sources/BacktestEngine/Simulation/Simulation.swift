// The event loop over distinct timestamps, generic over strategy and broker.
// Hand-written hot code: it runs once per bar-event (~10 M per benchmark run), so it reads
// contiguous columns by index through unsafe buffer pointers, writes per-asset state through
// `SlotBuffers`, and allocates nothing per bar (appending records to the ledger is amortized).
// Fills live in Simulation+Fills.swift.

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
    var broker: B
    var ledger: Ledger
    private(set) var marks: EquityMarks
    /// Per-asset state; moved out into a local while a step runs (see `step`).
    private var slots: AssetSlots
    /// Number of pending orders (set in `slots`).
    var pendingCount = 0
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
        slots = AssetSlots(assetCount: assetCount)
    }

    var barCount: Int { timestamps.count }

    /// Processes up to `maxBars` further bars; returns how many it processed.
    ///
    /// `@specialized`: `Runner` is a generic class reached through an existential, so without it this
    /// loop runs unspecialized, calling `decide` and `position(of:)` through witness tables per bar.
    @specialized(where S == ThresholdStrategy, B == SimulatedBroker)
    mutating func step(maxBars: Int) -> Int {
        let start = nextBar
        let end = start + min(max(0, maxBars), barCount - start) // no overflow for maxBars = Int.max
        guard start < end else { return 0 }
        // Move the slots out (leaving an empty placeholder) so that their arrays are uniquely
        // referenced and can be written through pointers while the loop mutates `self`.
        var slots = AssetSlots(assetCount: 0)
        swap(&slots, &self.slots)
        slots.withBuffers { slots in
            open.withUnsafeBufferPointer { open in
                close.withUnsafeBufferPointer { close in
                    assetOfRow.withUnsafeBufferPointer { assetOfRow in
                        let bars = BarColumns(open: open, close: close, asset: assetOfRow)
                        for t in start..<end {
                            advance(bar: t, bars, slots)
                        }
                    }
                }
            }
        }
        swap(&slots, &self.slots)
        nextBar = end
        return end - start
    }

    @inline(__always)
    private mutating func advance(bar t: Int, _ bars: BarColumns, _ slots: SlotBuffers) {
        let rows = rowStart[t]..<rowStart[t + 1]
        let timestamp = timestamps[t]
        switch fillTiming {
        case .nextOpen:
            if pendingCount > 0 {
                settle(bar: t, timestamp: timestamp, rows: rows, prices: bars.open, markingCloses: true, bars, slots)
            } else {
                markCloses(rows: rows, bars, slots)
            }
            let equity = marks.record(at: timestamp, valuation: valuation(slots))
            decide(bar: t, timestamp: timestamp, rows: rows, equity: equity, bars, slots)
        case .sameClose:
            markCloses(rows: rows, bars, slots)
            decide(bar: t, timestamp: timestamp, rows: rows, equity: valuation(slots).equity, bars, slots)
            // Orders created on the last bar never fill, in either timing.
            if pendingCount > 0 && t + 1 < barCount {
                settle(bar: t, timestamp: timestamp, rows: rows, prices: bars.close, markingCloses: false, bars, slots)
            }
            marks.record(at: timestamp, valuation: valuation(slots))
        }
    }

    @inline(__always)
    private func markCloses(rows: Range<Int>, _ bars: BarColumns, _ slots: SlotBuffers) {
        for row in rows {
            slots.lastClose[Int(bars.asset[row])] = bars.close[row]
        }
    }

    /// `cash + Σ position × lastClose` over the held assets in ascending order (the same sum, bit
    /// for bit, as over all assets skipping the flat ones), with the gross exposure.
    @inline(__always)
    private func valuation(_ slots: SlotBuffers) -> Valuation {
        var holdings = 0.0
        var gross = 0.0
        slots.forEachHeld { a in
            let value = Double(broker.position(of: a)) * slots.lastClose[a]
            holdings += value
            gross += abs(value)
        }
        return Valuation(cash: broker.cash, equity: broker.cash + holdings, grossExposure: gross)
    }

    @inline(__always)
    private mutating func decide(
        bar t: Int, timestamp: Int64, rows: Range<Int>, equity: Double, _ bars: BarColumns, _ slots: SlotBuffers
    ) {
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
                    enqueue(asset: asset, PendingOrder(orderIndex: index, side: .buy, quantity: quantity), slots)
                }
            case .sellAll:
                guard position > 0 else { continue }
                let index = ledger.create(asset: asset, side: .sell, quantity: position, at: timestamp)
                enqueue(asset: asset, PendingOrder(orderIndex: index, side: .sell, quantity: position), slots)
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
