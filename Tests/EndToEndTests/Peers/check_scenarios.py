#!/usr/bin/env python3
"""Run every scenario through backtrader and the plain-Python reference and compare them.

Generates three seeded data sets with generate_data.py (daily 5 x 500,
minute 1 x 5,000, daily 40 x 500 with ``alloc 10`` so that buys are
rejected), runs ``backtrader_scenarios.py`` and ``reference_scenarios.py``
on each with the parameters in ``CASES`` (chosen so that every feature is
exercised), and checks:

* compare.py passes (fills identical, prices bit-identical, commission
  within 1e-9, per-bar equity within 1e-6, final equity within 0.005, same
  n_fills / n_rejected);
* the extra fill columns (``order_type``, ``reason``, ``level``) are
  identical (levels bit-identical);
* the scenario counts in summary.json are identical;
* over the data sets of a scenario, every count in ``EXERCISED`` is > 0.

Exits 1 on any failure.  Needs the venv with backtrader and numpy.

Example:
    .venv/bin/python check_scenarios.py --work /tmp/scenarios
"""
import argparse
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

DATASETS = {   # name -> generate_data.py args, extra scenario flags for every case
    "daily5": (["--assets", "5", "--bars", "500", "--freq", "daily", "--seed", "1"], []),
    "minute1": (["--assets", "1", "--bars", "5000", "--freq", "minute", "--seed", "3"], []),
    "daily40": (["--assets", "40", "--bars", "500", "--freq", "daily", "--seed", "5"], ["--alloc", "10"]),
}

# scenario case -> (preset, {dataset: flags}); "*" applies to every data set
CASES = {
    "risk": ("risk", {"daily5": ["--stop-loss", "0.015", "--take-profit", "0.02", "--max-bars", "3"],
                      "daily40": ["--stop-loss", "0.015", "--take-profit", "0.02", "--max-bars", "3"],
                      "minute1": ["--stop-loss", "0.004", "--take-profit", "0.005", "--max-bars", "3"]}),
    "risk_all": ("risk", {"daily5": ["--stop-loss", "0.02", "--take-profit", "0.025", "--trailing-stop", "0.01",
                                     "--max-bars", "3"],
                          "daily40": ["--stop-loss", "0.02", "--take-profit", "0.025", "--trailing-stop", "0.01",
                                      "--max-bars", "3"],
                          "minute1": ["--stop-loss", "0.006", "--take-profit", "0.006", "--trailing-stop", "0.003",
                                      "--max-bars", "3"]}),
    "short": ("short", {"*": []}),
    "short_risk": ("short", {"*": ["--stop-loss", "0.015", "--take-profit", "0.02", "--trailing-stop", "0.02"]}),
    "limit": ("limit", {"*": []}),
    "limit_short": ("limit", {"*": ["--params", '{"shorts": true}', "--offset-bps", "-30"]}),
    "trailing": ("trailing", {"daily5": [], "daily40": [], "minute1": ["--trailing-stop", "0.004"]}),
    "per_share": ("per_share", {"daily5": ["--cash", "100000"], "daily40": [], "minute1": ["--cash", "20000"]}),
    "participation": ("participation", {"*": []}),
}

EXERCISED = {
    "risk": ["n_stop_loss", "n_take_profit", "n_max_bars", "n_stop_gap_fills", "n_take_profit_limit_fills_at_open",
             "n_take_profit_limit_fills_at_level", "n_stop_and_take_profit_same_bar", "n_signal"],
    "risk_all": ["n_stop_loss", "n_take_profit", "n_trailing_stop", "n_max_bars", "n_trail_moves"],
    "short": ["n_entries_long", "n_entries_short", "n_signal"],
    "short_risk": ["n_entries_short", "n_stop_loss", "n_take_profit", "n_trailing_stop", "n_stop_gap_fills"],
    "limit": ["n_entry_limit_fills_at_open", "n_entry_limit_fills_at_level", "n_limit_expired", "n_limit_cancelled"],
    "limit_short": ["n_entries_short", "n_entry_limit_fills_at_open", "n_entry_limit_fills_at_level",
                    "n_limit_expired"],
    "trailing": ["n_trailing_stop", "n_trail_moves", "n_stop_gap_fills"],
    "per_share": ["n_min_commission"],
    "participation": ["n_partial_fills", "n_remainders_cancelled"],
}
EXTRA_COLS = ["order_type", "reason", "level"]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
    return r


def extras_identical(exp_dir, act_dir):
    rows = []
    for d in (exp_dir, act_dir):
        with open(os.path.join(d, "fills.csv"), newline="") as f:
            rows.append([[r[c] for c in EXTRA_COLS] for r in csv.DictReader(f)])
    for i, (e, a) in enumerate(zip(*rows)):
        if e != a:
            print(f"EXTRA COLUMN MISMATCH at fill row {i + 1}: expected {e} actual {a}")
            return False
    return len(rows[0]) == len(rows[1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True, help="scratch directory for data and outputs")
    ap.add_argument("--only", default=None, help="comma-separated scenario cases (default: all)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    py = sys.executable
    ok = True
    for name, (gen, _) in DATASETS.items():
        path = os.path.join(args.work, f"{name}.csv")
        if not os.path.exists(path):
            run([py, os.path.join(HERE, "generate_data.py"), *gen, "--out", path, "--quiet"])
    cases = args.only.split(",") if args.only else list(CASES)
    for case in cases:
        preset, per = CASES[case]
        totals = {}
        for name, (_, common) in DATASETS.items():
            flags = per.get(name, per.get("*"))
            if flags is None:
                continue
            data = os.path.join(args.work, f"{name}.csv")
            outs = {}
            for peer in ("backtrader", "reference"):
                out = os.path.join(args.work, f"{case}-{name}-{peer}")
                r = run([py, os.path.join(HERE, f"{peer}_scenarios.py"), "--scenario", preset, "--data", data,
                         "--out", out, *common, *flags])
                ok &= r.returncode == 0
                outs[peer] = out
            r = run([py, os.path.join(HERE, "compare.py"), "--expected", outs["backtrader"], "--actual",
                     outs["reference"], "--commission-tol", "1e-9"])
            good = r.returncode == 0 and extras_identical(outs["backtrader"], outs["reference"])
            sums = [json.load(open(os.path.join(o, "summary.json"))) for o in outs.values()]
            if sums[0]["counts"] != sums[1]["counts"]:
                print(f"COUNTS MISMATCH {case}/{name}: {sums[0]['counts']} vs {sums[1]['counts']}")
                good = False
            for k, v in sums[0]["counts"].items():
                totals[k] = totals.get(k, 0) + v
            print(f"{'ok  ' if good else 'FAIL'} {case:14s} {name:8s} fills {sums[0]['n_fills']:5d} "
                  f"rejected {sums[0]['n_rejected']:4d} final {sums[0]['final_equity']:.2f} | {r.stdout.strip()}")
            ok &= good
        missing = [k for k in EXERCISED.get(case, []) if not totals.get(k)]
        if missing:
            print(f"NOT EXERCISED {case}: {missing}")
            ok = False
        print(f"     {case}: " + ", ".join(f"{k[2:]}={v}" for k, v in sorted(totals.items()) if v))
    print("ALL OK" if ok else "FAILURES")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
