#!/usr/bin/env python3
"""Plain-Python transcription of the threshold, rules, target_weights and regime templates (and
top_k inside a regime), independent of the engine: the golden runs of GoldenRunTests.

The event loop is the engine's contract (architecture.md "Engine semantics"): for each bar t,
(1) the orders decided on the previous close fill at ``open[t]`` (``account_common.Account``:
sells before buys, ascending asset, commission, the cash or margin checks), (2) ``equity[t]`` is
marked at the closes, (3) the template decides on the close (``templates_common``), its market
orders filling at the next open. Orders decided on the last bar never fill (``n_unfilled_last``);
open positions are valued, not liquidated.

``--strategy`` is the spec's ``strategy`` object as the API takes it (JSON, inline or a file):
``{"template": "rules", "params": {"entry": "...", "exit": "..."}}``. ``--golden-columns`` adds the
derived columns of ``golden_columns.py`` (``weight``, ``long_short_weight``, ``ctx.vix``).

Writes DIR/fills.csv, DIR/equity.csv, DIR/summary.json (canonical_common.py formats; summary adds
``n_unfilled_last``, ``n_rejected_by_reason``, ``n_short_entries`` and, for a regime,
``n_switches``) and DIR/rejections.csv.

Example:
    python3 reference_templates.py --data golden.csv --out out/rules_a --commission 0.001 \\
        --strategy '{"template": "rules", "params": {"entry": "ml_pred > 0.8", "exit": "ml_pred < 0.4"}}'
"""
import argparse
import json
import os
import sys
import time
import types

from account_common import Account, per_share, percent
from canonical_common import add_common_args, load_grid, write_outputs
from golden_columns import add_golden_columns
from templates_common import make
from topk_common import write_rejections


def run(grid, context, strategy, account, initial_cash):
    """Run the event loop; return (equity, n_unfilled_last, the template)."""
    state = types.SimpleNamespace(grid=grid, context=context, account=account, initial_cash=initial_cash)
    template = make(strategy, state)
    pending, equity, unfilled = {}, [], 0
    for t in range(grid.n_bars):
        account.settle(t, pending, grid.fields["open"][t])
        e = account.mark(t, grid.fields["close"][t])
        equity.append(e)
        pending = template.decide(t, e)
        if t == grid.n_bars - 1:
            unfilled = len(pending)
    return equity, unfilled, template


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(ap)
    ap.add_argument("--strategy", required=True, help="the strategy object (JSON, or a path to a JSON file)")
    ap.add_argument("--golden-columns", action="store_true", help="add golden_columns.py's derived columns")
    ap.add_argument("--per-share-rate", type=float, default=None, help="per-share commission (replaces --commission)")
    ap.add_argument("--per-share-min", type=float, default=0.0)
    ap.add_argument("--margin", action="store_true", help="a margin account (initial margin 0.5, leverage 2)")
    cfg = ap.parse_args()
    text = cfg.strategy
    strategy = json.load(open(text)) if os.path.exists(text) else json.loads(text)
    started = time.perf_counter()
    grid, context = load_grid(cfg.data), {}
    if cfg.golden_columns:
        add_golden_columns(grid, context)
    fee = percent(cfg.commission) if cfg.per_share_rate is None else per_share(cfg.per_share_rate, cfg.per_share_min)
    account = Account(grid.assets, cfg.cash, fee, margin=cfg.margin)
    equity, unfilled, template = run(grid, context, strategy, account, cfg.cash)
    reasons = {}
    for r in account.rejections:
        reasons[r[4]] = reasons.get(r[4], 0) + 1
    extra = {"n_unfilled_last": unfilled, "n_rejected_by_reason": reasons, "n_short_entries": account.short_entries}
    if hasattr(template, "switches"):
        extra["n_switches"] = template.switches
    summary = write_outputs(cfg.out, account.fills, grid.times, equity, len(account.rejections), cfg.cash,
                            extra_summary=extra)
    write_rejections(cfg.out, grid.times, account.rejections)
    print(f"reference_templates {strategy['template']}: {summary['n_fills']} fills, {len(account.rejections)} "
          f"rejected {reasons}, final equity {summary['final_equity']!r}, {time.perf_counter() - started:.2f}s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
