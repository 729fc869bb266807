#!/usr/bin/env python3
"""Checks a server run's statistics against quantstats and empyrical-reloaded on the same returns.

The server's equity curve (equity.csv, full precision) is cut into sessions here, independently of
the server: a session is the calendar date of ``timestamp - offset`` (``--session-offset-hours``,
the hours by which the data's sessions were shifted past UTC midnight). ``r`` is the return of
each session's last equity over the previous one's, the first against the initial cash; ``b`` the
benchmark asset's close at the same bars over the previous session's (the first against its close
at the run's first bar). Every server number is then compared with the peer function named beside
it (quantstats 0.0.86 ``qs.stats``, empyrical-reloaded 0.7.1 ``ep``) or, where no peer computes the
convention, with a pandas / scipy transcription of the documented formula ("transcription"):

  rel 1e-9 (abs 1e-12) for every statistic, 1e-8 for skew (a near-zero third moment cancels).

Known convention differences, checked as the documented relation rather than equality:
  * alpha: ours is empyrical's (1 + mean(x - beta y))^P - 1 with the risk-free rate; quantstats'
    ``greeks`` alpha is P * mean(r - beta b) without it, so it is checked at rf 0 as
    (1 + qs_alpha / P)^P - 1 when --rf is 0, and skipped otherwise.
  * information ratio: quantstats and empyrical do not annualize it; ours is theirs * sqrt(P).
  * recovery factor: quantstats sums the returns; ours is the compounded total return / max
    drawdown (transcription).

Usage: analytics_peers.py --data bars.csv --server DIR --rf 0.02 --periods 252 --benchmark A001
       --window 63 [--session-offset-hours 8] [--short]
Exits 1 when any check fails.
"""
import argparse, itertools, json, math, sys, warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
import empyrical as ep  # noqa: E402
import quantstats as qs  # noqa: E402
from scipy import stats as sps  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--server", required=True)
ap.add_argument("--rf", type=float, default=0.0)
ap.add_argument("--periods", type=float, default=252)
ap.add_argument("--benchmark", required=True)
ap.add_argument("--window", type=int, default=63)
ap.add_argument("--session-offset-hours", type=float, default=0)
ap.add_argument("--short", action="store_true", help="the run is shorter than a year: no CAGR")
args = ap.parse_args()
P, RF = args.periods, args.rf
rfs = (1 + RF) ** (1 / P) - 1
fails = 0


def check(name, server, peer, source, rel=1e-9, abs_tol=1e-12):
    global fails
    # The server writes a non-finite statistic as null: a peer's NaN or infinity matches null.
    if server is None or peer is None or not math.isfinite(float(peer)):
        ok = server is None and (peer is None or not math.isfinite(float(peer)))
    else:
        ok = math.isclose(float(server), float(peer), rel_tol=rel, abs_tol=abs_tol)
    if not ok:
        fails += 1
    print(f"{'ok  ' if ok else 'FAIL'} {name:28s} server={server!r:26} peer={float(peer) if peer is not None else None!r:26} {source}")


def load(name):
    return json.load(open(f"{args.server}/{name}"))


job = load("job.json")
summary = job["summary"]
cash = job["spec"]["account"]["initial_cash"]
equity = pd.read_csv(f"{args.server}/equity.csv", parse_dates=["timestamp"])
bars = pd.read_csv(args.data, parse_dates=["timestamp"])

# Sessions, independently of the server: the date of the bar shifted back by the offset.
offset = pd.Timedelta(hours=args.session_offset_hours)
key = (equity["timestamp"].dt.tz_localize(None) - offset).dt.date
last = equity.groupby(key, sort=True).tail(1)
index = pd.DatetimeIndex(last["timestamp"].dt.tz_localize(None))
levels = last["equity"].to_numpy()
r = pd.Series(np.diff(np.concatenate([[cash], levels])) / np.concatenate([[cash], levels[:-1]]), index=index)
print(f"     {len(r)} sessions over {key.nunique()} session dates, {equity['timestamp'].dt.date.nunique()} UTC dates")
check("sessions", summary["sessions"], len(r), "session dates of the shifted timestamps")

