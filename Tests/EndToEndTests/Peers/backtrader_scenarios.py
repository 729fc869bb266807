#!/usr/bin/env python3
"""The engine-core scenarios (SEMANTICS.md) run in backtrader 1.9.78.123.

The canonical threshold strategy plus one feature per ``--scenario``:
``risk`` (stop-loss / take-profit / trailing stop / max bars held), ``short``
(threshold on both sides), ``limit`` (limit entries valid for N bars),
``trailing`` (a percent trailing stop), ``per_share`` (per-share commission
with a minimum), ``participation`` (at most x % of each bar's volume).
Presets and flags: scenario_common.py.

Settings, on top of backtrader_canonical.py's (``cheat_on_open=False``,
``coc``/``coo`` off, ``set_checksubmit(False)``, stocklike commission, fill
price from the execution bits):

* position rules are separate orders submitted in ``next()`` of the bar the
  entry filled, **before** that bar's market orders, in the order stop-loss
  (``Stop``), trailing stop (``StopTrail`` with ``trailpercent``, created
  with ``price=fill`` and then ``trailadjust(close)`` of the entry bar),
  take-profit (``Limit``), linked with ``oco=`` the stop-loss; a strategy exit
  cancels them (``cancel`` -> the OCO group goes too);
* short sales are plain ``sell`` orders with no position (``shortcash=True``,
  the default: cash rises by the proceeds, value counts ``size * close``);
* limit entries are ``Limit`` orders; every bar a still-resting one is
  cancelled and re-submitted at the same price after that bar's sells, so
  that sells precede buys (backtrader executes pending orders in submission
  order); it is cancelled for good on the close of its last valid bar or on
  an exit signal;
* per-share commission: a ``CommInfoBase`` subclass whose
  ``_getcommission`` returns ``max(|size| * rate, minimum)``;
* participation: ``broker.set_filler(FixedBarPerc(perc))``; a partly filled
  market order is cancelled and its remainder re-submitted each bar (sells
  before buys again); one fills.csv row per execution bit.

Writes DIR/fills.csv (canonical columns plus ``order_type``, ``reason``,
``level``), DIR/equity.csv and DIR/summary.json (canonical keys plus the
scenario counts).

Example:
    python3 backtrader_scenarios.py --scenario risk --data bars.csv --out bt_risk --stop-loss 0.02
"""
import math

import backtrader as bt

from backtrader_canonical import GridFeed
from scenario_common import has_rules, run_peer

ORDER_TYPE = {bt.Order.Market: "market", bt.Order.Limit: "limit", bt.Order.Stop: "stop",
              bt.Order.StopTrail: "stop_trail"}


class PerShareMin(bt.CommInfoBase):
    """``max(|size| * commission, minimum)`` per execution, stock-like."""

    params = (("stocklike", True), ("commtype", bt.CommInfoBase.COMM_FIXED), ("minimum", 0.0))

    def _getcommission(self, size, price, pseudoexec):
        return max(abs(size) * self.p.commission, self.p.minimum)


class Working:
    """A strategy-side working order: what to re-submit while it rests."""

    def __init__(self, order, role, side, exectype, price, expiry, reason):
        self.order, self.role, self.side = order, role, side
        self.exectype, self.price, self.expiry, self.reason = exectype, price, expiry, reason


