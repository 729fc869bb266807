// The price range each open position has seen, for its trade's maximum favorable and adverse
// excursions: its fill prices and the closes it was held through. Hand-tuned: it runs in the
// valuation's pass over the held positions, on the close that pass has just loaded. (Bar highs and
// lows were measured here first: reading them for the held rows missed the cache on nearly every
// row and cost about a sixth of the canonical run.)

extension Simulation {
    /// Widens held position `a`'s range with its close `close` at bar `t`, when its range counts from
    /// `t` on (a position opened at a bar's close counts from the next bar).
    @inline(__always)
    func noteExcursion(of a: Int, close: Double, bar t: Int, _ slots: SlotBuffers) {
        guard slots.excursionFrom[a] <= t else { return }
        slots.excursionHigh[a] = max(slots.excursionHigh[a], close)
        slots.excursionLow[a] = min(slots.excursionLow[a], close)
    }

    /// Starts the range of a position just opened (or flipped) at `price` on bar `t`.
    @inline(__always)
    func startExcursion(asset: Int, price: Double, bar t: Int, _ slots: SlotBuffers) {
        slots.excursionHigh[asset] = price
        slots.excursionLow[asset] = price
        slots.excursionFrom[asset] = fillTiming == .sameClose ? t + 1 : t
    }
}