# The benchmark's close at each equity bar (last at or before), its session returns.
close = bars[bars["asset"] == args.benchmark].set_index("timestamp")["close"].sort_index()
at_bar = close.reindex(equity["timestamp"], method="ffill").to_numpy()
b_levels = at_bar[last.index.to_numpy()]
b = pd.Series(b_levels / np.concatenate([[at_bar[0]], b_levels[:-1]]) - 1, index=index)

check("sharpe", summary["sharpe"], qs.stats.sharpe(r, rf=RF, periods=P), "qs.stats.sharpe(r, rf, periods)")
check("sharpe (empyrical)", summary["sharpe"], ep.sharpe_ratio(r, risk_free=rfs, annualization=P), "ep.sharpe_ratio(r, rf_s)")
check("sortino", summary["sortino"], qs.stats.sortino(r, rf=RF, periods=P), "qs.stats.sortino(r, rf, periods)")
check("sortino (empyrical)", summary["sortino"], ep.sortino_ratio(r, required_return=rfs, annualization=P), "ep.sortino_ratio")
check("downside_deviation", summary["downside_deviation"], ep.downside_risk(r, required_return=rfs, annualization=P), "ep.downside_risk")
check("annual_volatility", summary["annual_volatility"], qs.stats.volatility(r, periods=P), "qs.stats.volatility")
check("annual_volatility (empyr.)", summary["annual_volatility"], ep.annual_volatility(r, annualization=P), "ep.annual_volatility")
# max_drawdown is per bar: the peers' session drawdown is the same number only when bars are sessions.
bars_are_sessions = len(r) == len(equity)
if bars_are_sessions:
    check("max_drawdown", summary["max_drawdown"], -qs.stats.max_drawdown(r), "-qs.stats.max_drawdown(r)")
    check("max_drawdown (empyrical)", summary["max_drawdown"], -ep.max_drawdown(r), "-ep.max_drawdown(r)")
peak = np.maximum.accumulate(np.concatenate([[cash], equity["equity"].to_numpy()]))[1:]
check("max_drawdown (per bar)", summary["max_drawdown"], (1 - equity["equity"] / peak).max(), "transcription over bars")
if args.short:
    check("cagr_sessions (short run)", summary["cagr_sessions"], None, "null: fewer sessions than periods_per_year")
    check("cagr (short run)", summary["cagr"], None, "null")
    check("calmar (short run)", summary["calmar"], None, "null")
else:
    check("cagr_sessions", summary["cagr_sessions"], qs.stats.cagr(r, periods=P), "qs.stats.cagr(r, periods)")
    check("cagr_sessions (empyrical)", summary["cagr_sessions"], ep.annual_return(r, annualization=P), "ep.annual_return")
    check("calmar", summary["calmar"], ep.calmar_ratio(r, annualization=P), "ep.calmar_ratio")
    check("calmar (quantstats)", summary["calmar"], qs.stats.calmar(r, periods=P), "qs.stats.calmar")
    first, lastt = equity["timestamp"].iloc[0], equity["timestamp"].iloc[-1]
    years = (lastt - first).total_seconds() / (365.25 * 86400)
    check("cagr (calendar)", summary["cagr"], (levels[-1] / cash) ** (1 / years) - 1, "transcription")
