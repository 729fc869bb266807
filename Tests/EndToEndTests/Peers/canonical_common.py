"""Shared I/O for the canonical-strategy peers: load the bars CSV onto a grid, write outputs.

Used by ``reference_canonical.py``, ``backtrader_canonical.py`` and the scenario
peers (``*_scenarios.py``, which add fill columns and summary keys; import it
from the same folder).  Only the reading/writing lives here; each peer's
event loop is its own.  Stdlib only.
"""
import csv
import datetime as dt
import json
import math
import os

HEADER = ["timestamp", "asset", "open", "high", "low", "close", "volume", "ml_pred", "confidence"]
FIELDS = ["open", "high", "low", "close", "volume", "ml_pred", "confidence"]


class BarsError(Exception):
    """The input CSV does not satisfy the canonical input contract."""


def parse_ts(text):
    """Parse an ISO-8601 UTC timestamp (``...Z`` or ``+00:00``) to an aware datetime."""
    d = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.astimezone(dt.timezone.utc)


def format_ts(d):
    """Format an aware UTC datetime as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


class Grid:
    """Bars on a common grid: ``times[t]`` (aware UTC), ``assets[a]`` (byte-wise
    ascending) and ``field[name][t][a]`` as Python floats (``float(str)``)."""

    def __init__(self, times, assets, fields):
        self.times = times
        self.assets = assets
        self.fields = fields

    @property
    def n_bars(self):
        return len(self.times)

    @property
    def n_assets(self):
        return len(self.assets)


def load_grid(path):
    """Read the long-format CSV (rows in any order) and return a ``Grid``. Extra numeric columns after
    the canonical ones (``generate_data.py --centered`` writes ``alpha``) become fields too."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or header[:len(HEADER)] != HEADER:
            raise BarsError(f"header must start with {','.join(HEADER)}, got {header}")
        names = FIELDS + header[len(HEADER):]
        rows = list(reader)
    ts_cache = {}
    keyed = {}
    for row in rows:
        if len(row) != len(header):
            raise BarsError(f"bad row {row}")
        d = ts_cache.get(row[0])
        if d is None:
            d = ts_cache[row[0]] = parse_ts(row[0])
        key = (d, row[1])
        if key in keyed:
            raise BarsError(f"duplicate bar {row[0]} {row[1]}")
        keyed[key] = row[2:]
    times = sorted(set(ts_cache.values()))
    assets = sorted({r[1] for r in rows}, key=lambda s: s.encode("utf-8"))
    if len(keyed) != len(times) * len(assets):
        raise BarsError("not a common grid: some asset lacks a bar at some timestamp")
    fields = {name: [] for name in names}
    for d in times:
        per = [keyed[(d, a)] for a in assets]
        for i, name in enumerate(names):
            fields[name].append([float(p[i]) for p in per])
    return Grid(times, assets, fields)


def summary_stats(times, equity, initial_cash):
    """total_return, max_drawdown and daily-sampled Sharpe as the canonical doc defines them."""
    final = equity[-1] if equity else initial_cash
    peak = initial_cash
    mdd = 0.0
    for e in equity:
        peak = max(peak, e)
        mdd = max(mdd, 1.0 - e / peak)
    daily = {}
    for d, e in zip(times, equity):
        daily[d.date()] = e  # last bar of each UTC date wins
    closes = [daily[k] for k in sorted(daily)]
    rets, prev = [], initial_cash
    for e in closes:
        rets.append(e / prev - 1.0)
        prev = e
    sharpe = 0.0
    if len(rets) >= 2:
        mean = sum(rets) / len(rets)
        var = sum((r - mean) ** 2 for r in rets) / (len(rets) - 1)
        if var > 0.0:
            sharpe = mean / math.sqrt(var) * math.sqrt(252.0)
    return {"total_return": final / initial_cash - 1.0, "max_drawdown": mdd, "sharpe": sharpe}


def _cell(v):
    """An extra fills.csv cell: floats as repr, None as empty."""
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _quantity(q):
    """A fill quantity as text: an integer when whole, else the float's repr (fractional accounts)."""
    q = float(q)
    return str(int(q)) if q.is_integer() else repr(q)


def write_outputs(out_dir, fills, times, equity, n_rejected, initial_cash, extra_cols=(), extra_summary=None):
    """Write fills.csv, equity.csv and summary.json.

    ``fills`` is a list of ``(t, asset, side, qty, price, commission, *extra)``
    with ``side`` in {"buy", "sell"}; it is sorted here by (timestamp, sell
    before buy, asset byte-wise).  ``extra_cols`` names the trailing ``extra``
    values (written after ``commission``: floats as repr, None as empty);
    ``extra_summary`` is merged into summary.json."""
    os.makedirs(out_dir, exist_ok=True)
    fills = sorted(fills, key=lambda f: (f[0], 0 if f[2] == "sell" else 1, f[1].encode("utf-8")))
    with open(os.path.join(out_dir, "fills.csv"), "w", newline="") as f:
        f.write(",".join(["timestamp", "asset", "side", "quantity", "price", "commission", *extra_cols]) + "\n")
        for t, asset, side, qty, price, comm, *extra in fills:
            cells = "".join("," + _cell(v) for v in extra)
            f.write(f"{format_ts(times[t])},{asset},{side},{_quantity(qty)},{float(price)!r},{float(comm)!r}{cells}\n")
    with open(os.path.join(out_dir, "equity.csv"), "w", newline="") as f:
        f.write("timestamp,equity\n")
        for d, e in zip(times, equity):
            f.write(f"{format_ts(d)},{float(e)!r}\n")
    summary = {
        "final_equity": float(equity[-1]) if equity else initial_cash,
        "n_fills": len(fills),
        "n_rejected": n_rejected,
    }
    summary.update(summary_stats(times, equity, initial_cash))
    if extra_summary:
        summary.update(extra_summary)
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    return summary


def add_common_args(ap):
    """Add --data/--out/--alloc/--cash/--commission to an argparse parser."""
    ap.add_argument("--data", required=True, help="bars CSV (timestamp,asset,open,...,ml_pred,confidence)")
    ap.add_argument("--out", required=True, help="output directory (fills.csv, equity.csv, summary.json)")
    ap.add_argument("--alloc", type=float, default=0.95, help="alloc_fraction (default 0.95)")
    ap.add_argument("--cash", type=float, default=1_000_000.0, help="initial cash (default 1000000)")
    ap.add_argument("--commission", type=float, default=0.001, help="commission rate (default 0.001)")
