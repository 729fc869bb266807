// The broker seam: the simulation asks a broker to execute an order the matcher priced.
// The simulated broker is the only one today; a paper or live broker can conform later.

/// One execution to perform now at `price`.
struct ExecutionRequest {
    /// Asset index.
    let asset: Int
    /// Buy or sell.
    let side: Side
    /// Shares, > 0.
    let quantity: Double
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

/// Holds the account (cash, signed positions) and executes orders against it.
protocol Broker {
    /// Cash after every execution so far.
    var cash: Double { get }
    /// Signed shares of `asset` (negative = short).
    func position(of asset: Int) -> Double
    /// The signed positions of every asset, by asset index (valid while the broker lives; read
    /// only between executions).
    var positions: UnsafeBufferPointer<Double> { get }
    /// Takes the account as valued at the latest closes, for the checks of the fills that follow.
    mutating func mark(_ valuation: Valuation)
    /// Debits a charge that is not a fill (borrow fees).
    mutating func charge(_ amount: Double)
    /// Executes one order now, or rejects it whole.
    mutating func execute(_ request: ExecutionRequest) -> ExecutionOutcome
}
