#!/usr/bin/env python3
"""Seeded synthetic bars for the canonical parity strategy.

Writes a long-format CSV with header
``timestamp,asset,open,high,low,close,volume,ml_pred,confidence`` on a common
grid (every asset has one bar at every timestamp), as described in
``canonical-strategy.md``:

* prices are a seeded log-normal random walk kept in integer cents (so they
  are exact to the cent and always >= 0.01), with an overnight/inter-bar gap
  between ``close[t]`` and ``open[t+1]``; ``high >= max(open, close)`` and
  ``low <= min(open, close)`` hold by construction;
* ``volume`` is a positive integer;
* ``ml_pred = Phi(rho * z_next + sqrt(1 - rho^2) * e)`` where ``z_next`` is
  the standardised next close-to-close return, so it is uniform on [0, 1]
  with some skill (``rho`` = 0.3 daily, 0.6 minute; ``--skill`` overrides it).
  This is a deliberate, noisy peek at the future: a test fixture that makes
  the strategy trade, not a model. Backtests on it look far better than any
  real model's (a Sharpe above 10 is typical); ``--skill 0`` gives predictions
  with no information, and honest ones come from a model that sees only data
  stamped at or before each bar. ``confidence`` is uniform on [0, 1] and
  mildly higher when ``ml_pred`` is extreme. Both are written with 6
  decimals. With entry ``ml_pred > 0.8 and confidence > 0.7`` and exit
  ``ml_pred < 0.4`` this gives an entry about every 15 flat bars and an exit
  about every 2.5 long bars: roughly 100+ fills per asset over 1,260 bars.
* daily timestamps are the weekdays from 2020-01-02 at ``00:00:00Z``;
  minute timestamps are 390 bars per weekday, 14:30 .. 20:59 UTC.

With ``--centered`` an extra column ``alpha = ml_pred - 0.5`` (6 decimals) follows: a score
centred on zero, whose sign says long or short (top_k's signal weights with ``short_k``).

Assets are ``A000``, ``A001``, ...  Rows are written sorted by (timestamp,
asset) unless ``--shuffle`` is given, which permutes them (seeded).

Needs numpy (``make test`` installs it into ``.venv/``).

Example:
    python3 generate_data.py --assets 50 --bars 1260 --freq daily --seed 7 --out bars.csv
"""
import argparse
import datetime as dt
import math
import sys

import numpy as np

# Per-frequency shape: (per-bar log-return sigma, gap sigma as a fraction of it,
# skill rho = correlation of the ml_pred score with the next return).  The
# minute case is deliberately volatile and skilful so that a single-asset run
# stays above its allocation (0.2 % round-trip commission) and keeps trading.
SHAPE = {"daily": (0.02, 0.4, 0.3), "minute": (0.004, 0.1, 0.6)}


