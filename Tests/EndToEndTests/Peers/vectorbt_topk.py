#!/usr/bin/env python3
"""The top_k template (equal weights, long only, cash account) run in vectorbt 1.2.0 with a custom
order function (``Portfolio.from_order_func``, numba).

vectorbt does the accounting: one group of every asset sharing cash (``cash_sharing=True``,
``group_by=True``), ``init_cash``, market orders of ``size_type=Amount`` at the price passed in,
``fees=rate`` (``value * rate``), ``direction=LongOnly``, and **``allow_partial=False``** (the
default True shrinks a buy to what cash pays; with False vectorbt rejects it whole, status
``Rejected``, info ``PartialFill`` / ``CantCoverFees`` / ``NoCashLong``).  Its group value at the
close is ``E``.  What the peer adds is only the decision, in numba, inside vectorbt's loop:

* vectorbt row ``i`` is bar ``i``; the orders of row ``i`` are those decided on the close of bar
  ``i - 1`` and fill at ``open[i]`` (the price passed to ``order_nb``).  ``segment_mask`` is True on
  the rows after a rebalance bar (``topk_common.schedule``); orders decided on the last bar have no
  row to fill on.
* ``pre_segment_func_nb`` of row ``i``: ``E = c.last_value[group]`` (vectorbt's value at the close
  of ``i - 1``: cash plus each position times the close), positions ``c.last_position``; candidates
  the assets with a finite signal at ``i - 1``, ranked by ``argsort(-signal, kind='mergesort')``
  (signal descending, ties by ascending column); held assets among the first ``k + rank_buffer``
  stay (at most k), the best of the rest fill up to k; target ``floor(min(fraction * E / k,
  max_weight * E) / close[i - 1])``, every other asset 0; size = target - position.  It then
  rewrites ``c.call_seq_now`` in place: the sells, ascending column, then the buys, ascending
  (vectorbt's default sequence is plain ascending column; buys before sells breaks agreement when
  cash binds, and so does ``allow_partial=True``: both verified on the cash-binding case).
* ``post_order_func_nb`` records each rejected order; any status other than Filled, Ignored
  (size 0) or a cash rejection aborts the run.

Not expressible here: ``short_k`` (vectorbt's short selling keeps debt and free cash, with no
initial-margin or leverage check like the engine's margin account) and the other weightings; the
plain-Python transcription (reference_topk.py) covers those.

Writes DIR/fills.csv, DIR/equity.csv, DIR/summary.json and DIR/rejections.csv.

Example:
    python3 vectorbt_topk.py --data bars.csv --out vbt --k 10 --every 20 --commission 0.001
"""
import argparse
import sys
import time

import numpy as np
import vectorbt as vbt
from numba import njit
from vectorbt.portfolio.enums import Direction, NoOrder, OrderSide, OrderStatus, OrderStatusInfo, SizeType
from vectorbt.portfolio.nb import order_nb

from canonical_common import load_grid, write_outputs
from topk_common import add_topk_args, schedule, write_rejections

CASH_REJECTIONS = (OrderStatusInfo.PartialFill, OrderStatusInfo.CantCoverFees, OrderStatusInfo.NoCashLong)


@njit
def pre_segment_nb(c, decided, signal, closes, k, rank_buffer, fraction, max_weight, sizes):
    """Decide the orders of row ``c.i`` (on the close of row ``c.i - 1``) and order the calls."""
    n = c.to_col - c.from_col
    for a in range(n):
        sizes[a] = 0.0
    t = c.i - 1
    if t < 0 or not decided[t]:
        return (sizes,)
    equity = c.last_value[c.group]
    key = np.empty(n)
    count = 0
    for a in range(n):
        if np.isfinite(signal[t, a]):
            key[a] = -signal[t, a]
            count += 1
        else:
            key[a] = np.inf
    order = np.argsort(key, kind="mergesort")[:count]
    chosen = np.zeros(n, dtype=np.bool_)
    taken = 0
    for r in range(min(count, k + rank_buffer)):
        a = order[r]
        if taken < k and c.last_position[c.from_col + a] > 0:
            chosen[a] = True
            taken += 1
    for r in range(count):
        a = order[r]
        if taken < k and not chosen[a]:
            chosen[a] = True
            taken += 1
    for a in range(n):
        target = 0.0
        if chosen[a]:
            value = fraction * equity / k
            if value > max_weight * equity:
                value = max_weight * equity
            shares = value / closes[t, a]
            target = np.floor(shares) if shares >= 1 else 0.0
        sizes[a] = target - c.last_position[c.from_col + a]
    slot = 0
    for selling in (True, False):
        for a in range(n):
            if (selling and sizes[a] < 0) or (not selling and sizes[a] > 0):
                c.call_seq_now[slot] = a
                slot += 1
    for a in range(n):
        if sizes[a] == 0:
            c.call_seq_now[slot] = a
            slot += 1
    return (sizes,)


