// The account a run trades in: cash or margin, with the margin terms the broker enforces.

/// Cash or margin.
public enum AccountType: String, Sendable, CaseIterable {
    /// No shorts, no borrowing: a buy must be paid from cash.
    case cash
    /// Shorts and borrowing within the margin terms.
    case margin
}

/// The account terms (`account` in the spec, besides `initial_cash`).
///
/// A cash account rejects a buy whose value plus commission exceeds the cash (`insufficient_cash`)
/// and a sell larger than the long position (`short_not_allowed`). A margin account lets cash go
/// negative (a margin loan) and positions go short (the proceeds are credited to cash); a fill that
/// adds gross exposure is rejected when, after it, `gross > equity × maxLeverage` (`max_leverage`)
/// or `gross × initialMargin > equity` (`insufficient_margin`), with the account marked at the
/// latest closes and updated by the fills before it. Fills that reduce exposure are never rejected.
/// At each close, when `equity < maintenanceMargin × gross`, a margin call closes positions, the
/// largest absolute value first (ties by ascending asset), until the rest would meet the
/// requirement; their market orders fill like the strategy's (reason `liquidation`). Short
/// positions pay `|position| × close × borrowRate × Δt / 365 days` at each close, `Δt` the time
/// since the previous bar.
public struct AccountTerms: Sendable, Equatable {
    /// Cash (the default) or margin.
    public var type: AccountType
    /// Equity required per unit of gross exposure when exposure is added, in (0, 1]; default 0.5.
    public var initialMargin: Double
    /// Equity below which a margin call liquidates, per unit of gross exposure, in [0, initialMargin];
    /// default 0.25.
    public var maintenanceMargin: Double
    /// Gross exposure cap as a multiple of equity, >= 1; default 2 for margin, 1 for cash.
    public var maxLeverage: Double
    /// Annual borrow rate on the value of short positions, >= 0; default 0.
    public var borrowRate: Double
    /// Whether quantities may be fractional (fractional-share brokers, crypto); default false:
    /// whole shares.
    public var fractional: Bool
    /// Orders trade multiples of this quantity: sizing rounds down to it, and an explicit quantity
    /// that is not a multiple is rejected (`odd_lot`). In a whole-share account a whole number >= 1
    /// (1 when not given); in a fractional account any step > 0 (nil: any quantity).
    public var lotSize: Double?

    /// Terms as given; the defaults are those of the type.
    public init(
        type: AccountType = .cash, initialMargin: Double = 0.5, maintenanceMargin: Double = 0.25,
        maxLeverage: Double? = nil, borrowRate: Double = 0, fractional: Bool = false,
        lotSize: Double? = nil
    ) {
        self.type = type
        self.initialMargin = initialMargin
        self.maintenanceMargin = maintenanceMargin
        self.maxLeverage = maxLeverage ?? (type == .margin ? 2 : 1)
        self.borrowRate = borrowRate
        self.fractional = fractional
        self.lotSize = lotSize ?? (fractional ? nil : 1)
    }

    /// A cash account.
    public static let cash = AccountTerms()
}