check("skew", summary["skew"], qs.stats.skew(r), "qs.stats.skew (pandas)", rel=1e-8)
check("kurtosis", summary["kurtosis"], qs.stats.kurtosis(r), "qs.stats.kurtosis (pandas)")
check("value_at_risk", summary["value_at_risk"], ep.value_at_risk(r), "ep.value_at_risk(r, 0.05)")
check("expected_shortfall", summary["expected_shortfall"], ep.conditional_value_at_risk(r), "ep.conditional_value_at_risk")
check("tail_ratio", summary["tail_ratio"], ep.tail_ratio(r), "ep.tail_ratio")
check("omega", summary["omega"], ep.omega_ratio(r, risk_free=rfs), "ep.omega_ratio(r, rf_s)")
check("session_win_rate", summary["session_win_rate"], qs.stats.win_rate(r), "qs.stats.win_rate")
check("best_session", summary["best_session"], qs.stats.best(r), "qs.stats.best")
check("worst_session", summary["worst_session"], qs.stats.worst(r), "qs.stats.worst")
check("mean_session_return", summary["mean_session_return"], r.mean(), "pandas mean")
check("total_return", summary["total_return"], levels[-1] / cash - 1, "transcription")
check("recovery_factor", summary["recovery_factor"], (levels[-1] / cash - 1) / summary["max_drawdown"], "transcription")

bm = summary["benchmark"]
check("benchmark.sessions", bm["sessions"], len(b.dropna()), "paired sessions")
check("benchmark.beta", bm["beta"], ep.beta(r, b, risk_free=rfs), "ep.beta(r, b, rf_s)")
check("benchmark.beta (quantstats)", bm["beta"], qs.stats.greeks(r, b, periods=P)["beta"], "qs.stats.greeks beta")
check("benchmark.alpha", bm["alpha"], ep.alpha(r, b, risk_free=rfs, annualization=P), "ep.alpha(r, b, rf_s)")
if RF == 0:
    qa = qs.stats.greeks(r, b, periods=P)["alpha"]
    check("benchmark.alpha (quantstats)", bm["alpha"], (1 + qa / P) ** P - 1, "(1 + qs greeks alpha / P)^P - 1")
check("benchmark.information_ratio", bm["information_ratio"], qs.stats.information_ratio(r, b) * math.sqrt(P), "qs.stats.information_ratio * sqrt(P)")
check("benchmark.information (ep)", bm["information_ratio"], ep.excess_sharpe(r, b) * math.sqrt(P), "ep.excess_sharpe * sqrt(P)")
check("benchmark.tracking_error", bm["tracking_error"], (r - b).std() * math.sqrt(P), "transcription (pandas std)")
check("benchmark.correlation", bm["correlation"], r.corr(b), "pandas corr")
check("benchmark.total_return", bm["total_return"], (1 + b).prod() - 1, "transcription")

# Monthly and yearly returns: quantstats' table (compounded, EOY).
monthly = load("monthly.json")
table = qs.stats.monthly_returns(r, eoy=True, compounded=True)
months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
for item in monthly["items"]:
    check(f"monthly {item['year']}-{item['month']:02d}", item["return"], table.loc[str(item["year"]), months[item["month"] - 1]], "qs.stats.monthly_returns")
for item in monthly["years"]:
    check(f"yearly {item['year']}", item["return"], table.loc[str(item["year"]), "EOY"], "qs.stats.monthly_returns EOY")

# Rolling Sharpe.
rolling = load("rolling.json")
peer = qs.stats.rolling_sharpe(r, rf=RF, rolling_period=args.window, periods_per_year=P).dropna()
check("rolling_sharpe points", len(rolling["items"]), len(peer), "qs.stats.rolling_sharpe length")
worst = max(abs(item["sharpe"] - p) / max(1, abs(p)) for item, p in zip(rolling["items"], peer))
check("rolling_sharpe max rel diff", worst, 0, "qs.stats.rolling_sharpe", abs_tol=1e-9)

