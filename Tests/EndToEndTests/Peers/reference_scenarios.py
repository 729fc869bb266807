#!/usr/bin/env python3
"""Plain-Python reference for the engine-core scenarios (independent of backtrader).

A literal transcription of the rules in SEMANTICS.md, the second
implementation that confirms backtrader_scenarios.py.  For each bar t:

1. fill against bar t, in this order:
   a. position rules of positions entered before t, ascending asset order,
      per asset stop-loss, trailing stop, take-profit, the first that
      triggers wins (a stop triggers when the open or the low (long) reaches
      its level and fills at the open if the open is through, else at the
      level; a take-profit likewise with the high); a trailing stop that did
      not trigger is then raised to ``close - close * f``;
   b. pending sells (long exits, short entries), ascending asset order;
   c. pending buys (covers, long entries), ascending asset order; an order
      that opens exposure is rejected whole when it cannot be paid
      (``value + commission > cash``; a short sale when
      ``cash + value - commission < 0``); market orders fill at the open,
      limits at the open when it is at or through the limit, else at the
      limit when the low (buy) / high (sell) reaches it; with
      ``participation`` at most ``floor(volume * perc / 100)`` shares per
      bar, the rest waiting for later bars;
2. ``equity[t] = cash + sum(position * close)``;
3. decide on the close (threshold strategy on both sides, max bars held,
   limit expiry and cancellation, rules placed for entries filled at t).

Presets and flags: scenario_common.py.  Writes DIR/fills.csv, DIR/equity.csv,
DIR/summary.json like backtrader_scenarios.py.

Example:
    python3 reference_scenarios.py --scenario risk --data bars.csv --out ref_risk --stop-loss 0.02
"""
import math

from scenario_common import RULE_REASONS, commission_of, has_rules, run_peer


class Order:
    """A pending order: side, remaining quantity, type, limit, reason, expiry bar."""

    def __init__(self, side, qty, otype, price, reason, expiry):
        self.side, self.qty, self.otype = side, qty, otype
        self.price, self.reason, self.expiry = price, reason, expiry


