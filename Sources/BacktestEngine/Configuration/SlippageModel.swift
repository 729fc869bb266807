// Slippage models and the participation limit: how far a fill at market moves against the order,
// and how much of a bar's volume one order may take.

/// Where a half-spread model reads the bid-ask spread.
public enum SpreadSource: Sendable, Equatable {
    /// The same spread, in price units, on every bar.
    case constant(Double)
    /// A column of the bars (or the context) holding the spread in price units; a missing (NaN) or
    /// negative value counts as no spread.
    case column(String)
}

/// How far a fill's price moves against the order from the price the bar gives it: buys pay
/// `price + s`, sells receive `price − s`, with `s >= 0` from the model.
///
/// It applies to fills that execute at market: market and market-on-close orders, and stops
/// (including trailing stops) once triggered. Limit and stop-limit fills execute at their limit or
/// better and take no slippage. `q` is the fill's quantity and `v` the bar's volume; a bar whose
/// volume is 0 or missing counts as `q / v = 1`.
public enum SlippageModel: Sendable, Equatable {
    /// No slippage (the default).
    case none
    /// `s = price × bps / 10,000`.
    case fixedBps(Double)
    /// `s = amount` per share.
    case perShare(Double)
    /// `s = spread / 2`.
    case halfSpread(SpreadSource)
    /// `s = price × impact × (q / v)²` (zipline's volume-share model; its default impact is 0.1).
    case volumeShare(impact: Double)
    /// `s = price × coefficient × √(q / v)` (the square-root market-impact law).
    case sqrtImpact(coefficient: Double)
}

/// At most `maxFraction` of each bar's volume fills per order: an order fills
/// `floor(volume × maxFraction)` shares (rounded down to whole lots) on a bar at most, and the rest
/// keeps working on the asset's later bars until it fills or its time in force ends. A bar whose cap
/// is below one share (or lot) fills nothing and still counts as a bar of the order's time in force.
/// Each slice is one fill, checked and charged on its own; a slice the account cannot honour is
/// rejected and ends the order (the slices before it stand). Position-rule exits (stops, targets),
/// margin-call liquidations and delistings are not capped.
public struct Participation: Sendable, Equatable {
    /// Fraction of the bar's volume, in (0, 1].
    public var maxFraction: Double

    /// A cap of `maxFraction` of each bar's volume.
    public init(maxFraction: Double) {
        self.maxFraction = maxFraction
    }
}