# Drawdown periods, where bars are sessions (daily data): quantstats' drawdown details.
drawdowns = load("drawdowns.json")["items"]
if bars_are_sessions:
    details = qs.stats.drawdown_details(qs.stats.to_drawdown_series(r))
    check("drawdown periods", len(drawdowns), len(details), "qs.stats.drawdown_details rows")
    starts = [pd.Timestamp(d["start"]).tz_localize(None) for d in drawdowns]
    troughs = [pd.Timestamp(d["trough"]).tz_localize(None) for d in drawdowns]
    ends = [pd.Timestamp(d["end"]).tz_localize(None) for d in drawdowns]
    same = (starts == list(pd.to_datetime(details["start"])) and troughs == list(pd.to_datetime(details["valley"]))
            and ends == list(pd.to_datetime(details["end"])))
    check("drawdown starts/valleys/ends", int(same), 1, "qs.stats.drawdown_details start, valley, end")
    depth = max(abs(d["depth"] + m / 100) for d, m in zip(drawdowns, details["max drawdown"]))
    check("drawdown depths max diff", depth, 0, "qs.stats.drawdown_details max drawdown / 100", abs_tol=1e-9)
    check("average_drawdown", summary["average_drawdown"], -details["max drawdown"].mean() / 100, "mean of qs max drawdown / 100")
check("drawdown_periods", summary["drawdown_periods"], len(drawdowns), "the drawdowns view")

# Trade statistics from trades.csv (transcription of each definition).
trades = pd.read_csv(f"{args.server}/trades.csv")
wins, losses = trades[trades.pnl > 0], trades[trades.pnl < 0]
check("win_rate", summary["win_rate"], len(wins) / len(trades), "transcription")
check("profit_factor", summary["profit_factor"], wins.pnl.sum() / -losses.pnl.sum(), "transcription")
check("expectancy", summary["expectancy"], trades.pnl.mean(), "transcription")
check("payoff_ratio", summary["payoff_ratio"], wins.pnl.mean() / -losses.pnl.mean(), "transcription")
check("largest_win", summary["largest_win"], wins.pnl.max(), "transcription")
check("largest_loss", summary["largest_loss"], losses.pnl.min(), "transcription")
check("average_bars_held", summary["average_bars_held"], trades.bars_held.mean(), "transcription")
check("average_mfe", summary["average_mfe"], trades.mfe.mean(), "transcription")
check("average_mae", summary["average_mae"], trades.mae.mean(), "transcription")
check("average_trade_return", summary["average_trade_return"], trades["return"].mean(), "transcription")
sign = np.sign(trades.pnl.to_numpy())
def runs(of):
    return max((len(list(g)) for k, g in itertools.groupby(sign) if k == of), default=0)



check("max_consecutive_wins", summary["max_consecutive_wins"], runs(1), "transcription")
check("max_consecutive_losses", summary["max_consecutive_losses"], runs(-1), "transcription")

# Attribution: cash flows of each asset's fills plus its final position at its last close.
fills = pd.read_csv(f"{args.server}/fills.csv")
fills["signed"] = np.where(fills.side == "buy", 1, -1)
flows = fills.assign(cash=-fills.signed * fills.quantity * fills.price - fills.commission,
                     held=fills.signed * fills.quantity).groupby("asset")[["cash", "held"]].sum()
last_close = bars.sort_values("timestamp").groupby("asset")["close"].last()
attribution = load("attribution.json")
for item in attribution["items"]:
    f = flows.loc[item["asset"]] if item["asset"] in flows.index else pd.Series({"cash": 0.0, "held": 0.0})
    check(f"attribution {item['asset']}", item["pnl"], f.cash + f.held * last_close[item["asset"]], "transcription from fills.csv", rel=1e-9, abs_tol=1e-6)
check("attribution total", attribution["totals"]["pnl"] - attribution["totals"]["borrow_fees"],
      summary["final_equity"] - cash, "final equity - initial cash", abs_tol=1e-6)

