// The target_weights template's parameters: a column says each asset's share of equity.

/// Parameters of the target_weights template.
///
/// On each rebalance bar `t` (`t = 0, n, 2n, …` for `rebalanceEvery = n`), with `E` the equity marked
/// at `close[t]`: every asset with a bar at `t` gets the target `w × E / close[t]` shares, rounded
/// toward zero to what the account trades, with `w` its `weights` value on that row (a missing
/// value is 0: not held). Between rebalances, with `drift`, an asset whose weight
/// `position × close[t] / E` has moved more than `drift` from its target is rebalanced alone. Orders
/// are target minus position, placed as market orders that fill at the next bar (sells before buys,
/// ascending asset); a buy that cannot pay is rejected (`insufficient_cash`), never resized. A
/// negative weight is a short (a margin account; a cash account rejects it, `short_not_allowed`). An
/// asset with a working order from an earlier rebalance keeps it and is not rebalanced again until
/// it is done.
public struct TargetWeightsParameters: Sendable, Equatable {
    /// The column of target weights (fractions of equity; a signal, a signal dataset's name).
    public var weights: String
    /// Bars between scheduled rebalances (1: every bar).
    public var rebalanceEvery: Int
    /// Rebalance an asset between schedules when its weight drifts more than this from its target;
    /// nil: only on schedule.
    public var drift: Double?

    /// Creates target_weights parameters.
    public init(weights: String, rebalanceEvery: Int = 1, drift: Double? = nil) {
        self.weights = weights
        self.rebalanceEvery = rebalanceEvery
        self.drift = drift
    }

    /// The largest `rebalanceEvery` accepted.
    public static let maxRebalanceEvery = 1_000_000
}
