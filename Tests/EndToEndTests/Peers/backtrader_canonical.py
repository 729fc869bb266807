#!/usr/bin/env python3
"""The canonical parity strategy run in backtrader 1.9.78.123.

Settings (each one is needed for exact agreement, see canonical-strategy.md):
``Cerebro(cheat_on_open=False)``; ``broker.set_coc(False)``,
``set_coo(False)``, ``set_checksubmit(False)`` (the default pre-checks cash
at the signal close and wrongly rejects); ``setcommission(commission=rate,
commtype=COMM_PERC, percabs=True, stocklike=True)``; market orders, all sells
submitted before all buys in ``next()`` (BackBroker executes pending orders in
submission order), ascending asset order; the fill price is read from
``order.executed.exbits[-1].price`` (``order.executed.price`` is a running
average); equity is ``broker.getvalue()`` in ``next()``.

One in-memory data feed per asset on the common grid (extra lines
``ml_pred`` and ``confidence``), added in ascending asset order.  A buy the
broker cannot afford comes back with status ``Margin`` and is counted in
``n_rejected``.

Writes DIR/fills.csv, DIR/equity.csv and DIR/summary.json (see
canonical_common.py for the formats).

Example:
    python3 backtrader_canonical.py --data bars.csv --out bt_out
"""
import argparse
import math
import sys
import time

import backtrader as bt

from canonical_common import add_common_args, load_grid, write_outputs


class GridFeed(bt.feed.DataBase):
    """One asset's column of a ``Grid`` as a backtrader feed (naive UTC datetimes)."""

    lines = ("ml_pred", "confidence")
    params = (("grid", None), ("column", 0))

    def start(self):
        super().start()
        self._t = 0

    def _load(self):
        g, a, t = self.p.grid, self.p.column, self._t
        if t >= g.n_bars:
            return False
        f = g.fields
        self.lines.datetime[0] = bt.date2num(g.times[t].replace(tzinfo=None))
        self.lines.open[0] = f["open"][t][a]
        self.lines.high[0] = f["high"][t][a]
        self.lines.low[0] = f["low"][t][a]
        self.lines.close[0] = f["close"][t][a]
        self.lines.volume[0] = f["volume"][t][a]
        self.lines.openinterest[0] = 0.0
        self.lines.ml_pred[0] = f["ml_pred"][t][a]
        self.lines.confidence[0] = f["confidence"][t][a]
        self._t = t + 1
        return True


class Canonical(bt.Strategy):
    """Entry ml_pred > 0.8 and confidence > 0.7 (flat), exit ml_pred < 0.4 (long)."""

    params = (("alloc", 0.0), ("n_bars", 0))

    def __init__(self):
        self.fills = []        # (t, asset, side, qty, price, commission)
        self.equity = []
        self.n_rejected = 0
        self.unexpected = []   # statuses other than Completed / Margin

    def notify_order(self, order):
        if order.status in (order.Submitted, order.Accepted):
            return
        t = len(self) - 1      # notifications are delivered before next() of the fill bar
        if order.status == order.Completed:
            ex = order.executed
            side = "buy" if order.isbuy() else "sell"
            self.fills.append((t, order.data._name, side, abs(int(ex.size)), ex.exbits[-1].price, ex.comm))
        elif order.status == order.Margin:
            self.n_rejected += 1
        else:
            self.unexpected.append((t, order.data._name, order.getstatusname()))

    def next(self):
        self.equity.append(self.broker.getvalue())
        if len(self) == self.p.n_bars:
            return  # orders created on the last bar would never fill
        sells, buys = [], []
        for d in self.datas:   # ascending asset order
            size = self.getposition(d).size
            if size == 0 and d.ml_pred[0] > 0.8 and d.confidence[0] > 0.7:
                qty = math.floor(self.p.alloc / d.close[0])
                if qty >= 1:
                    buys.append((d, qty))
            elif size > 0 and d.ml_pred[0] < 0.4:
                sells.append((d, size))
        for d, qty in sells:
            self.sell(data=d, size=qty, exectype=bt.Order.Market)
        for d, qty in buys:
            self.buy(data=d, size=qty, exectype=bt.Order.Market)


def run(grid, alloc_fraction, initial_cash, commission_rate):
    """Run backtrader; return (fills, equity, n_rejected)."""
    cerebro = bt.Cerebro(cheat_on_open=False, stdstats=False)
    broker = cerebro.broker
    broker.set_cash(initial_cash)
    broker.set_coc(False)
    broker.set_coo(False)
    broker.set_checksubmit(False)
    broker.setcommission(commission=commission_rate, commtype=bt.CommInfoBase.COMM_PERC,
                         percabs=True, stocklike=True)
    for a, name in enumerate(grid.assets):
        cerebro.adddata(GridFeed(grid=grid, column=a), name=name)
    alloc = alloc_fraction * initial_cash / grid.n_assets
    cerebro.addstrategy(Canonical, alloc=alloc, n_bars=grid.n_bars)
    strat = cerebro.run(runonce=True, preload=True)[0]
    if strat.unexpected:
        raise RuntimeError(f"unexpected order statuses: {strat.unexpected[:5]}")
    if len(strat.equity) != grid.n_bars:
        raise RuntimeError(f"next() ran {len(strat.equity)} times for {grid.n_bars} bars")
    return strat.fills, strat.equity, strat.n_rejected


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(ap)
    args = ap.parse_args()
    started = time.perf_counter()
    grid = load_grid(args.data)
    fills, equity, n_rejected = run(grid, args.alloc, args.cash, args.commission)
    summary = write_outputs(args.out, fills, grid.times, equity, n_rejected, args.cash)
    print(f"backtrader: {grid.n_assets} assets x {grid.n_bars} bars, {summary['n_fills']} fills, "
          f"{n_rejected} rejected, final equity {summary['final_equity']!r}, "
          f"{time.perf_counter() - started:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
