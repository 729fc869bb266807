"""Shared configuration for the scenario peers (SEMANTICS.md): presets, CLI, counts.

Used by ``backtrader_scenarios.py`` and ``reference_scenarios.py`` (import it
from the same folder).  Each peer's event loop is its own; only the
parameters, the command line and the fill-derived counts live here.  Stdlib
only.

A configuration is a flat dict (``DEFAULTS`` below).  ``--scenario NAME``
starts from ``DEFAULTS`` updated by ``PRESETS[NAME]``; ``--params`` (a JSON
object, inline or a file path) and the individual flags override it.
"""
import argparse
import collections
import json
import os
import sys
import time

from canonical_common import load_grid, write_outputs

# The canonical strategy plus every scenario switch, off.
DEFAULTS = {
    "initial_cash": 1_000_000.0,
    "alloc": 0.95,             # sizing: floor(alloc * initial_cash / N / close[t]), fixed, not compounding
    "commission": 0.001,       # percentage of traded value (ignored when per_share_rate is set)
    "per_share_rate": None,    # $/share; commission = max(qty * rate, per_share_min) per fill
    "per_share_min": 0.0,
    "entry_above": 0.8,        # flat and ml_pred > entry_above and confidence > conf_above -> buy
    "conf_above": 0.7,
    "exit_below": 0.4,         # long and ml_pred < exit_below -> sell all
    "shorts": False,
    "short_below": 0.2,        # flat and ml_pred < short_below and confidence > conf_above -> sell short
    "cover_above": 0.6,        # short and ml_pred > cover_above -> buy to cover
    "stop_loss": None,         # fraction f: level fill * (1 - f) (long), fill * (1 + f) (short)
    "take_profit": None,       # fraction f: level fill * (1 + f) (long), fill * (1 - f) (short)
    "trailing_stop": None,     # fraction f: level c - c * f raised on each close (long)
    "max_bars": None,          # n: exit decided on the close of bar e + n - 1 (e = entry fill bar)
    "entry_type": "market",    # or "limit"
    "offset_bps": -10.0,       # limit = close[t] * (1 + offset_bps / 10000) (long; short mirrors the sign)
    "limit_bars": 3,           # a limit entry decided at t may fill at t+1 .. t+limit_bars
    "participation": None,     # percent of each bar's volume that may fill (FixedBarPerc)
}

PRESETS = {
    "canonical": {},
    "risk": {"stop_loss": 0.03, "take_profit": 0.04, "max_bars": 8},
    "short": {"shorts": True, "alloc": 0.5, "short_below": 0.2, "cover_above": 0.6},
    "limit": {"entry_type": "limit", "offset_bps": -10.0, "limit_bars": 3},
    "trailing": {"trailing_stop": 0.03},
    "per_share": {"per_share_rate": 0.005, "per_share_min": 1.0},
    "participation": {"participation": 10.0},
}

FILL_EXTRA = ["order_type", "reason", "level"]
RULE_REASONS = ("stop_loss", "trailing_stop", "take_profit")

# flag name -> (config key, type)
FLAGS = {
    "--cash": ("initial_cash", float), "--alloc": ("alloc", float), "--commission": ("commission", float),
    "--per-share-rate": ("per_share_rate", float), "--per-share-min": ("per_share_min", float),
    "--entry-above": ("entry_above", float), "--conf-above": ("conf_above", float),
    "--exit-below": ("exit_below", float), "--short-below": ("short_below", float),
    "--cover-above": ("cover_above", float), "--stop-loss": ("stop_loss", float),
    "--take-profit": ("take_profit", float), "--trailing-stop": ("trailing_stop", float),
    "--max-bars": ("max_bars", int), "--entry-type": ("entry_type", str),
    "--offset-bps": ("offset_bps", float), "--limit-bars": ("limit_bars", int),
    "--participation": ("participation", float),
}


class ConfigError(Exception):
    """A scenario configuration that the peers do not support."""


