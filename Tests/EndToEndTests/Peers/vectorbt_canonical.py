#!/usr/bin/env python3
"""The canonical parity strategy run in vectorbt 1.2.0 (``Portfolio.from_signals``).

Settings (each one is needed for exact agreement, see canonical-strategy.md):
raw entry/exit/size are computed on bar ``t`` and **shifted down one row**
(an order decided on bar t fills at ``open[t+1]``; the last bar's decisions
fall off the end); ``price=open``, ``size_type='amount'``,
``fees=commission_rate``, ``direction='longonly'``, ``accumulate=False``,
``allow_partial=False`` (the default True silently shrinks unaffordable
buys), ``cash_sharing=True, group_by=True`` and an explicit 2-D ``call_seq``
that, on every row, lists the exit-signal columns first, then the
entry-signal columns, then the rest, each ascending (neither ``'default'``
nor ``'auto'`` matches when cash binds).  The engine is pinned to
``'numba'`` (``'auto'`` switches to Rust when ``vectorbt-rust`` is installed).

With ``accumulate=False`` an entry while long and an exit while flat are
ignored by vectorbt itself, so the signals need no position state; an exit
closes the whole position whatever ``size`` says.  The entry quantity
``floor(A / close[t])`` is fixed at decision time and travels in ``size``.

Rejections: with ``log=True`` every order vectorbt processes leaves a log
record; a buy it refuses for cash has ``res_status == Rejected`` and
``res_status_info`` ``PartialFill`` (allow_partial=False), ``NoCashLong``
(cash exactly 0) or ``CantCoverFees``.  These are counted in ``n_rejected``;
any other non-filled status aborts the run.

Fills come from the order records (``idx`` = fill bar, ``price`` = the open
passed in, so bit-identical; ``fees`` = ``size * price * rate``); equity is
the group's ``Portfolio.value()`` (cash + sum of position * close).

Writes DIR/fills.csv, DIR/equity.csv and DIR/summary.json (see
canonical_common.py for the formats).

With ``--time-runs K`` it then reruns the simulation alone K times (numba is warm by
then) and prints one JSON line with the median seconds and bar-events per second, which
the benchmark program reads to compare engines in one run.

Example:
    python3 vectorbt_canonical.py --data bars.csv --out vbt_out
"""
import json
import statistics
import argparse
import sys
import time

import numpy as np
import vectorbt as vbt
from vectorbt.portfolio.enums import OrderSide, OrderStatus, OrderStatusInfo

from canonical_common import add_common_args, load_grid, write_outputs

ENGINE = "numba"
CASH_REJECTIONS = (OrderStatusInfo.PartialFill, OrderStatusInfo.NoCashLong, OrderStatusInfo.CantCoverFees)


def shift_down(a, fill):
    """Return ``a`` moved down one row (row 0 = ``fill``, the last row falls off)."""
    out = np.empty_like(a)
    out[0] = fill
    out[1:] = a[:-1]
    return out


def build_inputs(grid, alloc_fraction, initial_cash, fractional=False):
    """Return (open, close, entries, exits, size, call_seq) as (T, N) arrays, already shifted."""
    f = grid.fields
    opens = np.array(f["open"], dtype=np.float64).reshape(grid.n_bars, grid.n_assets)
    closes = np.array(f["close"], dtype=np.float64).reshape(grid.n_bars, grid.n_assets)
    preds = np.array(f["ml_pred"], dtype=np.float64).reshape(grid.n_bars, grid.n_assets)
    confs = np.array(f["confidence"], dtype=np.float64).reshape(grid.n_bars, grid.n_assets)
    alloc = alloc_fraction * initial_cash / grid.n_assets
    # A fractional account (``--fractional``) trades the exact quantity, a whole-share one floors it.
    qty = alloc / closes if fractional else np.floor(alloc / closes)
    raw_entries = (preds > 0.8) & (confs > 0.7) & (qty > 0.0 if fractional else qty >= 1.0)
    raw_exits = preds < 0.4
    entries = shift_down(raw_entries, False)
    exits = shift_down(raw_exits, False)
    size = shift_down(qty, np.nan)
    # Per row: exit-signal columns, then entry-signal columns, then the rest, each ascending.
    rank = np.where(exits, 0, np.where(entries, 1, 2)).astype(np.int64)
    call_seq = np.argsort(rank, axis=1, kind="stable").astype(np.int64)
    return opens, closes, entries, exits, size, call_seq


