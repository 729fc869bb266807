// Commission models: what each fill pays its broker, charged on buys and sells alike.

/// One band of a tiered commission: `rate` applies to the part of a fill's value up to `upTo`
/// (above the previous band's `upTo`).
public struct CommissionTier: Sendable, Equatable {
    /// Upper end of the band in cash; nil for the last, unbounded band.
    public var upTo: Double?
    /// Fraction of the value inside the band.
    public var rate: Double

    /// Creates a band.
    public init(upTo: Double?, rate: Double) {
        self.upTo = upTo
        self.rate = rate
    }
}

/// How much each fill pays in commission; charged on buys and on sells alike, per fill (each slice of
/// a partly filled order pays on its own).
public enum CommissionModel: Sendable, Equatable {
    /// `commission = value * rate`, with `value = quantity * price`.
    case percent(rate: Double)
    /// `commission = min(max(quantity * rate, minimum), maximum)`; no maximum when nil.
    case perShare(rate: Double, minimum: Double, maximum: Double? = nil)
    /// A flat amount per fill.
    case perOrder(Double)
    /// Marginal rates over bands of the fill's value, like tax brackets: the part of the value in
    /// each band pays that band's rate. Bands ascend; only the last may be unbounded.
    case tiered([CommissionTier])
    /// The sum of several models (e.g. a per-share fee plus an exchange fee in percent).
    indirect case sum([CommissionModel])

    /// The commission of one fill of `quantity` shares worth `value` in total.
    @inlinable
    public func commission(quantity: Double, value: Double) -> Double {
        switch self {
        case .percent(let rate):
            return value * rate
        case .perShare(let rate, let minimum, let maximum):
            let fee = max(quantity * rate, minimum)
            return maximum.map { min(fee, $0) } ?? fee
        case .perOrder(let amount):
            return amount
        case .tiered(let tiers):
            var fee = 0.0
            var lower = 0.0
            for tier in tiers {
                let upper = tier.upTo ?? .infinity
                if value > lower { fee += (min(value, upper) - lower) * tier.rate }
                lower = upper
            }
            return fee
        case .sum(let parts):
            return parts.reduce(0) { $0 + $1.commission(quantity: quantity, value: value) }
        }
    }
}
