#!/usr/bin/env python3
"""Compare two canonical-strategy output directories under the parity tolerances.

Each directory holds ``fills.csv`` (``timestamp,asset,side,quantity,price,commission``)
and ``equity.csv`` (``timestamp,equity``); columns are matched by name, so extra
columns (the server's ``cash``, ``drawdown``, ...) and any column order are
accepted.  Checks, from canonical-strategy.md:

* fills: same count and order (``--sort-within-bar``: the same rows in each
  bar, compared in (sells before buys, asset) order on both sides); timestamp (compared as instants), asset, side
  (case-insensitive), quantity identical; price bit-identical as parsed
  doubles; ``|commission diff| <= --commission-tol`` (1e-6);
* equity: same timestamps; ``|equity diff| <= --equity-tol`` per bar
  (default 1e-6; engines differ only by float summation order);
* final equity (last equity row, or ``--final-equity X`` for the actual side,
  e.g. from the server's summary): ``|diff| < --final-tol`` (0.005);
* if both directories hold summary.json: equal ``n_fills`` and, when both
  report it, equal ``n_rejected``;
* with ``--rejections``: the same rejected orders (decision timestamp, asset,
  side, quantity, reason), from a peer's ``rejections.csv`` or the server's
  ``orders.csv`` (rows with status ``rejected``).

Prints a diff of the first mismatching fill row (with neighbours) and exits 1
on any mismatch; prints one OK line and exits 0 otherwise.

The server's CSVs must be fetched with ``?precision=full`` (raw doubles in
shortest round-trip form): the default ``precision=rounded`` text rounds money
to 1e-9, so prices would no longer be bit-identical to a peer's.

Example:
    python3 compare.py --expected bt_out --actual server_out --final-equity 1314812.48
"""
import argparse
import csv
import datetime as dt
import json
import os
import sys

FILL_COLS = ["timestamp", "asset", "side", "quantity", "price", "commission"]
EQUITY_COLS = ["timestamp", "equity"]


def parse_ts(text):
    """Parse an ISO-8601 timestamp to an aware UTC datetime (naive means UTC)."""
    d = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.astimezone(dt.timezone.utc)


def read_table(path, needed):
    """Return (header, rows as dicts) and fail clearly if a needed column is missing."""
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        missing = [c for c in needed if c not in header]
        if missing:
            raise SystemExit(f"{path}: missing column(s) {missing}; header is {header}")
        return header, list(reader)


def fill_diffs(e, a, commission_tol, whole=True):
    """Return the list of field names that differ between two fill rows (``whole``: quantities must
    also be whole numbers)."""
    bad = []
    if parse_ts(e["timestamp"]) != parse_ts(a["timestamp"]):
        bad.append("timestamp")
    if e["asset"] != a["asset"]:
        bad.append("asset")
    if e["side"].strip().lower() != a["side"].strip().lower():
        bad.append("side")
    if float(e["quantity"]) != float(a["quantity"]) or (whole and float(a["quantity"]) != int(float(a["quantity"]))):
        bad.append("quantity")
    if float(e["price"]) != float(a["price"]):
        bad.append("price")
    if not abs(float(e["commission"]) - float(a["commission"])) <= commission_tol:
        bad.append("commission")
    return bad


def show_fill_mismatch(i, exp, act, bad):
    """Print the first mismatching fill row with one row of context each side."""
    print(f"FILL MISMATCH at row {i + 1} (1-based, header excluded): fields {bad}")
    for j in range(max(0, i - 1), min(max(len(exp), len(act)), i + 2)):
        mark = ">>" if j == i else "  "
        for label, rows in (("expected", exp), ("actual  ", act)):
            row = ",".join(rows[j][c] for c in FILL_COLS) if j < len(rows) else "<none>"
            print(f"{mark} {label} [{j + 1}] {row}")
    if i < len(exp) and i < len(act):
        for c in bad:
            e, a = exp[i][c], act[i][c]
            extra = ""
            if c in ("price", "commission"):
                extra = f"  (diff {float(a) - float(e)!r})"
            print(f"   {c}: expected {e!r} actual {a!r}{extra}")


def bar_order(rows):
    """Rows stably sorted by (instant, sells before buys, asset): the canonical order of one bar's
    fills, for engines that record a bar's executions in a different but equivalent order (the
    server records position-rule exits before the bar's other sells)."""
    return sorted(rows, key=lambda r: (parse_ts(r["timestamp"]), r["side"].lower() != "sell", r["asset"]))


def compare_fills(exp_dir, act_dir, commission_tol, sort_within_bar=False, whole=True):
    _, exp = read_table(os.path.join(exp_dir, "fills.csv"), FILL_COLS)
    _, act = read_table(os.path.join(act_dir, "fills.csv"), FILL_COLS)
    if sort_within_bar:
        exp, act = bar_order(exp), bar_order(act)
    for i in range(min(len(exp), len(act))):
        bad = fill_diffs(exp[i], act[i], commission_tol, whole)
        if bad:
            show_fill_mismatch(i, exp, act, bad)
            return False, len(exp)
    if len(exp) != len(act):
        i = min(len(exp), len(act))
        print(f"FILL COUNT MISMATCH: expected {len(exp)} rows, actual {len(act)}")
        show_fill_mismatch(i, exp, act, ["missing/extra row"])
        return False, len(exp)
    max_comm = max((abs(float(e["commission"]) - float(a["commission"])) for e, a in zip(exp, act)), default=0.0)
    return True, (len(exp), max_comm)