def simulate(opens, closes, entries, exits, size, call_seq, initial_cash, commission_rate, engine=ENGINE):
    """Run ``Portfolio.from_signals`` with the canonical settings; return the portfolio."""
    return vbt.Portfolio.from_signals(
        close=closes,
        entries=entries,
        exits=exits,
        size=size,
        size_type="amount",
        price=opens,
        fees=commission_rate,
        direction="longonly",
        accumulate=False,
        allow_partial=False,
        init_cash=initial_cash,
        cash_sharing=True,
        group_by=True,
        call_seq=call_seq,
        log=True,
        engine=engine,
    )


def run(grid, alloc_fraction, initial_cash, commission_rate, fractional=False):
    """Run vectorbt; return (fills, equity, n_rejected)."""
    opens, closes, entries, exits, size, call_seq = build_inputs(grid, alloc_fraction, initial_cash, fractional)
    pf = simulate(opens, closes, entries, exits, size, call_seq, initial_cash, commission_rate)
    fills = []
    for r in pf.orders.values:
        side = "buy" if r["side"] == OrderSide.Buy else "sell"
        fills.append((int(r["idx"]), grid.assets[int(r["col"])], side, float(r["size"]) if fractional else int(r["size"]),
                      float(r["price"]), float(r["fees"])))
    n_rejected, unexpected = 0, []
    for r in pf.logs.values:
        if r["res_status"] == OrderStatus.Filled:
            continue
        if r["res_status"] == OrderStatus.Rejected and r["req_size"] > 0 and r["res_status_info"] in CASH_REJECTIONS:
            n_rejected += 1
        else:
            unexpected.append((int(r["idx"]), grid.assets[int(r["col"])], int(r["res_status"]),
                               int(r["res_status_info"])))
    if unexpected:
        raise RuntimeError(f"unexpected order statuses (idx, asset, status, info): {unexpected[:5]}")
    equity = [float(v) for v in np.asarray(pf.value()).reshape(-1)]
    if len(equity) != grid.n_bars:
        raise RuntimeError(f"value() has {len(equity)} rows for {grid.n_bars} bars")
    return fills, equity, n_rejected


def time_simulation(grid, args, runs):
    """Median seconds of ``simulate`` alone over ``runs`` warm runs, as a JSON-ready dict."""
    inputs = build_inputs(grid, args.alloc, args.cash)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        simulate(*inputs, args.cash, args.commission)
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    events = grid.n_bars * grid.n_assets
    return {"engine": "vectorbt", "bar_events": events, "median_seconds": median,
            "bar_events_per_second": events / median}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(ap)
    ap.add_argument("--fractional", action="store_true", help="size entries to the exact alloc / close")
    ap.add_argument("--time-runs", type=int, default=0, help="also time the simulation alone this many times")
    args = ap.parse_args()
    started = time.perf_counter()
    grid = load_grid(args.data)
    fills, equity, n_rejected = run(grid, args.alloc, args.cash, args.commission, args.fractional)
    summary = write_outputs(args.out, fills, grid.times, equity, n_rejected, args.cash)
    print(f"vectorbt: {grid.n_assets} assets x {grid.n_bars} bars, {summary['n_fills']} fills, "
          f"{n_rejected} rejected, final equity {summary['final_equity']!r}, "
          f"{time.perf_counter() - started:.2f}s", file=sys.stderr)
    if args.time_runs > 0:
        print(json.dumps(time_simulation(grid, args, args.time_runs)))


if __name__ == "__main__":
    main()