def run(grid, cfg):
    """Run the event loop; return (fills, equity, n_rejected, counts, (max gross leverage, min cash))."""
    n = grid.n_assets
    F = grid.fields
    alloc = cfg["alloc"] * cfg["initial_cash"] / n
    cash = cfg["initial_cash"]
    pos = [0] * n
    entry_bar = [None] * n
    entry_done = [None] * n
    rules = [dict() for _ in range(n)]   # reason -> level, in RULE_REASONS order
    pending = [None] * n
    fills, equity, n_rejected = [], [], 0
    counts = {"n_limit_expired": 0, "n_limit_cancelled": 0, "n_trail_moves": 0,
              "n_stop_and_take_profit_same_bar": 0, "n_remainders_cancelled": 0, "n_partial_fills": 0}
    perc = cfg["participation"]
    exposure = (0.0, cash)   # (max gross / equity, min cash) at the closes

    def trade(t, a, side, qty, price, otype, reason, level):
        nonlocal cash
        comm = commission_of(cfg, qty, price)
        value = qty * price
        cash = cash + value - comm if side == "sell" else cash - value - comm
        pos[a] += qty if side == "buy" else -qty
        fills.append((t, grid.assets[a], side, qty, price, comm, otype, reason, level))

    for t in range(grid.n_bars):
        o, h, l, c, v = (F[k][t] for k in ("open", "high", "low", "close", "volume"))
        # 1a. position rules
        for a in range(n):
            if not rules[a]:
                continue
            long_ = pos[a] > 0
            hit = None
            for reason in RULE_REASONS:
                lvl = rules[a].get(reason)
                if lvl is None:
                    continue
                if reason != "take_profit":   # stop: sell below / buy above
                    if (o[a] <= lvl) if long_ else (o[a] >= lvl):
                        hit = (reason, o[a], lvl)
                    elif (l[a] <= lvl) if long_ else (h[a] >= lvl):
                        hit = (reason, lvl, lvl)
                else:                         # take-profit: sell limit above / buy limit below
                    if (lvl <= o[a]) if long_ else (lvl >= o[a]):
                        hit = (reason, o[a], lvl)
                    elif (lvl <= h[a]) if long_ else (lvl >= l[a]):
                        hit = (reason, lvl, lvl)
                if hit:
                    break
            if hit:
                reason, price, lvl = hit
                tp = rules[a].get("take_profit")
                if reason == "stop_loss" and tp is not None and ((h[a] >= tp) if long_ else (l[a] <= tp)):
                    counts["n_stop_and_take_profit_same_bar"] += 1
                otype = {"stop_loss": "stop", "trailing_stop": "stop_trail", "take_profit": "limit"}[reason]
                trade(t, a, "sell" if long_ else "buy", abs(pos[a]), price, otype, reason, lvl)
                rules[a] = {}
                entry_bar[a] = None
            elif "trailing_stop" in rules[a]:
                f, lvl = cfg["trailing_stop"], rules[a]["trailing_stop"]
                new = c[a] - c[a] * f if long_ else c[a] + c[a] * f
                if (new > lvl) if long_ else (new < lvl):
                    rules[a]["trailing_stop"] = new
                    counts["n_trail_moves"] += 1
        # 1b/1c. pending orders: sells, then buys, ascending asset order
        for side in ("sell", "buy"):
            for a in range(n):
                od = pending[a]
                if od is None or od.side != side:
                    continue
                if od.otype == "market":
                    price = o[a]
                elif side == "buy":
                    price = o[a] if od.price >= o[a] else (od.price if od.price >= l[a] else None)
                else:
                    price = o[a] if od.price <= o[a] else (od.price if od.price <= h[a] else None)
                if price is None:
                    continue
                qty = od.qty if perc is None else min(math.floor(v[a] * perc / 100.0), od.qty)
                if qty == 0:
                    continue
                opening = od.reason == "entry"
                if opening:
                    value, comm = qty * price, commission_of(cfg, qty, price)
                    if (value + comm > cash) if side == "buy" else (cash + value - comm < 0.0):
                        n_rejected += 1
                        pending[a] = None
                        continue
                trade(t, a, side, qty, price, od.otype, od.reason, od.price)
                od.qty -= qty
                if od.qty:
                    counts["n_partial_fills"] += 1
                if opening and entry_bar[a] is None:
                    entry_bar[a] = t
                if od.qty == 0:
                    pending[a] = None
                    if opening:
                        entry_done[a] = price
                    else:
                        entry_bar[a] = None
        # 2. mark to market
        eq = cash
        for a in range(n):
            eq += pos[a] * c[a]
        equity.append(eq)
        gross = sum(abs(pos[a]) * c[a] for a in range(n))
        exposure = (max(exposure[0], gross / eq), min(exposure[1], cash))
        # 3. decide on the close
        if t == grid.n_bars - 1:
            break
        p, cf = F["ml_pred"][t], F["confidence"][t]
        for a in range(n):
            fill, entry_done[a] = entry_done[a], None
            od = pending[a]
            if od is not None:
                exit_signal = (p[a] < cfg["exit_below"]) if od.side == "buy" else (p[a] > cfg["cover_above"])
                if od.reason == "entry" and od.otype == "limit" and t >= od.expiry:
                    counts["n_limit_expired"] += 1
                    pending[a] = None
                elif od.reason == "entry" and exit_signal:
                    counts["n_limit_cancelled" if od.otype == "limit" else "n_remainders_cancelled"] += 1
                    pending[a] = None
                else:
                    continue   # keeps working
            if pos[a] == 0:
                if p[a] > cfg["entry_above"] and cf[a] > cfg["conf_above"]:
                    side = "buy"
                elif cfg["shorts"] and p[a] < cfg["short_below"] and cf[a] > cfg["conf_above"]:
                    side = "sell"
                else:
                    continue
                qty = math.floor(alloc / c[a])
                if qty < 1:
                    continue
                if cfg["entry_type"] == "limit":
                    off = cfg["offset_bps"] if side == "buy" else -cfg["offset_bps"]
                    pending[a] = Order(side, qty, "limit", c[a] * (1.0 + off / 10000.0), "entry",
                                       t + cfg["limit_bars"])
                else:
                    pending[a] = Order(side, qty, "market", None, "entry", None)
                continue
            long_ = pos[a] > 0
            held = t - entry_bar[a] + 1 if entry_bar[a] is not None else 0
            timed_out = cfg["max_bars"] is not None and held >= cfg["max_bars"]
            signal = (p[a] < cfg["exit_below"]) if long_ else (p[a] > cfg["cover_above"])
            if signal or timed_out:
                rules[a] = {}
                pending[a] = Order("sell" if long_ else "buy", abs(pos[a]), "market", None,
                                   "signal" if signal else "max_bars", None)
            elif fill is not None and has_rules(cfg):
                sgn = 1.0 if long_ else -1.0
                if cfg["stop_loss"] is not None:
                    rules[a]["stop_loss"] = fill * (1.0 - sgn * cfg["stop_loss"])
                if cfg["trailing_stop"] is not None:
                    f = cfg["trailing_stop"]
                    lvl = fill - fill * f if long_ else fill + fill * f
                    new = c[a] - c[a] * f if long_ else c[a] + c[a] * f   # the entry bar's close counts
                    rules[a]["trailing_stop"] = max(lvl, new) if long_ else min(lvl, new)
                if cfg["take_profit"] is not None:
                    rules[a]["take_profit"] = fill * (1.0 + sgn * cfg["take_profit"])
    return fills, equity, n_rejected, counts, exposure


def main():
    run_peer("reference", __doc__, run)


if __name__ == "__main__":
    main()
