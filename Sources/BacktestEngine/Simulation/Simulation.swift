// The event loop over distinct timestamps, generic over strategy and broker.
// Hand-written hot code: it runs once per bar-event (~10 M per benchmark run), so it reads
// contiguous columns by index through unsafe buffer pointers, writes per-asset state through
// `SlotBuffers`, and allocates nothing per bar (appending records to the ledger and intents is
// amortized). Placing orders lives in Simulation+Orders.swift, executing them in
// Simulation+Settlement.swift.

/// The whole state of a run, advanced bar by bar. A value type so that a step runs with `self`
/// exclusively accessed once, not per field access.
struct Simulation<S: Strategy, B: Broker> {
    let timestamps: [Int64]
    let rowStart: [Int]
    let assetOfRow: [Int32]
    let open: [Double]
    let high: [Double]
    let low: [Double]
    let close: [Double]
    let volume: [Double]
    /// The per-row price market orders fill at (the open, the close or a column, per `MarketPrice`).
    let marketPrices: [Double]
    let assetCount: Int
    let fillTiming: FillTiming
    let initialCash: Double
    /// Exits attached to every position.
    let rules: PositionRules
    /// The account's terms (margin calls and borrow fees are applied at each close).
    let account: AccountTerms
    /// What quantities the account trades.
    let rounding: QuantityRounding
    /// The portfolio limits (the fill-time ones live in the broker).
    let limits: PortfolioLimits
    /// Entries are refused from this bar's close on until `haltedUntil` (a bar index; `Int.max`: for
    /// the rest of the run).
    var haltedUntil = -1
    /// Equity at the last close of the previous UTC day, and that day (for the daily loss limit).
    var dayStartEquity: Double
    var currentDay: Int64 = .min
    /// How fills at market move against the order.
    let slippage: ResolvedSlippage
    /// The largest fraction of a bar's volume one strategy order may fill; 0 for no limit.
    let participation: Double
    let strategy: S
    var broker: B
    var ledger: Ledger
    /// The open positions' entry bars and prices, for the strategy.
    let holdings: HoldingMemory
    /// The account's resting orders.
    var book: OrderBook
    /// The strategy's order terms, by `OrderIntent.terms`.
    let orderTerms: [OrderTerms]
    private(set) var marks: EquityMarks
    /// Per-asset state; moved out into a local while a step runs (see `step`).
    private var slots: AssetSlots
    /// The current decision's intents; storage reused from bar to bar.
    private var intents = OrderIntents()
    /// Per asset, the last bar on whose close an exit was decided (only with `rules.maxBars`).
    var exitDecidedAt: [Int]
    /// Bars fully processed so far; the next bar to process.
    private(set) var nextBar = 0
    /// The assets whose data ends before the run's, by their last bar, ascending (then by asset).
    let delistings: [Delisting]
    /// The next of `delistings` to handle.
    var nextDelisting = 0

    /// A run of `strategy` through `broker` on `data` under `configuration` (already validated), its
    /// columns resolved through `catalog`.
    init(data: MarketData, strategy: S, broker: B, configuration: BacktestConfiguration, catalog: ColumnCatalog) {
        timestamps = data.timestamps
        rowStart = data.rowStart
        assetOfRow = data.asset
        open = data.open
        high = data.high
        low = data.low
        close = data.close
        volume = data.volume
        switch (configuration.marketPrice, configuration.fill) {
        case (.open, _), (.timing, .nextOpen): marketPrices = data.open
        case (.close, _), (.timing, .sameClose): marketPrices = data.close
        case (.column(let name), _): marketPrices = data.signalIndex(named: name).map { data.signals[$0] } ?? data.close
        }
        assetCount = data.assets.count
        fillTiming = configuration.fill
        initialCash = configuration.initialCash
        let rules = configuration.risk
        self.rules = rules
        account = configuration.account
        rounding = QuantityRounding(configuration.account)
        limits = configuration.limits
        dayStartEquity = configuration.initialCash
        slippage = ResolvedSlippage(configuration.slippage, catalog: catalog)
        participation = configuration.participation?.maxFraction ?? 0
        exitDecidedAt = rules.maxBars == nil ? [] : [Int](repeating: -1, count: data.assets.count)
        self.strategy = strategy
        orderTerms = strategy.orderTerms
        self.broker = broker
        ledger = Ledger(assetCount: assetCount)
        holdings = HoldingMemory(assetCount: assetCount)
        book = OrderBook(assetCount: assetCount)
        marks = EquityMarks(initialCash: initialCash, capacity: data.timestamps.count)
        delistings = Delisting.all(in: data)
        slots = AssetSlots(assetCount: assetCount)
    }

    var barCount: Int { timestamps.count }

