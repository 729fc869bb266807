// The part of a configuration a validation problem is about. The engine names fields by what they
// are; the service, which knows the JSON it decoded, maps them to paths in that spec.

/// A field of a `BacktestConfiguration` (or the data it runs on).
public indirect enum ConfigurationField: Sendable, Equatable {
    /// The bars dataset as a whole.
    case data
    /// `signalDelayBars`.
    case signalDelayBars
    /// `contextAvailableAfter`.
    case contextAvailableAfter
    /// `initialCash`.
    case initialCash
    /// `fill`.
    case fillTiming
    /// `marketPrice`.
    case marketPrice
    /// The account's type and margin terms.
    case accountType, initialMargin, maintenanceMargin, maxLeverage, borrowRate, lotSize
    /// The commission model's rate.
    case commissionRate
    /// The commission model's minimum, maximum and per-order amount.
    case commissionMinimum, commissionMaximum, commissionAmount
    /// A tiered commission's list of bands, and band `i`'s upper limit and rate.
    case commissionTiers
    case commissionTierLimit(Int)
    case commissionTierRate(Int)
    /// A summed commission's list of models, and a field of its part `i`.
    case commissionParts
    case commissionPart(Int, ConfigurationField)
    /// The slippage model's number (each model's own) and spread column.
    case slippageBps, slippageAmount, slippageSpread, slippageImpact, slippageCoefficient, slippageColumn
    /// The participation limit's fraction of bar volume.
    case participationFraction
    /// A position rule: `stopLoss`, `takeProfit`, `trailingStop`, `maxBars`.
    case stopLoss, takeProfit, trailingStop, maxBars
    /// The threshold (or top_k) template's signal column.
    case signal
    /// The threshold template's entry and exit levels.
    case entryAbove, exitBelow
    /// The threshold template's short entry and exit levels.
    case shortBelow, coverAbove
    /// A portfolio limit.
    case maxDrawdown, dailyLoss, maxGrossExposure, maxNetExposure, maxPositions, maxPositionWeight
    /// A part of the template's entry or exit order.
    case entryOrder(OrderSpecField)
    case exitOrder(OrderSpecField)
    /// Filter `i`'s column.
    case filterColumn(Int)
    /// Filter `i`'s value.
    case filterValue(Int)
    /// The threshold template's exit signal column.
    case exitSignal
    /// Exit filter `i`'s column and value.
    case exitFilterColumn(Int)
    case exitFilterValue(Int)
    /// The threshold template's cooldown and minimum holding.
    case cooldownBars, minHoldingBars
    /// A rules template condition.
    case rule(RuleRole)
    /// The target_weights template's weight column, schedule and drift band.
    case weights, rebalanceEvery, drift
    /// The regime template's list of regimes, initial regime and confirmation.
    case regimes, regimeInitial, regimeConfirmBars
    /// Regime `i`'s condition.
    case regimeCondition(Int)
    /// A field of regime `i`'s strategy.
    case regime(Int, ConfigurationField)
    /// A top_k template parameter (its signal column is `signal`).
    case topK(TopKField)
    /// The sizing's fraction, value or quantity.
    case sizingFraction, sizingValue, sizingQuantity
    /// The sizing's column, cap, volatility target, lookback and annualization.
    case sizingColumn, sizingMaxFraction, sizingTarget, sizingLookback, sizingBarsPerYear
    /// The analytics settings: risk-free rate, periods per year, session gap, and the benchmark's
    /// asset or context column.
    case riskFreeRate, periodsPerYear, sessionGap, benchmarkAsset, benchmarkContext
}
