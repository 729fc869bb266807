// What quantities an account trades: whole lots of shares, or (fractional accounts) any positive
// quantity, or multiples of a fractional step. Hot path: sizing and the participation cap round
// through it on every order.

/// Rounds quantities down to what the account trades.
///
/// Whole-share accounts trade multiples of `lot_size` shares (1 by default): a size below one lot
/// rounds to 0 (`quantity_rounds_to_zero`). Fractional accounts trade any positive quantity, or
/// multiples of their `lot_size` when one is given (a step such as 0.001, rounded in binary floating
/// point: `(q / step).rounded(.towardZero) × step`).
struct QuantityRounding {
    /// Whole-share lot (>= 1), or 0 for a fractional account.
    private let lot: Int
    /// A fractional account's step (> 0), or 0 for none (and for whole-share accounts).
    private let step: Double

    init(_ account: AccountTerms) {
        if account.fractional {
            lot = 0
            step = account.lotSize ?? 0
        } else {
            lot = Int(account.lotSize ?? 1)
            step = 0
        }
    }

    /// Whether every quantity is a whole number of shares.
    var isWhole: Bool { lot > 0 }

    /// `shares` rounded down to a tradable quantity; 0 when that is below the smallest one, and for
    /// NaN. Absurd sizes (1e300 shares) are clamped to 2^53, which the cash check then rejects.
    @inline(__always)
    func down(_ shares: Double) -> Double {
        if lot > 0 {
            guard shares >= 1 else { return 0 } // also NaN
            // floor by truncation (shares > 0), which needs no libm call.
            let whole = Int(min(shares, 9_007_199_254_740_992))
            return Double(lot == 1 ? whole : whole / lot * lot)
        }
        guard shares > 0 else { return 0 } // also NaN
        let clamped = min(shares, 9_007_199_254_740_992)
        return step == 0 ? clamped : (clamped / step).rounded(.towardZero) * step
    }

    /// Whether an explicit quantity is tradable as it is (`odd_lot` otherwise).
    ///
    /// Hand-tuned (every order placed asks): whole-share accounts test wholeness without
    /// `rounded(.towardZero)`, which the baseline x86-64 target compiles to a libm `trunc` call, and
    /// skip the integer division for the usual lot of 1 (out of line, the call was a seventh of
    /// placing an order's instructions). The same answer for every input: below 2^52 a value is
    /// whole iff converting it to `Int` and back gives it back; from 2^52 on every finite value and
    /// both infinities are whole, and NaN is not. `Int` still converts every whole quantity, so one
    /// out of its range traps as it did.
    @inline(__always)
    func accepts(_ quantity: Double) -> Bool {
        if lot > 0 {
            let isWhole =
                abs(quantity) < 4_503_599_627_370_496 ? quantity == Double(Int(quantity)) : !quantity.isNaN
            guard isWhole else { return false }
            let whole = Int(quantity)
            return lot == 1 || whole % lot == 0
        }
        return step == 0 || down(quantity) == quantity
    }
}
