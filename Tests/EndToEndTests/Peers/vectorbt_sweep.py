#!/usr/bin/env python3
"""A grid of the threshold template run in vectorbt 1.2.0 as one broadcast ``Portfolio.from_signals``.

The canonical settings of ``vectorbt_canonical.py`` (shift down one row, ``price=open``,
``size_type='amount'``, ``fees``, ``longonly``, ``accumulate=False``, ``allow_partial=False``,
the explicit exits-then-entries ``call_seq``, ``engine='numba'``) with every combination of the
grid as its own group of columns: combination ``g`` holds columns ``g * N .. g * N + N - 1`` (one
per asset), ``cash_sharing=True`` and ``group_by`` one label per combination, so each group is the
server's backtest of that combination.  ``log=False`` (the canonical script logs to count
rejections; a sweep needs only the equity, and logging 126 M records would not fit).

``--grid`` is the sweep's grid as ``POST /v1/sweeps`` takes it: a JSON object from the spec paths
``strategy.params.entry_above``, ``strategy.params.exit_below`` and
``strategy.params.filters[0].value`` (the confidence minimum, ``confidence > value``) to value
lists; combinations are in the server's order (the last path varies fastest).  A path left out
takes the canonical value (0.8, 0.4, 0.7).

Memory: 1,000 combinations x 100 assets x 1,260 bars are 126 M cells, about 1 GB per float64
array; close, open, size and call_seq are four of them (entries and exits are bytes), plus the
order records: one call over the whole grid peaks at about 9 GB resident and spends most of its
input building faulting in fresh pages.  ``--chunk C`` runs C combinations per call instead (0,
the default: all in one call); every figure is then the sum over the chunks, which is still
vectorbt's whole cost of the grid.

With ``--time-runs K`` it runs a two-combination slice once (numba compiles), then the whole grid K
times, and prints one JSON line of medians: ``median_seconds`` (``from_signals`` alone, the figure
to compare with) and ``bar_events_per_second`` over it; ``kernel_median_seconds``, the part of it
spent in vectorbt's numba simulation itself (``dispatch.simulate_from_signals``, timed by a
wrapper; the rest is vectorbt broadcasting and wrapping the arrays in pandas);
``prepare_median_seconds`` (building the broadcast inputs) and ``final_value_median_seconds``
(``Portfolio.final_value()``).  Writes ``OUT/final_equity.csv``: ``combination``, one column per
path, ``final_equity`` (repr of the double), from the last run.

Example:
    python3 vectorbt_sweep.py --data bars.csv --out vbt_sweep --time-runs 3 \\
        --grid '{"strategy.params.entry_above": [0.5, 0.6], "strategy.params.exit_below": [0.4]}'
"""
import argparse
import csv
import itertools
import json
import os
import statistics
import sys
import time

import numpy as np
import vectorbt as vbt
from vectorbt.portfolio import dispatch

from canonical_common import add_common_args, load_grid

ENGINE = "numba"
ENTRY, EXIT, CONFIDENCE = "strategy.params.entry_above", "strategy.params.exit_below", "strategy.params.filters[0].value"
CANONICAL = {ENTRY: 0.8, EXIT: 0.4, CONFIDENCE: 0.7}
DEFAULT_GRID = {
    ENTRY: [round(0.50 + 0.05 * i, 2) for i in range(10)],
    EXIT: [round(0.05 + 0.05 * i, 2) for i in range(10)],
    CONFIDENCE: [round(0.45 + 0.05 * i, 2) for i in range(10)],
}


def combinations(grid):
    """The grid's combinations in the server's order, each a dict with all three parameters."""
    paths = list(grid)
    unknown = [p for p in paths if p not in CANONICAL]
    if unknown:
        raise SystemExit(f"--grid: unknown path(s) {unknown}; expected some of {list(CANONICAL)}")
    return paths, [{**CANONICAL, **dict(zip(paths, values))} for values in itertools.product(*grid.values())]


def base_arrays(bars, alloc_fraction, initial_cash):
    """(open, close, pred, conf, qty) as (T, N) arrays; qty = floor(A / close) decided on the close."""
    shape = (bars.n_bars, bars.n_assets)
    f = bars.fields
    opens, closes, preds, confs = (np.array(f[k], dtype=np.float64).reshape(shape)
                                   for k in ("open", "close", "ml_pred", "confidence"))
    qty = np.floor(alloc_fraction * initial_cash / bars.n_assets / closes)
    return opens, closes, preds, confs, qty


def shift_down(a, fill):
    """``a`` moved down one row along axis 0 (row 0 = ``fill``, the last row falls off)."""
    out = np.empty_like(a)
    out[0] = fill
    out[1:] = a[:-1]
    return out