def validate(cfg):
    """Raise ConfigError for unknown keys or unsupported combinations."""
    unknown = sorted(set(cfg) - set(DEFAULTS))
    if unknown:
        raise ConfigError(f"unknown parameter(s) {unknown}")
    if cfg["entry_type"] not in ("market", "limit"):
        raise ConfigError("entry_type must be 'market' or 'limit'")
    if cfg["entry_type"] == "limit" and cfg["limit_bars"] < 1:
        raise ConfigError("limit_bars must be >= 1")
    if cfg["max_bars"] is not None and cfg["max_bars"] < 1:
        raise ConfigError("max_bars must be >= 1")
    for k in ("stop_loss", "take_profit", "trailing_stop"):
        if cfg[k] is not None and not 0.0 < cfg[k] < 1.0:
            raise ConfigError(f"{k} must be in (0, 1)")
    if cfg["participation"] is not None:
        if not 0.0 < cfg["participation"] <= 100.0:
            raise ConfigError("participation must be in (0, 100]")
        if has_rules(cfg) or cfg["max_bars"] is not None or cfg["entry_type"] != "market":
            raise ConfigError("participation is supported with market entries and no position rules only")
    return cfg


def has_rules(cfg):
    return any(cfg[k] is not None for k in RULE_REASONS)


def commission_of(cfg, qty, price):
    """Commission of one fill: percentage ``qty * rate * price`` (backtrader's
    operand order) or per share ``max(qty * rate, minimum)``."""
    if cfg["per_share_rate"] is not None:
        return max(qty * cfg["per_share_rate"], cfg["per_share_min"])
    return qty * cfg["commission"] * price


def parse_args(description):
    """Parse the command line; return (args, cfg)."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="bars CSV made by generate_data.py")
    ap.add_argument("--out", required=True, help="output directory (fills.csv, equity.csv, summary.json)")
    ap.add_argument("--scenario", required=True, choices=sorted(PRESETS))
    ap.add_argument("--params", default=None, help="JSON object (inline, or a file path) overriding the preset")
    for flag, (key, typ) in FLAGS.items():
        ap.add_argument(flag, type=typ, default=None, dest=key, help=f"{key} (preset/default {DEFAULTS[key]!r})")
    args = ap.parse_args()
    cfg = dict(DEFAULTS)
    cfg.update(PRESETS[args.scenario])
    if args.params:
        text = open(args.params).read() if os.path.exists(args.params) else args.params
        cfg.update(json.loads(text))
    for key, _ in FLAGS.values():
        v = getattr(args, key)
        if v is not None:
            cfg[key] = v
    try:
        validate(cfg)
    except ConfigError as e:
        ap.error(str(e))
    return args, cfg


def fill_counts(fills, cfg):
    """Counts derived from the fill rows alone (both peers compute them the same way).

    ``fills`` rows are ``(t, asset, side, qty, price, commission, order_type, reason, level)``."""
    c = collections.Counter()
    for t, asset, side, qty, price, comm, otype, reason, level in fills:
        c[f"n_{reason}"] += 1
        if reason == "entry":
            c["n_entries_" + ("long" if side == "buy" else "short")] += 1
        if otype in ("stop", "stop_trail") and price != level:
            c["n_stop_gap_fills"] += 1      # opened through the level: filled at the open
        if otype == "limit":
            key = "at_open" if price != level else "at_level"
            c[f"n_{'entry' if reason == 'entry' else 'take_profit'}_limit_fills_{key}"] += 1
        if cfg["per_share_rate"] is not None and comm == cfg["per_share_min"]:
            c["n_min_commission"] += 1
    return dict(sorted(c.items()))


def run_peer(name, description, run):
    """The command line of a scenario peer: parse the flags, run ``run(grid, cfg)`` (which returns
    fills, equity, rejections, counts and ``(max_gross_leverage, min_cash)``), write the outputs
    and print one line about the run on stderr."""
    args, cfg = parse_args(description)
    started = time.perf_counter()
    grid = load_grid(args.data)
    fills, equity, n_rejected, counts, (max_lev, min_cash) = run(grid, cfg)
    counts.update(fill_counts(fills, cfg))
    summary = write_outputs(args.out, fills, grid.times, equity, n_rejected, cfg["initial_cash"],
                            extra_cols=FILL_EXTRA, extra_summary={"scenario": args.scenario, "counts": counts,
                                                                  "max_gross_leverage": max_lev, "min_cash": min_cash})
    print(f"{name} {args.scenario}: {grid.n_assets} assets x {grid.n_bars} bars, {summary['n_fills']} fills, "
          f"{n_rejected} rejected, final equity {summary['final_equity']!r}, "
          f"{time.perf_counter() - started:.2f}s", file=sys.stderr)