# Signal quality of ml_pred: per-timestamp Pearson and Spearman across assets (row-wise numpy over
# scipy's average ranks; scipy.stats.pearsonr / spearmanr themselves on the first 50 timestamps),
# pooled (scipy), and quantiles by the count of pairs strictly below (pandas rank "min").
quality = load("signal_quality.json")
wide_close = bars.pivot(index="timestamp", columns="asset", values="close").sort_index()
wide_signal = bars.pivot(index="timestamp", columns="asset", values="ml_pred").sort_index()


def row_correlation(x, y):
    xc, yc = x - x.mean(axis=1, keepdims=True), y - y.mean(axis=1, keepdims=True)
    den = np.sqrt((xc * xc).sum(axis=1) * (yc * yc).sum(axis=1))
    return np.where(den > 0, (xc * yc).sum(axis=1) / np.where(den > 0, den, 1), np.nan)


for h in quality["signals"][0]["horizons"]:
    n = h["horizon"]
    fwd = wide_close.shift(-n) / wide_close - 1
    S, F = wide_signal.to_numpy(), fwd.to_numpy()
    rows = np.isfinite(S).all(axis=1) & np.isfinite(F).all(axis=1)
    Sr, Fr = S[rows], F[rows]
    ic_rows = row_correlation(Sr, Fr)
    rank_rows = row_correlation(sps.rankdata(Sr, axis=1), sps.rankdata(Fr, axis=1))
    sample = [t for t in range(min(50, len(Sr))) if np.isfinite(ic_rows[t])]
    check(f"h{n} ic vs scipy, 50 bars", max(abs(ic_rows[t] - sps.pearsonr(Sr[t], Fr[t])[0]) for t in sample), 0,
          "scipy.stats.pearsonr per timestamp", abs_tol=1e-12)
    check(f"h{n} rank ic vs scipy", max(abs(rank_rows[t] - sps.spearmanr(Sr[t], Fr[t])[0]) for t in sample), 0,
          "scipy.stats.spearmanr per timestamp", abs_tol=1e-12)
    ics, rank_ics = pd.Series(ic_rows).dropna(), pd.Series(rank_rows).dropna()
    check(f"h{n} periods", h["periods"], len(ics), "timestamps with >= 3 pairs")
    check(f"h{n} ic", h["ic"], ics.mean(), "mean of the per-timestamp Pearson")
    check(f"h{n} ic_std", h["ic_std"], ics.std(), "pandas std of the ICs")
    check(f"h{n} ic_t", h["ic_t"], ics.mean() / ics.std() * math.sqrt(len(ics)), "transcription")
    check(f"h{n} rank_ic", h["rank_ic"], rank_ics.mean(), "mean of the per-timestamp Spearman")
    check(f"h{n} rank_ic_std", h["rank_ic_std"], rank_ics.std(), "pandas std of the rank ICs")
    pairs = pd.DataFrame({"s": wide_signal.stack(), "f": fwd.stack()}).dropna()
    check(f"h{n} observations", h["observations"], len(pairs), "finite pairs")
    check(f"h{n} pooled_ic", h["pooled_ic"], sps.pearsonr(pairs.s, pairs.f)[0], "scipy.stats.pearsonr of all pairs")
    check(f"h{n} pooled_rank_ic", h["pooled_rank_ic"], sps.spearmanr(pairs.s, pairs.f)[0], "scipy.stats.spearmanr of all pairs")
    q = quality["quantiles"]
    below = pairs.s.rank(method="min") - 1
    bucket = np.minimum(q, np.floor(q * below / len(pairs)) + 1)
    for item in h["quantiles"]:
        in_q = pairs[bucket == item["quantile"]]
        check(f"h{n} q{item['quantile']} count", item["count"], len(in_q), "pandas rank(method='min')")
        check(f"h{n} q{item['quantile']} hit_rate", item["hit_rate"], (in_q.f > 0).mean(), "transcription")
        check(f"h{n} q{item['quantile']} mean_forward", item["mean_forward_return"], in_q.f.mean(), "transcription")

print("FAILURES:", fails)
sys.exit(1 if fails else 0)