    /// Processes up to `maxBars` further bars; returns how many it processed.
    ///
    /// `@specialized`: `Runner` is a generic class reached through an existential, so without it this
    /// loop runs unspecialized, calling `decide` and `position(of:)` through witness tables per bar.
    @specialized(where S == PerAssetStrategy<ThresholdStrategy>, B == SimulatedBroker)
    @specialized(where S == TopKStrategy, B == SimulatedBroker)
    @specialized(where S == PerAssetStrategy<RulesStrategy>, B == SimulatedBroker)
    @specialized(where S == TargetWeightsStrategy, B == SimulatedBroker)
    @specialized(where S == RegimeStrategy, B == SimulatedBroker)
    mutating func step(maxBars: Int) -> Int {
        let start = nextBar
        let end = start + min(max(0, maxBars), barCount - start) // no overflow for maxBars = Int.max
        guard start < end else { return 0 }
        // Move the slots out (leaving an empty placeholder) so that their arrays are uniquely
        // referenced and can be written through pointers while the loop mutates `self`.
        var slots = AssetSlots(assetCount: 0)
        swap(&slots, &self.slots)
        slots.withBuffers { slots in
            withBarColumns { bars in
                for t in start..<end {
                    advance(bar: t, bars, slots)
                }
            }
        }
        swap(&slots, &self.slots)
        nextBar = end
        return end - start
    }

