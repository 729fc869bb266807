// The small protocol the simulation is generic over: one decision per asset per bar close.

/// What a strategy sees when it decides for one asset on bar `bar`'s close.
///
/// Only values at or before the bar are reachable: the strategy reads its own resolved columns at
/// `row` (per-row columns) or `bar` (context columns joined as-of).
struct DecisionInput {
    /// Bar index `t` (index into the distinct timestamps).
    let bar: Int
    /// Data row of this asset at `t`.
    let row: Int
    /// Asset index.
    let asset: Int
    /// `close[t]` of this asset.
    let close: Double
    /// Shares held after the bar's fills (0 = flat).
    let position: Int
    /// Equity marked at `close[t]` before this bar's decisions.
    let equity: Double
}

/// What a strategy wants for one asset; the simulation turns it into an order (or a rejection).
enum Decision: Equatable {
    /// Do nothing.
    case hold
    /// Buy `quantity` shares; a quantity below 1 is recorded as `quantity_rounds_to_zero`.
    case buy(quantity: Int)
    /// Sell the whole position.
    case sellAll
}

/// A strategy template, resolved before the loop to plain values and arrays.
///
/// The simulation is generic over it, so each template is monomorphized: no existential,
/// dictionary or string is touched per bar.
protocol Strategy {
    /// Decides for one asset on one bar close.
    func decide(_ input: DecisionInput) -> Decision
}
