#!/usr/bin/env python3
"""Plain-Python reference for the canonical parity strategy (independent of backtrader).

A literal transcription of the event loop in ``canonical-strategy.md``:
for each bar t, (1) fill pending SELLs then BUYs at ``open[t]`` in ascending
asset order (a buy is rejected whole when ``value + commission > cash``),
(2) mark to market at ``close[t]``, (3) decide on the close: flat and
``ml_pred > 0.8 and confidence > 0.7`` -> BUY ``floor(A / close)`` shares,
long and ``ml_pred < 0.4`` -> SELL all.  ``A = alloc * cash0 / N`` is fixed.
Orders from the last bar never fill; open positions are not liquidated.

Writes DIR/fills.csv, DIR/equity.csv and DIR/summary.json (see
canonical_common.py for the formats).

Example:
    python3 reference_canonical.py --data bars.csv --out ref_out
"""
import argparse
import math
import sys
import time

from canonical_common import add_common_args, load_grid, write_outputs


def run(grid, alloc_fraction, initial_cash, commission_rate):
    """Run the event loop; return (fills, equity, n_rejected)."""
    n = grid.n_assets
    opens, closes = grid.fields["open"], grid.fields["close"]
    preds, confs = grid.fields["ml_pred"], grid.fields["confidence"]
    alloc = alloc_fraction * initial_cash / n
    cash = initial_cash
    position = [0] * n
    pending_buy = [0] * n        # qty of a pending BUY, 0 = none
    pending_sell = [False] * n
    fills, equity, n_rejected = [], [], 0

    for t in range(grid.n_bars):
        o = opens[t]
        # 1.1 sells first, ascending asset order
        for a in range(n):
            if pending_sell[a]:
                qty = position[a]
                value = qty * o[a]
                commission = value * commission_rate
                cash = cash + value - commission
                position[a] = 0
                fills.append((t, grid.assets[a], "sell", qty, o[a], commission))
        # 1.2 then buys, ascending asset order, each seeing the cash left so far
        for a in range(n):
            qty = pending_buy[a]
            if qty:
                value = qty * o[a]
                commission = value * commission_rate
                if value + commission > cash:
                    n_rejected += 1
                    continue
                cash = cash - value - commission
                position[a] = qty
                fills.append((t, grid.assets[a], "buy", qty, o[a], commission))
        # 1.3 clear pending orders
        pending_buy = [0] * n
        pending_sell = [False] * n
        # 2. mark to market at the close
        c = closes[t]
        eq = cash
        for a in range(n):
            eq += position[a] * c[a]
        equity.append(eq)
        # 3. decide on the close (orders from the last bar are simply never filled)
        if t == grid.n_bars - 1:
            break
        p, cf = preds[t], confs[t]
        for a in range(n):
            if position[a] == 0 and p[a] > 0.8 and cf[a] > 0.7:
                qty = math.floor(alloc / c[a])
                if qty >= 1:
                    pending_buy[a] = qty
            elif position[a] > 0 and p[a] < 0.4:
                pending_sell[a] = True
    return fills, equity, n_rejected


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(ap)
    args = ap.parse_args()
    started = time.perf_counter()
    grid = load_grid(args.data)
    fills, equity, n_rejected = run(grid, args.alloc, args.cash, args.commission)
    summary = write_outputs(args.out, fills, grid.times, equity, n_rejected, args.cash)
    print(f"reference: {grid.n_assets} assets x {grid.n_bars} bars, {summary['n_fills']} fills, "
          f"{n_rejected} rejected, final equity {summary['final_equity']!r}, "
          f"{time.perf_counter() - started:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
