// A backtest request after validation: every default resolved, every name checked, ready to be
// turned into the engine's configuration and echoed back to the client as `spec`.
import BacktestEngine

/// The strategy templates the server knows (a closed set).
public enum StrategyTemplate: String, Sendable, CaseIterable {
    /// Enter above a signal threshold when filters hold, exit below another.
    case threshold
    /// Enter and exit when expressions over signals, context and the position hold.
    case rules
    /// Hold each asset at the weight a column gives, rebalanced on a schedule or a drift.
    case targetWeights = "target_weights"
    /// Several parameter sets of other templates, chosen bar by bar by context conditions.
    case regime
    /// Hold the k assets a signal ranks best (and short the worst), rebalanced on a schedule.
    case topK = "top_k"
}

/// The top_k template's weighting names as they appear in the API.
public enum TopKWeightingName: String, Sendable, CaseIterable {
    /// `TopKWeighting.equal`.
    case equal
    /// `TopKWeighting.signal`.
    case signal
    /// `TopKWeighting.inverseVolatility`, over `vol_lookback` returns.
    case inverseVol = "inverse_vol"
}

/// Commission model names as they appear in the API.
public enum CommissionModelName: String, Sendable, CaseIterable {
    case percent
    case perShare = "per_share"
    case perOrder = "per_order"
    case tiered
    case sum
}

/// Slippage model names as they appear in the API.
public enum SlippageModelName: String, Sendable, CaseIterable {
    case none
    case fixedBps = "fixed_bps"
    case perShare = "per_share"
    case halfSpread = "half_spread"
    case volumeShare = "volume_share"
    case sqrtImpact = "sqrt_impact"
}

/// Sizing method names as they appear in the API.
public enum SizingMethod: String, Sendable, CaseIterable {
    case equalInitial = "equal_initial"
    case percentEquity = "percent_equity"
    case fixedValue = "fixed_value"
    case fixedQuantity = "fixed_quantity"
    case confidenceScaled = "confidence_scaled"
    case volatilityTarget = "volatility_target"
}

/// A validated backtest request.
public struct BacktestSpec: Sendable, Equatable {
    /// The bars dataset (`ds_…`, kind `bars`).
    public var dataset: String
    /// An optional context dataset (`ds_…`, kind `context`) joined as-of.
    public var context: String?
    /// Signal datasets (`ds_…`, kind `signals`) merged point in time, searched in this order.
    public var signals: [String] = []
    /// A free label for people.
    public var name: String?
    /// What the engine runs.
    public var configuration: BacktestConfiguration
    /// The bars of the dataset's timeline the run covers (all of them when nil).
    public var window: BarWindow?

    /// Defaults applied when the request leaves a field out.
    public enum Defaults {
        /// Starting cash.
        public static let initialCash = 1_000_000.0
        /// Orders fill at the next bar's open.
        public static let fill = FillTiming.nextOpen
        /// No commission.
        public static let commission = CommissionModel.percent(rate: 0)
        /// 95 % of the initial cash split equally across assets (the 5 % leaves room for commission
        /// and the gap between the decision close and the fill open).
        public static let sizing = Sizing.equalInitial(fraction: 0.95)
        /// The cap on one entry's share of equity for the scaled sizings.
        public static let maxSizingFraction = 1.0
        /// Returns the volatility target measures volatility over.
        public static let volatilityLookback = 20
        /// Bars per year that annualize a volatility (daily bars).
        public static let barsPerYear = 252.0
        /// top_k: each side's book is 95 % of equity.
        public static let topKFraction = 0.95
        /// top_k `inverse_vol`: the volatility of the last 20 returns.
        public static let volLookback = 20
    }
}
