#!/usr/bin/env python3
"""Independent reference for the overfitting statistics (Overfitting.swift), with numpy and scipy.

Reads a JSON file {"trials": [[r, ...], ...], "selected": k, "blocks": S, "probabilities": [p, ...]}
and prints JSON with, for trial k, the Sharpe ratio, skewness and kurtosis; the expected maximum
Sharpe ratio of the trials and the deflated Sharpe ratio (Bailey and Lopez de Prado 2014, eq. as in
the paper); the probability of backtest overfitting by CSCV with its logits (Bailey, Borwein, Lopez
de Prado and Zhu 2017), computed the direct way: every half of the S blocks as the training set,
Sharpe ratios recomputed from the rows themselves, ranks by scipy.stats.rankdata; and norm.ppf of
the given probabilities.
"""
import itertools
import json
import math
import sys

import numpy as np
from scipy import stats


def sharpe(x):
    return float(np.mean(x) / np.std(x, ddof=1))


def compute(trials, k, blocks, probabilities=()):
    """The statistics of trial k among `trials` (N x T), CSCV over `blocks` blocks."""
    trials = np.array(trials, dtype=float)  # N x T
    n, length = trials.shape
    selected = trials[k]
    sr = sharpe(selected)
    skew = float(stats.skew(selected, bias=True))
    kurt = float(stats.kurtosis(selected, fisher=False, bias=True))
    sharpes = [sharpe(t) for t in trials]
    variance = float(np.var(sharpes, ddof=1))
    gamma = 0.5772156649015329
    sr0 = math.sqrt(variance) * ((1 - gamma) * stats.norm.ppf(1 - 1 / n) + gamma * stats.norm.ppf(1 - 1 / (n * math.e)))
    dsr = float(stats.norm.cdf((sr - sr0) * math.sqrt(length - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr * sr)))

    rows = length // blocks
    parts = [trials[:, b * rows:(b + 1) * rows] for b in range(blocks)]
    logits = []
    for chosen in itertools.combinations(range(blocks), blocks // 2):
        train = np.concatenate([parts[b] for b in chosen], axis=1)
        test = np.concatenate([parts[b] for b in range(blocks) if b not in chosen], axis=1)
        train_sr = [sharpe(t) for t in train]
        test_sr = [sharpe(t) for t in test]
        best = int(np.argmax(train_sr))
        omega = stats.rankdata(test_sr)[best] / (n + 1)
        logits.append(math.log(omega / (1 - omega)))
    pbo = sum(1 for value in logits if value <= 0) / len(logits)
    return {"sharpe": sr, "skewness": skew, "kurtosis": kurt, "variance": variance, "expected_maximum": sr0,
            "deflated": dsr, "pbo": pbo, "logits": logits,
            "quantiles": [float(stats.norm.ppf(p)) for p in probabilities]}


def main():
    data = json.load(open(sys.argv[1]))
    print(json.dumps(compute(data["trials"], data["selected"], data["blocks"], data["probabilities"])))


if __name__ == "__main__":
    main()