@njit
def order_nb_func(c, sizes, opens, commission):
    """A market order of the decided size at this bar's open, rejected whole when cash is short."""
    size = sizes[c.col - c.from_col]
    if size == 0:
        return NoOrder
    return order_nb(size=size, price=opens[c.i, c.col], size_type=SizeType.Amount,
                    direction=Direction.LongOnly, fees=commission, allow_partial=False)


@njit
def post_order_nb(c, sizes, outcome, requested):
    """outcome[i, col]: 1 filled, -1 rejected for cash, -2 anything else (aborts the run);
    requested[i, col]: the size asked for."""
    requested[c.i, c.col] = sizes[c.col - c.from_col]
    status, info = c.order_result.status, c.order_result.status_info
    if status == OrderStatus.Filled:
        outcome[c.i, c.col] = 1
    elif status == OrderStatus.Rejected and (
            info == CASH_REJECTIONS[0] or info == CASH_REJECTIONS[1] or info == CASH_REJECTIONS[2]):
        outcome[c.i, c.col] = -1
    elif status != OrderStatus.Ignored:
        outcome[c.i, c.col] = -2


def run(grid, cfg):
    """Run vectorbt; return (fills, equity, rejections)."""
    T, n = grid.n_bars, grid.n_assets
    f = grid.fields
    opens = np.array(f["open"], dtype=np.float64).reshape(T, n)
    closes = np.array(f["close"], dtype=np.float64).reshape(T, n)
    signal = np.array(f[cfg.signal], dtype=np.float64).reshape(T, n)
    decided = np.array(schedule(grid.times, cfg.every, cfg.calendar), dtype=np.bool_)
    segment_mask = np.zeros((T, 1), dtype=np.bool_)
    segment_mask[1:, 0] = decided[:-1]
    outcome = np.zeros((T, n), dtype=np.int64)
    requested = np.zeros((T, n))
    max_weight = np.inf if cfg.max_weight is None else cfg.max_weight
    pf = vbt.Portfolio.from_order_func(
        closes, order_nb_func, opens, cfg.commission,
        init_cash=cfg.cash, cash_sharing=True, group_by=True, segment_mask=segment_mask,
        pre_segment_func_nb=pre_segment_nb,
        pre_segment_args=(decided, signal, closes, cfg.k, cfg.rank_buffer, cfg.fraction, max_weight,
                          np.zeros(n)),
        post_order_func_nb=post_order_nb, post_order_args=(outcome, requested),
    )
    if (outcome == -2).any():
        i, col = np.argwhere(outcome == -2)[0]
        raise RuntimeError(f"unexpected order status at row {i}, {grid.assets[col]}")
    fills = []
    for r in pf.orders.values:
        side = "buy" if r["side"] == OrderSide.Buy else "sell"
        fills.append((int(r["idx"]), grid.assets[int(r["col"])], side, int(r["size"]), float(r["price"]),
                      float(r["fees"])))
    rejections = [(int(i) - 1, grid.assets[int(col)], "buy", int(requested[i, col]), "insufficient_cash")
                  for i, col in np.argwhere(outcome == -1)]
    equity = [float(v) for v in np.asarray(pf.value()).reshape(-1)]
    return fills, equity, rejections


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_topk_args(ap)
    cfg = ap.parse_args()
    started = time.perf_counter()
    grid = load_grid(cfg.data)
    fills, equity, rejections = run(grid, cfg)
    summary = write_outputs(cfg.out, fills, grid.times, equity, len(rejections), cfg.cash)
    write_rejections(cfg.out, grid.times, rejections)
    print(f"vectorbt_topk: {grid.n_assets} assets x {grid.n_bars} bars, {summary['n_fills']} fills, "
          f"{len(rejections)} rejected, final equity {summary['final_equity']!r}, "
          f"{time.perf_counter() - started:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
