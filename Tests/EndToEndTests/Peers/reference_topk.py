#!/usr/bin/env python3
"""Plain-Python transcription of the top_k template (independent of the engine and of vectorbt).

A literal transcription of the semantics (api-spec/openapi.yaml ``TopKParams``, SEMANTICS.md
section 7).  For each bar t:

1. fill the pending orders at ``open[t]`` (``account_common.Account``, shared with
   ``reference_templates.py``): every sell first, then every buy, each in ascending asset order; commission ``value * rate``.  Cash account: a buy is rejected whole when
   ``value + commission > cash`` (``insufficient_cash``).  Margin account (``--margin``: initial
   margin 0.5, max leverage 2): a fill that adds gross exposure is rejected when, after it,
   ``gross > equity * 2`` (``max_leverage``) or ``gross * 0.5 > equity`` (``insufficient_margin``),
   ``equity`` and ``gross`` as marked at the previous close and moved by each fill since (gross by
   ``(|after| - |before|) * price``, equity by minus the commission);
2. ``E = equity[t] = cash + holdings``, holdings summed over the assets in ascending order
   (``position * close``);
3. on a rebalance bar (``topk_common.schedule``), decide on the close: candidates are the assets
   with a finite signal (and for inverse_vol a finite volatility above 0), ranked by signal
   descending, ties by ascending asset.  Longs: held longs among the first ``k + rank_buffer``
   (at most k, best first), then the best of the rest up to k.  Shorts (``--short-k``): the same
   from the candidates left, ranked by signal ascending, ties by ascending asset.  Per side
   (``book = fraction * E``) each chosen asset's value is ``book / k`` (equal; ``book / short_k``
   for shorts), ``book * x / sum(x)`` with ``x = max(side * signal, 0)`` (signal), or
   ``book * (1 / sigma) / sum(1 / sigma)`` (inverse_vol; sigma the sample std, n - 1, of the last
   ``vol_lookback`` close-to-close returns ``close[s] / close[s-1] - 1``, mean and squares summed
   left to right), sums over the chosen in rank order; capped at ``max_weight * E``; target
   ``floor(value / close[t])`` shares (negative for shorts), every other asset 0.  The orders are
   target minus position.  Orders decided on the last bar never fill.

Writes DIR/fills.csv, DIR/equity.csv, DIR/summary.json (canonical_common.py formats; summary adds
``n_unfilled_last``, ``n_rejected_by_reason`` and ``n_short_entries``, the sells that leave a
short) and DIR/rejections.csv.

Example:
    python3 reference_topk.py --data bars.csv --out ref --k 10 --every 20 --commission 0.001
"""
import argparse
import math
import sys
import time

from account_common import Account, percent
from canonical_common import load_grid, write_outputs
from topk_common import add_topk_args, schedule, write_rejections


def volatility(closes, lookback):
    """sigma[t][a], NaN until ``lookback`` returns exist."""
    T, n = len(closes), len(closes[0])
    sigma = [[math.nan] * n for _ in range(T)]
    for a in range(n):
        returns = [math.nan] + [closes[t][a] / closes[t - 1][a] - 1.0 for t in range(1, T)]
        for t in range(lookback, T):
            w = returns[t - lookback + 1:t + 1]
            total = 0.0
            for x in w:
                total += x
            mean = total / lookback
            squares = 0.0
            for x in w:
                squares += (x - mean) * (x - mean)
            sigma[t][a] = math.sqrt(squares / (lookback - 1))
    return sigma


def floor_shares(x):
    """Whole shares: floor for x >= 1, else 0 (also NaN)."""
    return math.floor(x) if x >= 1 else 0


def choose(order, positions, k, buffer, sign, taken):
    """The chosen assets of one side: held ones (``sign * position > 0``) among the first
    ``k + buffer`` of ``order`` (at most k), then the best of the rest; skips ``taken``."""
    order = [a for a in order if a not in taken]
    chosen = [a for a in order[:k + buffer] if sign * positions[a] > 0][:k]
    for a in order:
        if len(chosen) >= k:
            break
        if a not in chosen:
            chosen.append(a)
    return set(chosen)