class Scenario(bt.Strategy):
    params = (("cfg", None), ("n_bars", 0))

    def __init__(self):
        c = self.c = self.p.cfg
        n = len(self.datas)
        self.alloc = c["alloc"] * c["initial_cash"] / n
        self.fills, self.equity, self.unexpected = [], [], []
        self.n_rejected = 0
        self.exposure = (0.0, self.c["initial_cash"])   # (max gross / equity, min cash) at the closes
        self.counts = {"n_limit_expired": 0, "n_limit_cancelled": 0, "n_trail_moves": 0,
                       "n_stop_and_take_profit_same_bar": 0, "n_remainders_cancelled": 0,
                       "n_partial_fills": 0}
        self.reason = {}                   # order.ref -> (reason, level or None)
        self.working = [None] * n          # Working entry/exit order per asset
        self.rules = [[] for _ in range(n)]  # live rule orders per asset, submission order
        self.trail_seen = [None] * n       # last seen trailing level
        self.entry_bar = [None] * n
        self.entry_done = [None] * n       # fill price of an entry completed this bar
        self.index = {d._name: a for a, d in enumerate(self.datas)}  # (data == data builds a line op)

    # -- notifications (delivered before next() of the bar they happened in) --
    def notify_order(self, order):
        if order.status in (order.Submitted, order.Accepted, order.Canceled):
            return
        t = len(self) - 1
        a = self.index[order.data._name]
        reason, level = self.reason[order.ref]
        if order.exectype == bt.Order.StopTrail:
            level = order.created.price   # the level it triggered at (not adjusted once executed)
        if order.status in (order.Partial, order.Completed):
            for bit in order.executed.iterpending():
                side = "buy" if order.isbuy() else "sell"
                self.fills.append((t, order.data._name, side, abs(int(bit.size)), bit.price, bit.comm,
                                   ORDER_TYPE[order.exectype], reason, level))
                if order.status == order.Partial:
                    self.counts["n_partial_fills"] += 1
            if order.status == order.Completed:
                self._done(a, order, reason)
            elif reason == "entry" and self.entry_bar[a] is None:
                self.entry_bar[a] = t
        elif order.status == order.Margin:
            self.n_rejected += 1
            w = self.working[a]
            if w is not None and w.order.ref == order.ref:
                self.working[a] = None
        else:
            self.unexpected.append((t, order.data._name, order.getstatusname()))

    def _done(self, a, order, reason):
        t = len(self) - 1
        d = self.datas[a]
        w = self.working[a]
        if w is not None and w.order.ref == order.ref:
            self.working[a] = None
        if reason == "entry":
            if self.entry_bar[a] is None:
                self.entry_bar[a] = t
            self.entry_done[a] = order.executed.exbits[-1].price
        elif reason in ("stop_loss", "trailing_stop", "take_profit"):
            if reason == "stop_loss":
                tp = [o for o in self.rules[a] if self.reason[o.ref][0] == "take_profit"]
                long_ = order.issell()
                if tp and ((d.high[0] >= tp[0].created.price) if long_ else (d.low[0] <= tp[0].created.price)):
                    self.counts["n_stop_and_take_profit_same_bar"] += 1
            self.rules[a] = []
            self.entry_bar[a] = None
        else:
            self.entry_bar[a] = None

    # -- order helpers ------------------------------------------------------
    def _submit(self, d, side, qty, exectype, price, reason, level=None, **kw):
        fn = self.buy if side == "buy" else self.sell
        o = fn(data=d, size=qty, exectype=exectype, price=price, **kw)
        self.reason[o.ref] = (reason, level)
        return o

    def _cancel_rules(self, a):
        for o in self.rules[a]:
            if o.alive():
                self.cancel(o)   # the OCO group goes with it
                break
        self.rules[a] = []

    def _place_rules(self, a, side_long, fill):
        """Stop-loss, trailing stop, take-profit, in this order, one OCO group."""
        c, d = self.c, self.datas[a]
        qty = abs(int(self.getposition(d).size))
        exit_side = "sell" if side_long else "buy"
        sgn = 1.0 if side_long else -1.0
        first = None
        if c["stop_loss"] is not None:
            lvl = fill * (1.0 - sgn * c["stop_loss"])
            first = self._submit(d, exit_side, qty, bt.Order.Stop, lvl, "stop_loss", lvl)
            self.rules[a].append(first)
        if c["trailing_stop"] is not None:
            o = self._submit(d, exit_side, qty, bt.Order.StopTrail, fill, "trailing_stop",
                             trailpercent=c["trailing_stop"], oco=first)
            o.trailadjust(d.close[0])      # the entry bar's close counts (the order rests from the fill on)
            self.trail_seen[a] = o.created.price
            first = first or o
            self.rules[a].append(o)
        if c["take_profit"] is not None:
            lvl = fill * (1.0 + sgn * c["take_profit"])
            o = self._submit(d, exit_side, qty, bt.Order.Limit, lvl, "take_profit", lvl, oco=first)
            self.rules[a].append(o)

    def next(self):
        t = len(self) - 1
        c = self.c
        value = self.broker.getvalue()
        self.equity.append(value)
        gross = sum(abs(self.getposition(d).size) * d.close[0] for d in self.datas)
        self.exposure = (max(self.exposure[0], gross / value), min(self.exposure[1], self.broker.getcash()))
        for a, rules in enumerate(self.rules):   # trailing level raised by this bar's close
            for o in rules:
                if o.exectype == bt.Order.StopTrail and o.alive():
                    if o.created.price != self.trail_seen[a]:
                        self.counts["n_trail_moves"] += 1
                        self.trail_seen[a] = o.created.price
        if t == self.p.n_bars - 1:
            return   # orders created on the last bar would never fill
        sells, buys = [], []   # (d, qty, exectype, price, reason, expiry)
        for a, d in enumerate(self.datas):   # ascending asset order
            pos = int(self.getposition(d).size)
            p, cf = d.ml_pred[0], d.confidence[0]
            fill, self.entry_done[a] = self.entry_done[a], None
            w = self.working[a]
            if w is not None:
                self.cancel(w.order)   # re-submitted below unless it ends here
                self.working[a] = None
                exit_signal = (p < c["exit_below"]) if w.side == "buy" else (p > c["cover_above"])
                if w.role == "entry" and w.exectype == bt.Order.Limit and t >= w.expiry:
                    self.counts["n_limit_expired"] += 1
                elif w.role == "entry" and exit_signal:
                    self.counts["n_limit_cancelled" if w.exectype == bt.Order.Limit
                                else "n_remainders_cancelled"] += 1
                else:
                    qty = abs(int(w.order.executed.remsize))
                    (buys if w.side == "buy" else sells).append(
                        (d, qty, w.exectype, w.price, w.reason, w.expiry))
                    continue
            if pos == 0:
                if p > c["entry_above"] and cf > c["conf_above"]:
                    side = "buy"
                elif c["shorts"] and p < c["short_below"] and cf > c["conf_above"]:
                    side = "sell"
                else:
                    continue
                qty = math.floor(self.alloc / d.close[0])
                if qty < 1:
                    continue
                if c["entry_type"] == "limit":
                    off = c["offset_bps"] if side == "buy" else -c["offset_bps"]
                    order = (d, qty, bt.Order.Limit, d.close[0] * (1.0 + off / 10000.0), "entry",
                             t + c["limit_bars"])
                else:
                    order = (d, qty, bt.Order.Market, None, "entry", None)
                (buys if side == "buy" else sells).append(order)
                continue
            held = t - self.entry_bar[a] + 1 if self.entry_bar[a] is not None else 0
            timed_out = c["max_bars"] is not None and held >= c["max_bars"]
            if pos > 0 and (p < c["exit_below"] or timed_out):
                self._cancel_rules(a)
                reason = "signal" if p < c["exit_below"] else "max_bars"
                sells.append((d, pos, bt.Order.Market, None, reason, None))
            elif pos < 0 and (p > c["cover_above"] or timed_out):
                self._cancel_rules(a)
                reason = "signal" if p > c["cover_above"] else "max_bars"
                buys.append((d, -pos, bt.Order.Market, None, reason, None))
            elif fill is not None and has_rules(c):
                self._place_rules(a, pos > 0, fill)
        for side, group in (("sell", sells), ("buy", buys)):
            for d, qty, exectype, price, reason, expiry in group:
                level = price if exectype == bt.Order.Limit else None
                o = self._submit(d, side, qty, exectype, price, reason, level)
                if reason == "entry" or exectype == bt.Order.Limit or self.c["participation"] is not None:
                    self.working[self.index[d._name]] = Working(
                        o, "entry" if reason == "entry" else "exit", side, exectype, price, expiry, reason)


