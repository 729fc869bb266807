// The backtest broker: instant fills at the matcher's price, commission from the model, and the
// account's checks (cash, or margin and leverage) applied to every fill before it changes anything.

/// Executes orders against a cash or margin account (see `AccountTerms` for the rules).
///
/// Cash account: a buy is rejected when `value + commission > cash` (equality is affordable), a sell
/// larger than the long position with `short_not_allowed`. Margin account: only a fill that adds
/// gross exposure is checked, against the account as marked at the latest closes (`mark`) and
/// updated by every fill since; cash may go negative and positions short.
struct SimulatedBroker: Broker {
    private(set) var cash: Double
    /// Signed shares per asset, in memory the broker owns (read by the strategy every row).
    private let shares: PositionMemory
    let commission: CommissionModel
    /// The rate of a `.percent` commission (the usual model), else nil. Hand-tuned: the model's
    /// `commission(quantity:value:)` is a call on every fill (its other cases keep it out of line);
    /// this case is the same product, `value * rate`, computed in place.
    private let percentRate: Double?
    let account: AccountTerms
    /// The fill-time portfolio limits.
    let limits: PortfolioLimits
    private let checksLimits: Bool
    /// Net exposure at the latest mark, adjusted by each fill since at its price.
    private var net = 0.0
    /// Positions open now.
    private var open = 0
    /// Equity at the latest mark, less the commissions paid since.
    private var equity: Double
    /// Gross exposure at the latest mark, adjusted by each fill since at its price.
    private var gross = 0.0

    init(
        initialCash: Double, assetCount: Int, commission: CommissionModel, account: AccountTerms = .cash,
        limits: PortfolioLimits = .none
    ) {
        self.cash = initialCash
        self.shares = PositionMemory(assetCount: assetCount)
        self.commission = commission
        if case .percent(let rate) = commission { percentRate = rate } else { percentRate = nil }
        self.account = account
        self.limits = limits
        self.checksLimits = limits.checksFills
        self.equity = initialCash
    }

    @inline(__always)
    func position(of asset: Int) -> Double {
        shares.pointer[asset]
    }

    @inline(__always)
    var positions: UnsafeBufferPointer<Double> { UnsafeBufferPointer(shares.buffer) }

    /// Takes the account as valued at the latest closes, for the margin checks that follow.
    @inline(__always)
    mutating func mark(_ valuation: Valuation) {
        equity = valuation.equity
        gross = valuation.grossExposure
        net = valuation.netExposure
    }

    /// Debits a charge that is not a fill (borrow fees).
    mutating func charge(_ amount: Double) {
        cash -= amount
        equity -= amount
    }

    @inline(__always)
    mutating func execute(_ request: ExecutionRequest) -> ExecutionOutcome {
        let value = request.quantity * request.price
        let fee: Double
        if let rate = percentRate {
            fee = value * rate
        } else {
            fee = commission.commission(quantity: request.quantity, value: value)
        }
        let before = shares.pointer[request.asset]
        if checksLimits, let reason = limitBreached(request, before: before, value: value, fee: fee) {
            return .rejected(reason)
        }
        if account.type == .cash {
            switch request.side {
            case .sell:
                guard request.quantity <= before else { return .rejected(.shortNotAllowed) }
                cash = cash + value - fee
                shares.pointer[request.asset] = before - request.quantity
                if checksLimits { track(before: before, request) }
            case .buy:
                if value + fee > cash { return .rejected(.insufficientCash) }
                cash = cash - value - fee
                shares.pointer[request.asset] = before + request.quantity
                if checksLimits { track(before: before, request) }
            }
            return .filled(commission: fee)
        }
        let after = request.side == .buy ? before + request.quantity : before - request.quantity
        let added = (abs(after) - abs(before)) * request.price
        if added > 0 {
            let grossAfter = gross + added
            let equityAfter = equity - fee
            if grossAfter > equityAfter * account.maxLeverage { return .rejected(.maxLeverage) }
            if grossAfter * account.initialMargin > equityAfter { return .rejected(.insufficientMargin) }
        }
        cash = request.side == .buy ? cash - value - fee : cash + value - fee
        shares.pointer[request.asset] = after
        gross += added
        equity -= fee
        if checksLimits { track(before: before, request) }
        return .filled(commission: fee)
    }

    /// The fill-time limit `request` would breach, if any (only fills that add exposure are checked).
    private func limitBreached(_ request: ExecutionRequest, before: Double, value: Double, fee: Double) -> OrderReason?
    {
        let after = request.side == .buy ? before + request.quantity : before - request.quantity
        guard abs(after) > abs(before) else { return nil }
        let price = request.price
        let equityAfter = equity - fee
        if let n = limits.maxPositions, before == 0, open >= n { return .maxPositions }
        if let w = limits.maxPositionWeight, abs(after) * price > w * equityAfter { return .maxPositionWeight }
        if let g = limits.maxGrossExposure, gross + (abs(after) - abs(before)) * price > g * equityAfter {
            return .maxGrossExposure
        }
        let netAfter = net + (after - before) * price
        if let x = limits.maxNetExposure, abs(netAfter) > abs(net), abs(netAfter) > x * equityAfter {
            return .maxNetExposure
        }
        return nil
    }

    /// Follows the open-position count and the net and (cash accounts) gross exposure through a fill.
    private mutating func track(before: Double, _ request: ExecutionRequest) {
        let after = shares.pointer[request.asset]
        if before == 0 && after != 0 { open += 1 }
        if before != 0 && after == 0 { open -= 1 }
        net += (after - before) * request.price
        if account.type == .cash { gross += (abs(after) - abs(before)) * request.price }
    }
}
