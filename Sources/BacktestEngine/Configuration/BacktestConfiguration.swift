// The run-level configuration of a backtest: account, fill timing, costs, liquidity and strategy.

/// When an order decided on bar `t`'s close is filled.
public enum FillTiming: String, Sendable, CaseIterable {
    /// At the open of the asset's next bar (the default, and the canonical strategy's timing).
    case nextOpen = "next_open"
    /// At the close of the decision bar itself, right after the decision.
    case sameClose = "same_close"
}

/// The price a market order fills at on the bar it executes on.
public enum MarketPrice: Sendable, Equatable {
    /// The timing's own price: the open for `next_open`, the close for `same_close` (the default).
    case timing
    /// The bar's open (`next_open` only: a `same_close` order is decided after the open).
    case open
    /// The bar's close.
    case close
    /// A per-row column of the bars dataset (a signal column such as `vwap`); a missing (NaN) value
    /// rejects the fill (`missing_level`).
    case column(String)
}

/// Everything a run needs besides the data: the account, the fill rules and the strategy.
public struct BacktestConfiguration: Sendable, Equatable {
    /// Starting cash; must be finite and positive (JSON path `account.initial_cash`).
    public var initialCash: Double
    /// When decided orders fill.
    public var fill: FillTiming
    /// What price market orders fill at.
    public var marketPrice: MarketPrice
    /// Commission charged on every fill.
    public var commission: CommissionModel
    /// How far fills at market move against the order (none by default).
    public var slippage: SlippageModel
    /// The largest share of a bar's volume one order may take (no limit by default).
    public var participation: Participation?
    /// The strategy template and its parameters.
    public var strategy: StrategySpec
    /// Exits attached to every position (none by default).
    public var risk: PositionRules
    /// Cash or margin, and the margin terms (a cash account by default).
    public var account: AccountTerms
    /// Limits on the whole account (none by default).
    public var limits: PortfolioLimits
    /// How many of its own bars late each asset's signals reach the strategy, to model inference
    /// latency: with 1, the decision on bar `t` reads the value of the asset's previous bar (0 by
    /// default; signal columns and signal datasets only, not context or bar fields).
    public var signalDelayBars: Int
    /// Seconds after its timestamp that a context row becomes usable: a day-end value stamped with
    /// its date (midnight) needs a day, so that it does not reach that day's intraday bars (0 by
    /// default).
    public var contextAvailableAfter: Int64
    /// How the statistics are measured (risk-free rate, annualization, sessions, benchmark); the
    /// defaults of `AnalyticsSettings.standard` unless given. Changes no fill.
    public var analytics: AnalyticsSettings

    /// Creates a configuration; `Backtest.init` validates it against the data.
    public init(
        initialCash: Double,
        fill: FillTiming = .nextOpen,
        marketPrice: MarketPrice = .timing,
        commission: CommissionModel = .percent(rate: 0),
        slippage: SlippageModel = .none,
        participation: Participation? = nil,
        strategy: StrategySpec,
        risk: PositionRules = .none,
        account: AccountTerms = .cash,
        limits: PortfolioLimits = .none,
        signalDelayBars: Int = 0,
        contextAvailableAfter: Int64 = 0,
        analytics: AnalyticsSettings = .standard
    ) {
        self.initialCash = initialCash
        self.fill = fill
        self.marketPrice = marketPrice
        self.commission = commission
        self.slippage = slippage
        self.participation = participation
        self.strategy = strategy
        self.risk = risk
        self.account = account
        self.limits = limits
        self.signalDelayBars = signalDelayBars
        self.contextAvailableAfter = contextAvailableAfter
        self.analytics = analytics
    }

    /// The largest `signalDelayBars` accepted.
    public static let maxSignalDelayBars = 10_000
    /// The largest `contextAvailableAfter` accepted: a year of seconds.
    public static let maxContextAvailableAfter: Int64 = 366 * 86_400
}
