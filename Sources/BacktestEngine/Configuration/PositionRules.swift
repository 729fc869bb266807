// Position rules: exits the engine attaches to every position a template opens, whatever the template.

/// Exits attached to each position when its entry fills (`risk` in the spec). Levels are fractions
/// of the entry fill price `F`: for a long the stop-loss is `F × (1 − f)`, the take-profit
/// `F × (1 + f)`, the trailing stop starts at `F − F × f` and follows each close `c` up to
/// `c − c × f`; a short mirrors them. They are first checked on the bar after the entry fill, before
/// any of that bar's other orders, stop-loss, then trailing stop, then take-profit; the first to
/// trigger closes the position and cancels the others. A strategy exit decided on a close cancels
/// them and fills as a market order.
public struct PositionRules: Sendable, Equatable {
    /// Stop-loss distance as a fraction of the entry price, in (0, 1) (JSON `risk.stop_loss`).
    public var stopLoss: Double?
    /// Take-profit distance as a fraction of the entry price, in (0, 1) (`risk.take_profit`).
    public var takeProfit: Double?
    /// Trailing-stop distance as a fraction of the price it trails, in (0, 1) (`risk.trailing_stop`).
    public var trailingStop: Double?
    /// Holding limit: the exit is decided on the close of the position's n-th bar, counting the
    /// entry's fill bar as the first, and fills at the next bar's open (`risk.max_bars`, n >= 1).
    public var maxBars: Int?

    /// Rules as given; `nil` leaves a rule off.
    public init(stopLoss: Double? = nil, takeProfit: Double? = nil, trailingStop: Double? = nil, maxBars: Int? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailingStop = trailingStop
        self.maxBars = maxBars
    }

    /// No rule at all.
    public static let none = PositionRules()

    /// Whether any rule places orders when an entry fills (stop-loss, trailing stop, take-profit).
    var placesOrders: Bool { stopLoss != nil || trailingStop != nil || takeProfit != nil }
}
