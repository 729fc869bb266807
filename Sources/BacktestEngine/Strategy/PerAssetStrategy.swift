// The adapter that runs a per-asset template over the cross-section: one call per row of the bar, in
// ascending asset order, each answer turned into an intent. Hot path: it is the loop over every
// bar-event of a per-asset template, monomorphized with the template.

/// What a per-asset template sees when it decides for one asset on bar `bar`'s close.
struct DecisionInput {
    /// Bar index `t`.
    let bar: Int
    /// Data row of this asset at `t`.
    let row: Int
    /// Asset index.
    let asset: Int
    /// The bar's closes, by row.
    let closes: UnsafeBufferPointer<Double>
    /// Per asset: the open position's first entry fill bar and average entry price.
    let entryBar: UnsafePointer<Int>
    let entryPrice: UnsafePointer<Double>
    /// Per asset: the bar whose fills last closed a position (`HoldingMemory.neverExited` before).
    let exitBar: UnsafePointer<Int>
    /// Signed shares after the bar's fills (0 = flat, negative = short).
    let position: Double
    /// The strategy's working orders on this asset: +1 buys, -1 sells, 0 none.
    let working: Int
    /// Equity marked at `close[t]` before this bar's decisions.
    let equity: Double

    /// `close[t]` of this asset. Read only by the decisions that need it (sizing, levels): most rows
    /// decide nothing, and not streaming the close column through every row is a fifth of the loop.
    var close: Double {
        @inline(__always) get { closes[row] }
    }
}

/// What a per-asset template wants for one asset.
enum Decision: Equatable {
    /// Do nothing.
    case hold
    /// Buy `quantity` shares; a quantity below 1 is recorded as `quantity_rounds_to_zero`.
    case buy(quantity: Double)
    /// Sell `quantity` shares short (from flat); the same rule for small quantities.
    case sell(quantity: Double)
    /// Close the position, whichever side it is on (cancelling what rests of an entry).
    case close
    /// Cancel the asset's working orders.
    case cancel
    /// Cancel the asset's working orders, then buy `quantity` shares.
    case cancelAndBuy(quantity: Double)
    /// Cancel the asset's working orders, then sell `quantity` shares short.
    case cancelAndSell(quantity: Double)
}

/// A template that decides each asset on its own.
protocol AssetStrategy {
    /// How its entries (buys from flat, short sales) are placed.
    var entryOrder: ResolvedOrder { get }
    /// How its exits are placed.
    var exitOrder: ResolvedOrder { get }
    /// Decides for one asset on one bar close.
    func decide(_ input: DecisionInput) -> Decision
}

/// Runs an `AssetStrategy` as a cross-sectional `Strategy`.
struct PerAssetStrategy<Template: AssetStrategy>: Strategy {
    let template: Template

    /// Market orders, then the template's entry and exit orders.
    var orderTerms: [OrderTerms] { [.market, template.entryOrder.terms, template.exitOrder.terms] }

    /// An entry intent on `side`, with its levels when the entry order has any.
    @inline(__always)
    private func entry(
        _ asset: Int, _ side: Side, _ quantity: Double, row: Int, close: Double, bar: Int
    )
        -> OrderIntent
    {
        let order = template.entryOrder
        var intent = OrderIntent(asset: asset, side == .buy ? .buy : .sell, quantity: quantity, terms: 1)
        if !order.isMarket { (intent.limit, intent.stop) = order.levels(side: side, close: close, row: row, bar: bar) }
        return intent
    }

    @inline(__always)
    func decide(_ section: CrossSection, into intents: inout OrderIntents) {
        // Hand-tuned: nothing works at most decisions (market orders fill before the next one), so
        // that loop skips reading the per-asset working counts on every row.
        if section.anyWorking {
            decide(section, into: &intents, reading: ReadsWorking.self)
        } else {
            decide(section, into: &intents, reading: IgnoresWorking.self)
        }
    }

    /// The loop over the bar's rows, one specialization per `WorkingReads` type. Hand-tuned: with a
    /// `Bool` parameter instead, the compiler emitted the loop once, out of line, and tested the flag
    /// on every row; as a type, each loop is its own function with the flag folded away (and the
    /// working count a constant 0 in the usual one): 65 instructions per row became 54 with the
    /// holding pointers below hoisted.
    @inline(__always)
    private func decide<W: WorkingReads>(_ section: CrossSection, into intents: inout OrderIntents, reading _: W.Type) {
        // Locals, so that the loop keeps them in registers rather than reloading them per row (read
        // through `section`, the holding pointers were reloaded on every row, needed or not).
        let template = self.template
        let assets = section.asset
        let positions = section.positions
        let closes = section.close
        let workingCounts = section.working
        let (entryBar, entryPrice, exitBar) = (section.entryBar, section.entryPrice, section.exitBar)
        let bar = section.bar
        let equity = section.equity
        for row in section.rows {
            let asset = Int(assets[row])
            let position = positions[asset]
            let working = W.reads ? Int(workingCounts[asset].signum()) : 0
            let decision = template.decide(
                DecisionInput(
                    bar: bar, row: row, asset: asset, closes: closes, entryBar: entryBar, entryPrice: entryPrice,
                    exitBar: exitBar, position: position, working: working, equity: equity))
            if case .hold = decision { continue }
            // Passed as scalars: an input built before the decision would be stored to memory on
            // every row, decision or not.
            emit(decision, asset: asset, row: row, bar: bar, position: position, close: closes[row], into: &intents)
        }
    }

    /// Turns a decision other than `hold` into intents. Kept out of line: few rows decide anything,
    /// and the loop over every row keeps its values in registers when this is not inlined into it.
    @inline(never)
    private func emit(
        _ decision: Decision, asset: Int, row: Int, bar: Int, position: Double, close: Double,
        into intents: inout OrderIntents
    ) {
        switch decision {
        case .hold:
            return
        case .buy(let quantity):
            intents.append(entry(asset, .buy, quantity, row: row, close: close, bar: bar))
        case .sell(let quantity):
            intents.append(entry(asset, .sell, quantity, row: row, close: close, bar: bar))
        case .close:
            guard position != 0 else { return }
            var intent = OrderIntent(asset: asset, .target, quantity: 0, terms: 2)
            let order = template.exitOrder
            if !order.isMarket {
                (intent.limit, intent.stop) = order.levels(
                    side: position > 0 ? .sell : .buy, close: close, row: row, bar: bar)
            }
            intents.append(intent)
        case .cancel:
            intents.append(OrderIntent(asset: asset, .cancel, quantity: 0))
        case .cancelAndBuy(let quantity):
            intents.append(OrderIntent(asset: asset, .cancel, quantity: 0))
            intents.append(entry(asset, .buy, quantity, row: row, close: close, bar: bar))
        case .cancelAndSell(let quantity):
            intents.append(OrderIntent(asset: asset, .cancel, quantity: 0))
            intents.append(entry(asset, .sell, quantity, row: row, close: close, bar: bar))
        }
    }
}

/// Whether a decision loop reads the per-asset working counts (see `PerAssetStrategy.decide`).
protocol WorkingReads {
    static var reads: Bool { get }
}

/// Some asset has a working strategy order: read each row's count.
enum ReadsWorking: WorkingReads {
    static var reads: Bool { true }
}

/// No strategy order works: every count is 0.
enum IgnoresWorking: WorkingReads {
    static var reads: Bool { false }
}
