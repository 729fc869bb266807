// The broker seam: the simulation asks a broker to execute an order the matcher priced.
// The simulated broker is the only one today; a paper or live broker can conform later.

/// One execution to perform now at `price`.
struct ExecutionRequest {
    /// Asset index.
    let asset: Int
    /// Buy or sell.
    let side: Side
    /// Shares, >= 1.
    let quantity: Int
    /// Execution price (from the matcher).
    let price: Double
}

/// What the broker did with an `ExecutionRequest`.
enum ExecutionOutcome: Equatable {
    /// Executed in full, paying `commission`.
    case filled(commission: Double)
    /// Refused whole; the account is unchanged.
    case rejected(OrderReason)
}

/// Holds the account (cash, signed integer positions) and executes orders against it.
protocol Broker {
    /// Cash after every execution so far.
    var cash: Double { get }
    /// Signed shares of `asset` (negative = short).
    func position(of asset: Int) -> Int
    /// The signed positions of every asset, by asset index (valid while the broker lives; read
    /// only between executions).
    var positions: UnsafeBufferPointer<Int> { get }
    /// Executes one order now, or rejects it whole.
    mutating func execute(_ request: ExecutionRequest) -> ExecutionOutcome
}

/// The backtest broker of a cash account: instant fills at the given price, commission from the
/// model; a buy is rejected when `value + commission > cash` (equality is affordable), a sell larger
/// than the long position with `short_not_allowed`.
struct SimulatedBroker: Broker {
    private(set) var cash: Double
    /// Signed shares per asset, in memory the broker owns (read by the strategy every row).
    private let shares: PositionMemory
    let commission: CommissionModel

    init(initialCash: Double, assetCount: Int, commission: CommissionModel) {
        self.cash = initialCash
        self.shares = PositionMemory(assetCount: assetCount)
        self.commission = commission
    }

    @inline(__always)
    func position(of asset: Int) -> Int {
        shares.pointer[asset]
    }

    @inline(__always)
    var positions: UnsafeBufferPointer<Int> { UnsafeBufferPointer(shares.buffer) }

    @inline(__always)
    mutating func execute(_ request: ExecutionRequest) -> ExecutionOutcome {
        let value = Double(request.quantity) * request.price
        let fee = commission.commission(quantity: request.quantity, value: value)
        switch request.side {
        case .sell:
            guard request.quantity <= shares.pointer[request.asset] else { return .rejected(.shortNotAllowed) }
            cash = cash + value - fee
            shares.pointer[request.asset] -= request.quantity
        case .buy:
            if value + fee > cash { return .rejected(.insufficientCash) }
            cash = cash - value - fee
            shares.pointer[request.asset] += request.quantity
        }
        return .filled(commission: fee)
    }
}

/// Signed positions in raw memory allocated once per run: the strategy reads them on every row
/// through a buffer pointer, the broker writes them on fills. One broker owns it.
final class PositionMemory {
    let pointer: UnsafeMutablePointer<Int>
    let buffer: UnsafeMutableBufferPointer<Int>

    init(assetCount: Int) {
        pointer = .allocate(capacity: max(assetCount, 1))
        pointer.initialize(repeating: 0, count: max(assetCount, 1))
        buffer = UnsafeMutableBufferPointer(start: pointer, count: assetCount)
    }

    deinit { pointer.deallocate() }
}
