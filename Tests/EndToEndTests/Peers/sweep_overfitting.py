#!/usr/bin/env python3
"""A sweep's overfitting statistics recomputed from its children's equity curves, independently of
the server: session returns by UTC date (the last equity of each day over the previous day's, the
first over the initial cash; minute bars of one exchange day are one session), the best
combination by per-session Sharpe ratio (ties to the lowest), CSCV over 16 blocks or, for short
runs, the largest even number with two sessions each. The statistics come from
overfitting_reference.compute (numpy and scipy).

Reads a JSON file {"initial_cash": c, "equity": [csv text, ...] (in combination order)}; prints
JSON with "best", "observations", "blocks", "probabilistic" and what compute returns.
"""
import csv
import io
import json
import math
import sys

from scipy import stats

from overfitting_reference import compute, sharpe


def session_returns(text, initial_cash):
    last = {}
    for row in csv.DictReader(io.StringIO(text)):
        last[row["timestamp"][:10]] = float(row["equity"])
    returns, previous = [], initial_cash
    for day in sorted(last):
        returns.append(last[day] / previous - 1)
        previous = last[day]
    return returns


def main():
    data = json.load(open(sys.argv[1]))
    trials = [session_returns(text, data["initial_cash"]) for text in data["equity"]]
    sharpes = [sharpe(t) for t in trials]
    best = max(range(len(trials)), key=lambda i: (sharpes[i], -i))
    length = len(trials[0])
    blocks = min(16, length // 2)
    blocks -= blocks % 2
    result = compute(trials, best, blocks)
    sr, skew, kurt = result["sharpe"], result["skewness"], result["kurtosis"]
    result["probabilistic"] = float(stats.norm.cdf(sr * math.sqrt(length - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr * sr)))
    result.update({"best": best, "observations": length, "blocks": blocks, "splits": len(result["logits"])})
    del result["logits"], result["quantiles"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