def run(grid, cfg):
    """Run backtrader; return (fills, equity, n_rejected, counts, (max gross leverage, min cash))."""
    cerebro = bt.Cerebro(cheat_on_open=False, stdstats=False)
    broker = cerebro.broker
    broker.set_cash(cfg["initial_cash"])
    broker.set_coc(False)
    broker.set_coo(False)
    broker.set_checksubmit(False)
    broker.set_shortcash(True)
    if cfg["per_share_rate"] is not None:
        broker.addcommissioninfo(PerShareMin(commission=cfg["per_share_rate"], minimum=cfg["per_share_min"]))
    else:
        broker.setcommission(commission=cfg["commission"], commtype=bt.CommInfoBase.COMM_PERC,
                             percabs=True, stocklike=True)
    if cfg["participation"] is not None:
        broker.set_filler(bt.broker.fillers.FixedBarPerc(perc=cfg["participation"]))
    for a, name in enumerate(grid.assets):
        cerebro.adddata(GridFeed(grid=grid, column=a), name=name)
    cerebro.addstrategy(Scenario, cfg=cfg, n_bars=grid.n_bars)
    strat = cerebro.run(runonce=True, preload=True)[0]
    if strat.unexpected:
        raise RuntimeError(f"unexpected order statuses: {strat.unexpected[:5]}")
    if len(strat.equity) != grid.n_bars:
        raise RuntimeError(f"next() ran {len(strat.equity)} times for {grid.n_bars} bars")
    return strat.fills, strat.equity, strat.n_rejected, strat.counts, strat.exposure


def main():
    run_peer("backtrader", __doc__, run)


if __name__ == "__main__":
    main()