def build_inputs(base, combos):
    """The broadcast inputs of ``combos``: (T, G * N) arrays, group g's columns g * N .. g * N + N - 1."""
    opens, closes, preds, confs, qty = base
    t, n = closes.shape
    g = len(combos)
    entry = np.array([c[ENTRY] for c in combos])[None, :, None]
    exit_ = np.array([c[EXIT] for c in combos])[None, :, None]
    conf_min = np.array([c[CONFIDENCE] for c in combos])[None, :, None]
    raw_entries = (preds[:, None, :] > entry) & (confs[:, None, :] > conf_min) & (qty >= 1.0)[:, None, :]
    raw_exits = np.broadcast_to(preds[:, None, :] < exit_, (t, g, n))
    entries = shift_down(raw_entries, False)
    exits = shift_down(raw_exits, False)
    # Per row and group: exit-signal columns, then entry-signal columns, then the rest, each ascending.
    rank = np.where(exits, 0, np.where(entries, 1, 2)).astype(np.int8)
    call_seq = np.asfortranarray(np.argsort(rank, axis=2, kind="stable").reshape(t, g * n).astype(np.int64))
    return dict(
        close=np.tile(closes, (1, g)),
        price=np.tile(opens, (1, g)),
        size=np.tile(shift_down(qty, np.nan), (1, g)),
        entries=entries.reshape(t, g * n),
        exits=exits.reshape(t, g * n),
        call_seq=call_seq,
        group_by=np.repeat(np.arange(g), n),
    )


KERNEL_SECONDS = [0.0]


def _timed_kernel(kernel):
    """``kernel`` (vectorbt's numba simulation, which from_signals calls) adding its wall time to KERNEL_SECONDS."""
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return kernel(*args, **kwargs)
        finally:
            KERNEL_SECONDS[0] += time.perf_counter() - start
    return timed


dispatch.simulate_from_signals = _timed_kernel(dispatch.simulate_from_signals)


def simulate(inputs, initial_cash, commission_rate):
    """``Portfolio.from_signals`` over the broadcast inputs, canonical settings, one group per combination."""
    return vbt.Portfolio.from_signals(
        close=inputs["close"], entries=inputs["entries"], exits=inputs["exits"], size=inputs["size"],
        size_type="amount", price=inputs["price"], fees=commission_rate, direction="longonly",
        accumulate=False, allow_partial=False, init_cash=initial_cash, cash_sharing=True,
        group_by=inputs["group_by"], call_seq=inputs["call_seq"], log=False, engine=ENGINE)


def run_grid(base, combos, chunk, args):
    """One pass over every combination: (final equities, prepare s, simulate s, final_value s, kernel s)."""
    chunk = chunk or len(combos)
    equities, prepare, simulation, valuation = [], 0.0, 0.0, 0.0
    KERNEL_SECONDS[0] = 0.0
    for start in range(0, len(combos), chunk):
        clock = time.perf_counter()
        inputs = build_inputs(base, combos[start:start + chunk])
        prepare += time.perf_counter() - clock
        clock = time.perf_counter()
        pf = simulate(inputs, args.cash, args.commission)
        simulation += time.perf_counter() - clock
        clock = time.perf_counter()
        equities.extend(float(v) for v in np.asarray(pf.final_value()).reshape(-1))
        valuation += time.perf_counter() - clock
        del pf, inputs
    return equities, prepare, simulation, valuation, KERNEL_SECONDS[0]


def write_equities(out_dir, paths, combos, equities):
    """OUT/final_equity.csv: combination, the swept paths, final_equity."""
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "final_equity.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["combination", *paths, "final_equity"])
        for c, (combo, equity) in enumerate(zip(combos, equities)):
            w.writerow([c, *(repr(combo[p]) for p in paths), repr(equity)])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(ap)
    ap.add_argument("--grid", help="the sweep's grid as JSON (or @file); default 10 x 10 x 10")
    ap.add_argument("--chunk", type=int, default=0, help="combinations per from_signals call (0: all)")
    ap.add_argument("--time-runs", type=int, default=0, help="time the whole grid this many times")
    args = ap.parse_args()
    grid = DEFAULT_GRID
    if args.grid:
        grid = json.load(open(args.grid[1:])) if args.grid.startswith("@") else json.loads(args.grid)
    paths, combos = combinations(grid)
    started = time.perf_counter()
    bars = load_grid(args.data)
    base = base_arrays(bars, args.alloc, args.cash)
    loaded = time.perf_counter() - started
    # Numba compiles on the first call; a two-combination slice has the same types.
    clock = time.perf_counter()
    run_grid(base, combos[:2], 0, args)
    warm = time.perf_counter() - clock
    runs = []
    for _ in range(max(1, args.time_runs)):
        equities, *seconds = run_grid(base, combos, args.chunk, args)
        runs.append(seconds)
    write_equities(args.out, paths, combos, equities)
    events = len(combos) * bars.n_assets * bars.n_bars
    print(f"vectorbt sweep: {len(combos)} combinations x {bars.n_assets} assets x {bars.n_bars} bars, "
          f"load {loaded:.2f}s, warm-up {warm:.2f}s, runs (prepare, simulate, final_value, kernel) "
          f"{[tuple(round(s, 2) for s in r) for r in runs]}", file=sys.stderr)
    if args.time_runs > 0:
        prepare, simulation, valuation, kernel = (statistics.median(r[i] for r in runs) for i in range(4))
        print(json.dumps({
            "engine": "vectorbt", "combinations": len(combos), "assets": bars.n_assets, "bars": bars.n_bars,
            "bar_events": events, "chunk": args.chunk or len(combos), "runs": len(runs),
            "median_seconds": simulation, "bar_events_per_second": events / simulation,
            "prepare_median_seconds": prepare, "final_value_median_seconds": valuation,
            "kernel_median_seconds": kernel,
            "simulate_seconds": [r[1] for r in runs]}))


if __name__ == "__main__":
    main()