def timestamps(n_bars, freq):
    """Return ``n_bars`` ISO-8601 UTC strings on weekdays from 2020-01-02."""
    out = []
    day = dt.date(2020, 1, 2)
    while len(out) < n_bars:
        if day.weekday() < 5:
            if freq == "daily":
                out.append(f"{day.isoformat()}T00:00:00Z")
            else:
                start = dt.datetime(day.year, day.month, day.day, 14, 30)
                for m in range(390):
                    if len(out) == n_bars:
                        break
                    out.append((start + dt.timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        day += dt.timedelta(days=1)
    return out


def cents_str(c):
    """Format integer cents as a decimal price string (e.g. 12345 -> 123.45)."""
    return f"{c // 100}.{c % 100:02d}"


def normal_cdf(x):
    """Elementwise standard normal CDF (numpy has no erf)."""
    erf = np.vectorize(math.erf, otypes=[float])
    return 0.5 * (1.0 + erf(x / math.sqrt(2.0)))


def generate(n_assets, n_bars, freq, seed, skill=None):
    """Return a dict of (T, N) arrays: open/high/low/close in cents, volume, ml_pred, confidence.

    ``skill`` is the correlation of ``ml_pred`` with the next bar's return (default: the frequency's).
    """
    rng = np.random.default_rng(seed)
    sigma, gap_frac, rho = SHAPE[freq]
    if skill is not None:
        rho = skill
    gap_sigma = sigma * gap_frac  # close[t] -> open[t+1] gap
    start = rng.uniform(20.0, 200.0, size=n_assets)

    body = rng.normal(0.0, sigma, size=(n_bars, n_assets))
    gap = rng.normal(0.0, gap_sigma, size=(n_bars, n_assets))
    gap[0] = 0.0
    # log price path: open_t = close_{t-1} * exp(gap_t), close_t = open_t * exp(body_t)
    steps = np.empty((2 * n_bars, n_assets))
    steps[0::2] = gap
    steps[1::2] = body
    logp = np.log(start)[None, :] + np.cumsum(steps, axis=0)
    opens = np.maximum(np.rint(np.exp(logp[0::2]) * 100.0), 1).astype(np.int64)
    closes = np.maximum(np.rint(np.exp(logp[1::2]) * 100.0), 1).astype(np.int64)

    wick = np.abs(rng.normal(0.0, sigma * 0.5, size=(2, n_bars, n_assets)))
    hi_base = np.maximum(opens, closes)
    lo_base = np.minimum(opens, closes)
    highs = hi_base + np.rint(hi_base * wick[0]).astype(np.int64)
    lows = np.maximum(lo_base - np.rint(lo_base * wick[1]).astype(np.int64), 1)
    lows = np.minimum(lows, lo_base)

    volume = np.rint(rng.lognormal(10.0, 0.6, size=(n_bars, n_assets))).astype(np.int64) + 100

    # Next close-to-close return, standardised; the last bar has no future.
    ret = np.zeros((n_bars, n_assets))
    ret[:-1] = np.log(closes[1:] / closes[:-1])
    z_next = ret / sigma
    z_next[-1] = rng.normal(size=n_assets)
    noise = rng.normal(size=(n_bars, n_assets))
    ml_pred = normal_cdf(rho * z_next + math.sqrt(1.0 - rho * rho) * noise)
    # Confidence: uniform, nudged up when the prediction is far from 0.5.
    conf_raw = rng.uniform(size=(n_bars, n_assets))
    confidence = np.clip(conf_raw + 0.3 * (np.abs(ml_pred - 0.5) - 0.25), 0.0, 1.0)
    return {
        "open": opens, "high": highs, "low": lows, "close": closes,
        "volume": volume, "ml_pred": ml_pred, "confidence": confidence,
        "rng": rng,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", type=int, required=True, help="number of assets (A000, A001, ...)")
    ap.add_argument("--bars", type=int, required=True, help="number of timestamps T")
    ap.add_argument("--freq", choices=["daily", "minute"], required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="output CSV path")
    ap.add_argument("--shuffle", action="store_true", help="permute the rows (seeded)")
    ap.add_argument(
        "--skill", type=float, default=None,
        help="correlation of ml_pred with the NEXT bar's return, in [0, 1) (default 0.3 daily, 0.6 minute); "
             "0 gives predictions with no information")
    ap.add_argument("--quiet", action="store_true", help="do not print the look-ahead note")
    ap.add_argument("--centered", action="store_true", help="add a column alpha = ml_pred - 0.5")
    args = ap.parse_args()
    if args.assets < 1 or args.assets > 1000 or args.bars < 1:
        ap.error("need 1 <= assets <= 1000 and bars >= 1")
    if args.skill is not None and not 0.0 <= args.skill < 1.0:
        ap.error("--skill must be in [0, 1)")

    g = generate(args.assets, args.bars, args.freq, args.seed, args.skill)
    ts = timestamps(args.bars, args.freq)
    names = [f"A{i:03d}" for i in range(args.assets)]
    o, h, l, c = (g[k].tolist() for k in ("open", "high", "low", "close"))
    v, mp, cf = g["volume"].tolist(), g["ml_pred"].tolist(), g["confidence"].tolist()
    rows = []
    for t in range(args.bars):
        for a in range(args.assets):
            rows.append(
                f"{ts[t]},{names[a]},{cents_str(o[t][a])},{cents_str(h[t][a])},"
                f"{cents_str(l[t][a])},{cents_str(c[t][a])},{v[t][a]},"
                f"{mp[t][a]:.6f},{cf[t][a]:.6f}"
                + (f",{mp[t][a] - 0.5:.6f}\n" if args.centered else "\n")
            )
    if args.shuffle:
        perm = g["rng"].permutation(len(rows))
        rows = [rows[i] for i in perm]
    with open(args.out, "w", newline="") as f:
        f.write("timestamp,asset,open,high,low,close,volume,ml_pred,confidence" + (",alpha\n" if args.centered else "\n"))
        f.writelines(rows)
    rho = SHAPE[args.freq][2] if args.skill is None else args.skill
    if not args.quiet and rho > 0:
        print(f"note: ml_pred is a noisy peek at the next bar's return (skill {rho:g}), a test fixture, "
              "not a model: backtests on it look unrealistically good. --skill 0 removes the peek.",
              file=sys.stderr)


if __name__ == "__main__":
    main()
