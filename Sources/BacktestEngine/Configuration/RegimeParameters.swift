// The regime template's parameters: several parameter sets of other templates, one of which runs on
// each bar, chosen by market-wide conditions with hysteresis.

/// One regime: when it becomes the current one, and what runs while it is.
public struct Regime: Sendable, Equatable {
    /// A label for people (reported in problems).
    public var name: String
    /// A rule expression over context columns only (`ctx.vix < 20`, `sma(ctx.trend, 5) > 0`),
    /// evaluated on each bar's close over the bar timeline.
    public var when: String
    /// The template that decides while this regime is current (any template but `regime`).
    public var strategy: StrategySpec

    /// Creates a regime.
    public init(name: String, when: String, strategy: StrategySpec) {
        self.name = name
        self.when = when
        self.strategy = strategy
    }
}

/// Parameters of the regime template.
///
/// On each bar's close the current regime is kept while its own condition holds or no other
/// regime's does; otherwise the first other regime (in the order given) whose condition has held
/// on `confirmBars` consecutive closes becomes current (each regime counts its own, the closes on
/// which the current regime's condition held too). Conditions that do not overlap (`vix < 20`
/// and `vix >= 25`) leave a band in which the current regime stays: the hysteresis. Before the first
/// condition holds, `initial` is current. The current regime's template decides on the bar; on the
/// bar of a switch, with `exitOnSwitch`, every position is closed and every working strategy order
/// cancelled instead, and the new regime decides from the next bar. Position rules (`risk`), the
/// account and the limits are the spec's own and apply whatever the regime.
public struct RegimeParameters: Sendable, Equatable {
    /// Two or more regimes.
    public var regimes: [Regime]
    /// Index of the regime current before any condition holds.
    public var initial: Int
    /// Consecutive closes a new regime's condition must hold before it becomes current (>= 1).
    public var confirmBars: Int
    /// Whether a switch closes every position.
    public var exitOnSwitch: Bool

    /// Creates regime parameters.
    public init(regimes: [Regime], initial: Int = 0, confirmBars: Int = 1, exitOnSwitch: Bool = false) {
        self.regimes = regimes
        self.initial = initial
        self.confirmBars = confirmBars
        self.exitOnSwitch = exitOnSwitch
    }

    /// Most regimes one template may hold.
    public static let maxRegimes = 16
}