def targets(t, cfg, grid, positions, equity, sigma):
    """The target position of every asset decided on the close of bar t."""
    n = grid.n_assets
    sig, close = grid.fields[cfg.signal][t], grid.fields["close"][t]
    cands = [a for a in range(n) if math.isfinite(sig[a])]
    if cfg.weighting == "inverse_vol":
        cands = [a for a in cands if math.isfinite(sigma[t][a]) and sigma[t][a] > 0]
    ranked = sorted(cands, key=lambda a: (-sig[a], a))
    longs = choose(ranked, positions, cfg.k, cfg.rank_buffer, 1, set())
    shorts = set()
    if cfg.short_k:
        ascending = sorted(cands, key=lambda a: (sig[a], a))
        shorts = choose(ascending, positions, cfg.short_k, cfg.rank_buffer, -1, longs)
    target = [0] * n
    for side, chosen, places in ((1, longs, cfg.k), (-1, shorts, cfg.short_k)):
        in_rank = [a for a in ranked if a in chosen]
        book = cfg.fraction * equity
        if cfg.weighting == "signal":
            total = 0.0
            for a in in_rank:
                total += max(side * sig[a], 0.0)
        elif cfg.weighting == "inverse_vol":
            total = 0.0
            for a in in_rank:
                total += 1 / sigma[t][a]
        for a in in_rank:
            if cfg.weighting == "equal":
                value = book / places
            elif cfg.weighting == "signal":
                x = side * sig[a]
                value = book * x / total if x > 0 else 0.0
            else:
                value = book * (1 / sigma[t][a]) / total
            if cfg.max_weight is not None and value > cfg.max_weight * equity:
                value = cfg.max_weight * equity
            target[a] = side * floor_shares(value / close[a])
    return target


def run(grid, cfg):
    """Run the event loop; return (fills, equity, rejections, n_unfilled_last, n_short_entries)."""
    n = grid.n_assets
    rebalance = schedule(grid.times, cfg.every, cfg.calendar)
    sigma = volatility(grid.fields["close"], cfg.vol_lookback) if cfg.weighting == "inverse_vol" else None
    account = Account(grid.assets, cfg.cash, percent(cfg.commission), margin=cfg.margin)
    pending = {}  # asset -> signed quantity to trade at the next open
    equity, unfilled = [], 0
    for t in range(grid.n_bars):
        account.settle(t, pending, grid.fields["open"][t])
        pending = {}
        e = account.mark(t, grid.fields["close"][t])
        equity.append(e)
        if rebalance[t]:
            target = targets(t, cfg, grid, account.pos, e, sigma)
            pending = {a: target[a] - account.pos[a] for a in range(n) if target[a] != account.pos[a]}
            if t == grid.n_bars - 1:
                unfilled = len(pending)
    return account.fills, equity, account.rejections, unfilled, account.short_entries


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_topk_args(ap)
    ap.add_argument("--weighting", choices=["equal", "signal", "inverse_vol"], default="equal")
    ap.add_argument("--vol-lookback", type=int, default=20)
    ap.add_argument("--short-k", type=int, default=0, help="assets held short (needs --margin)")
    ap.add_argument("--margin", action="store_true", help="a margin account (initial margin 0.5, leverage 2)")
    cfg = ap.parse_args()
    if cfg.short_k and not cfg.margin:
        ap.error("--short-k needs --margin")
    started = time.perf_counter()
    grid = load_grid(cfg.data)
    fills, equity, rejections, unfilled, shorts = run(grid, cfg)
    reasons = {}
    for r in rejections:
        reasons[r[4]] = reasons.get(r[4], 0) + 1
    summary = write_outputs(cfg.out, fills, grid.times, equity, len(rejections), cfg.cash,
                            extra_summary={"n_unfilled_last": unfilled, "n_rejected_by_reason": reasons,
                                           "n_short_entries": shorts})
    write_rejections(cfg.out, grid.times, rejections)
    print(f"reference_topk: {grid.n_assets} assets x {grid.n_bars} bars, {summary['n_fills']} fills, "
          f"{len(rejections)} rejected {reasons}, final equity {summary['final_equity']!r}, "
          f"{time.perf_counter() - started:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