def compare_equity(exp_dir, act_dir, equity_tol, final_tol, final_equity):
    _, exp = read_table(os.path.join(exp_dir, "equity.csv"), EQUITY_COLS)
    _, act = read_table(os.path.join(act_dir, "equity.csv"), EQUITY_COLS)
    ok = True
    if len(exp) != len(act):
        print(f"EQUITY ROW COUNT MISMATCH: expected {len(exp)}, actual {len(act)}")
        return False, 0.0
    max_diff = 0.0
    for i, (e, a) in enumerate(zip(exp, act)):
        if parse_ts(e["timestamp"]) != parse_ts(a["timestamp"]):
            print(f"EQUITY TIMESTAMP MISMATCH at row {i + 1}: expected {e['timestamp']} actual {a['timestamp']}")
            return False, max_diff
        diff = abs(float(e["equity"]) - float(a["equity"]))
        max_diff = max(max_diff, diff)
        if not diff <= equity_tol and ok:
            print(f"EQUITY MISMATCH at row {i + 1} ({e['timestamp']}): expected {e['equity']} "
                  f"actual {a['equity']} (|diff| {diff!r} > {equity_tol})")
            ok = False
    if exp:
        exp_final = float(exp[-1]["equity"])
        finals = [("equity.csv last row", float(act[-1]["equity"]))]
        if final_equity is not None:
            finals.append(("--final-equity", final_equity))
        for label, value in finals:
            if not abs(value - exp_final) < final_tol:
                print(f"FINAL EQUITY MISMATCH ({label}): expected {exp_final!r} actual {value!r} "
                      f"(|diff| {abs(value - exp_final)!r} >= {final_tol})")
                ok = False
    return ok, max_diff


def compare_summaries(exp_dir, act_dir):
    paths = [os.path.join(d, "summary.json") for d in (exp_dir, act_dir)]
    if not all(os.path.exists(p) for p in paths):
        return True
    exp, act = (json.load(open(p)) for p in paths)
    ok = True
    for key in ("n_fills", "n_rejected"):
        if key in exp and key in act and exp[key] != act[key]:
            print(f"SUMMARY MISMATCH {key}: expected {exp[key]} actual {act[key]}")
            ok = False
    return ok


def compare_rejections(exp_dir, act_dir):
    """Rejected orders row by row (decision timestamp, asset, side, quantity, reason): a peer's
    rejections.csv against the server's orders.csv (or another peer's rejections.csv)."""
    from topk_common import read_rejections
    exp, act = read_rejections(exp_dir), read_rejections(act_dir)
    if exp is None or act is None:
        print(f"REJECTIONS MISSING: need rejections.csv or orders.csv in both {exp_dir} and {act_dir}")
        return False
    for i, (e, a) in enumerate(zip(exp, act)):
        if e != a:
            print(f"REJECTION MISMATCH at row {i + 1}: expected {e} actual {a}")
            return False
    if len(exp) != len(act):
        print(f"REJECTION COUNT MISMATCH: expected {len(exp)}, actual {len(act)}")
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--expected", required=True, help="reference output directory (e.g. backtrader's)")
    ap.add_argument("--actual", required=True, help="directory under test (e.g. the server's CSVs)")
    ap.add_argument("--final-equity", type=float, default=None, help="actual final equity from a summary")
    ap.add_argument("--commission-tol", type=float, default=1e-6)
    ap.add_argument("--equity-tol", type=float, default=1e-6)
    ap.add_argument("--final-tol", type=float, default=0.005)
    ap.add_argument(
        "--sort-within-bar", action="store_true",
        help="compare each bar's fills in (sells before buys, asset) order on both sides")
    ap.add_argument(
        "--fractional", action="store_true", help="quantities may be fractional (still compared exactly)")
    ap.add_argument(
        "--rejections", action="store_true",
        help="also compare the rejected orders row by row (rejections.csv, or the server's orders.csv)")
    args = ap.parse_args()

    fills_ok, info = compare_fills(
        args.expected, args.actual, args.commission_tol, args.sort_within_bar, whole=not args.fractional)
    eq_ok, max_eq = compare_equity(args.expected, args.actual, args.equity_tol, args.final_tol, args.final_equity)
    sum_ok = compare_summaries(args.expected, args.actual)
    if args.rejections:
        sum_ok = compare_rejections(args.expected, args.actual) and sum_ok
    if fills_ok and eq_ok and sum_ok:
        n, max_comm = info
        print(f"OK: {n} fills identical (max |commission diff| {max_comm:.3g}), "
              f"max |equity diff| {max_eq:.3g}")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
