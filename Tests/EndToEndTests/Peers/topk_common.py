"""Shared pieces of the top_k peers (``reference_topk.py``, ``vectorbt_topk.py``): the options, the
rebalance schedule, and the rejections table.

The schedule is computed here from Python's own calendar (``datetime.date``, ``isocalendar``), not
from the engine's day arithmetic: bar 0, then ``t % n == 0`` for ``--every n``, or for ``--calendar``
every bar whose UTC date / ISO (year, week) / (year, month) differs from the previous bar's.
Stdlib only.
"""
import csv
import os

from canonical_common import add_common_args, format_ts


def add_topk_args(ap):
    """The canonical options (--data/--out/--cash/--commission; --alloc is unused) and top_k's."""
    add_common_args(ap)
    ap.add_argument("--k", type=int, required=True, help="assets held long")
    ap.add_argument("--every", type=int, default=None, help="rebalance every n bars (t = 0, n, 2n, ...)")
    ap.add_argument("--calendar", choices=["day", "week", "month"], default=None,
                    help="rebalance on the first bar of each UTC day / ISO week / month")
    ap.add_argument("--fraction", type=float, default=0.95, help="each side's book as a fraction of equity")
    ap.add_argument("--rank-buffer", type=int, default=0, help="ranks beyond k a held asset may slip and stay")
    ap.add_argument("--max-weight", type=float, default=None, help="cap on one asset's value / equity")
    ap.add_argument("--signal", default="ml_pred", help="ranking column (ml_pred, confidence, alpha)")


def schedule(times, every=None, calendar=None):
    """Per bar: whether it rebalances."""
    if (every is None) == (calendar is None):
        raise SystemExit("give exactly one of --every and --calendar")
    if every is not None:
        return [t % every == 0 for t in range(len(times))]
    key = {
        "day": lambda d: d.date(),
        "week": lambda d: tuple(d.isocalendar())[:2],
        "month": lambda d: (d.year, d.month),
    }[calendar]
    keys = [key(d) for d in times]
    return [t == 0 or keys[t] != keys[t - 1] for t in range(len(times))]


def write_rejections(out_dir, times, rejections):
    """rejections.csv: ``created_at,asset,side,quantity,reason`` (the decision bar's timestamp), sorted."""
    os.makedirs(out_dir, exist_ok=True)
    rows = sorted(rejections, key=lambda r: (r[0], r[1].encode("utf-8")))
    with open(os.path.join(out_dir, "rejections.csv"), "w", newline="") as f:
        f.write("created_at,asset,side,quantity,reason\n")
        for t, asset, side, qty, reason in rows:
            f.write(f"{format_ts(times[t])},{asset},{side},{int(qty)},{reason}\n")


def read_rejections(directory):
    """The rejections of a peer's rejections.csv, or of the server's orders.csv (status rejected), as
    sorted (created_at, asset, side, quantity, reason) tuples; None when the folder has neither."""
    path = os.path.join(directory, "rejections.csv")
    if not os.path.exists(path):
        path = os.path.join(directory, "orders.csv")
        if not os.path.exists(path):
            return None
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if "status" in r and r["status"] != "rejected":
                continue
            rows.append((r["created_at"].replace("+00:00", "Z"), r["asset"], r["side"].lower(),
                         int(float(r["quantity"])), r["reason"]))
    return sorted(rows)