    /// Runs `body` with raw views of the per-row columns.
    @inline(__always)
    private func withBarColumns<R>(_ body: (BarColumns) -> R) -> R {
        open.withUnsafeBufferPointer { open in
            high.withUnsafeBufferPointer { high in
                low.withUnsafeBufferPointer { low in
                    close.withUnsafeBufferPointer { close in
                        volume.withUnsafeBufferPointer { volume in
                            marketPrices.withUnsafeBufferPointer { market in
                                assetOfRow.withUnsafeBufferPointer { asset in
                                    body(
                                        BarColumns(
                                            open: open, high: high, low: low, close: close, volume: volume,
                                            market: market, asset: asset))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private mutating func advance(bar t: Int, _ bars: BarColumns, _ slots: SlotBuffers) {
        let rows = rowStart[t]..<rowStart[t + 1]
        let timestamp = timestamps[t]
        switch fillTiming {
        case .nextOpen:
            if book.count > 0 {
                settle(bar: t, timestamp: timestamp, rows: rows, prices: bars.market, markingCloses: true, bars, slots)
            } else {
                markCloses(rows: rows, bars, slots)
            }
            if nextDelisting < delistings.count && delistings[nextDelisting].bar == t {
                delist(bar: t, timestamp: timestamp, slots)
            }
            let closed = closeOut(valuation(bar: t, slots), bar: t, timestamp: timestamp)
            let equity = marks.record(at: timestamp, valuation: closed)
            if limits.checksCloses { checkLimits(equity: equity, bar: t, timestamp: timestamp, slots) }
            decide(bar: t, timestamp: timestamp, rows: rows, equity: equity, bars, slots)
            if account.type == .margin { callMargin(closed, bar: t, timestamp: timestamp, slots) }
        case .sameClose:
            markCloses(rows: rows, bars, slots)
            let closed = closeOut(valuation(bar: t, slots), bar: t, timestamp: timestamp)
            if limits.checksCloses { checkLimits(equity: closed.equity, bar: t, timestamp: timestamp, slots) }
            decide(bar: t, timestamp: timestamp, rows: rows, equity: closed.equity, bars, slots)
            if account.type == .margin { callMargin(closed, bar: t, timestamp: timestamp, slots) }
            // Orders created on the last bar never fill, in either timing.
            if book.count > 0 && t + 1 < barCount {
                settle(bar: t, timestamp: timestamp, rows: rows, prices: bars.market, markingCloses: false, bars, slots)
            }
            if nextDelisting < delistings.count && delistings[nextDelisting].bar == t {
                delist(bar: t, timestamp: timestamp, slots)
            }
            marks.record(at: timestamp, valuation: valuation(bar: t, slots))
        }
    }

    /// The account at bar `t`'s close after the close's charges (borrow fees on shorts), handed to
    /// the broker as the mark its margin checks start from.
    @inline(__always)
    private mutating func closeOut(_ marked: Valuation, bar t: Int, timestamp: Int64) -> Valuation {
        var v = marked
        if account.borrowRate > 0 && t > 0 && v.shortExposure > 0 {
            let fee = v.shortExposure * account.borrowRate * Double(timestamp - timestamps[t - 1]) / Self.secondsPerYear
            broker.charge(fee)
            ledger.borrowFees += fee
            v = Valuation(
                cash: v.cash - fee, equity: v.equity - fee, grossExposure: v.grossExposure,
                shortExposure: v.shortExposure)
        }
        broker.mark(v)
        return v
    }

    /// Borrow fees accrue over 365-day years of actual time.
    static var secondsPerYear: Double { 365 * 86_400 }

    @inline(__always)
    private func markCloses(rows: Range<Int>, _ bars: BarColumns, _ slots: SlotBuffers) {
        for row in rows {
            slots.lastClose[Int(bars.asset[row])] = bars.close[row]
        }
    }

    /// `cash + Σ position × lastClose` over the assets with a position in ascending order (the same
    /// sum, bit for bit, as over all assets skipping the flat ones), with the gross and short
    /// exposures. The same pass widens each position's price range with its close (see
    /// Simulation+Excursions.swift); doing it twice for one bar changes nothing.
    @inline(__always)
    private func valuation(bar t: Int, _ slots: SlotBuffers) -> Valuation {
        var holdings = 0.0
        var gross = 0.0
        var short = 0.0
        slots.forEachHeld { a in
            let close = slots.lastClose[a]
            let value = Double(broker.position(of: a)) * close
            holdings += value
            gross += abs(value)
            short -= min(value, 0)
            noteExcursion(of: a, close: close, bar: t, slots)
        }
        return Valuation(cash: broker.cash, equity: broker.cash + holdings, grossExposure: gross, shortExposure: short)
    }

    /// Asks the strategy for this bar's intents and places them, in the order given.
    @inline(__always)
    private mutating func decide(
        bar t: Int, timestamp: Int64, rows: Range<Int>, equity: Double, _ bars: BarColumns, _ slots: SlotBuffers
    ) {
        // The intents move out for the call, so the strategy writes a uniquely referenced buffer.
        var intents = OrderIntents()
        swap(&intents, &self.intents)
        intents.clear()
        let section = CrossSection(
            bar: t, rows: rows, asset: bars.asset, close: bars.close, positions: broker.positions,
            entryBar: holdings.entryBar, entryPrice: holdings.entryPrice, exitBar: holdings.exitBar,
            working: book.working, anyWorking: book.strategyOrders > 0, equity: equity)
        strategy.decide(section, into: &intents)
        for intent in intents.items {
            place(intent, bar: t, timestamp: timestamp)
        }
        swap(&intents, &self.intents)
        if let n = rules.maxBars {
            exitHeldTooLong(bars: n, bar: t, timestamp: timestamp, rows: rows, bars, slots)
        }
    }

    /// Decides the holding-period exit of every position of this bar that has reached `n` bars
    /// (its entry fill bar counting as the first) and has no exit decided on this close already.
    /// Walks the held positions only when every asset has a row in this bar (the dense layout),
    /// else the bar's rows.
    private mutating func exitHeldTooLong(
        bars n: Int, bar t: Int, timestamp: Int64, rows: Range<Int>, _ bars: BarColumns, _ slots: SlotBuffers
    ) {
        if rows.count == assetCount {
            slots.forEachHeld { exitIfHeldTooLong($0, bars: n, bar: t, timestamp: timestamp) }
        } else {
            for row in rows { exitIfHeldTooLong(Int(bars.asset[row]), bars: n, bar: t, timestamp: timestamp) }
        }
    }

    @inline(__always)
    private mutating func exitIfHeldTooLong(_ asset: Int, bars n: Int, bar t: Int, timestamp: Int64) {
        guard broker.position(of: asset) != 0, exitDecidedAt[asset] != t, t - ledger.entryBar(of: asset) + 1 >= n
        else { return }
        place(OrderIntent(asset: asset, .target, quantity: 0, role: .maxBars), bar: t, timestamp: timestamp)
    }
}

/// The read-only per-row columns the loop touches, as raw buffers for the duration of one step.
struct BarColumns {
    let open: UnsafeBufferPointer<Double>
    let high: UnsafeBufferPointer<Double>
    let low: UnsafeBufferPointer<Double>
    let close: UnsafeBufferPointer<Double>
    let volume: UnsafeBufferPointer<Double>
    /// The market-order fill price of each row.
    let market: UnsafeBufferPointer<Double>
    let asset: UnsafeBufferPointer<Int32>

    /// The bar of row `row`.
    @inline(__always)
    func quote(_ row: Int) -> BarQuote {
        BarQuote(open: open[row], high: high[row], low: low[row], close: close[row], volume: volume[row])
    }
}

/// The account valued at the latest closes.
struct Valuation {
    let cash: Double
    let equity: Double
    let grossExposure: Double
    /// `Σ |position × lastClose|` over the short positions.
    let shortExposure: Double

    /// `Σ position × lastClose` (signed).
    var netExposure: Double { equity - cash }
}
