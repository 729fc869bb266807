"""The account of the plain-Python transcriptions (``reference_topk.py``, ``reference_templates.py``):
fills at the open, commission, the cash and margin checks, and the mark at the close.

A transcription of the engine's contract (architecture.md "Engine semantics"; the doc comments of
``AccountTerms`` and ``CommissionModel``), not of its code:

* the orders decided on the close of bar ``t - 1`` (one signed market order per asset) fill at
  ``open[t]``: every sell first, then every buy, each in ascending asset order, each seeing the cash
  left by the fills before it;
* commission per fill: ``percent`` ``value * rate`` with ``value = quantity * price``;
  ``per_share`` ``min(max(quantity * rate, minimum), maximum)``;
* cash account: a buy is rejected whole when ``value + commission > cash`` (``insufficient_cash``),
  a sell larger than the long position with ``short_not_allowed``;
* margin account (initial margin 0.5, max leverage 2 unless given): a fill that adds gross exposure
  is rejected when, after it, ``gross > equity * max_leverage`` (``max_leverage``) or
  ``gross * initial_margin > equity`` (``insufficient_margin``), ``equity`` and ``gross`` as marked
  at the previous close and moved by each fill since (gross by ``(|after| - |before|) * price``,
  equity by minus the commission); fills that reduce exposure are never rejected;
* ``equity[t] = cash + sum(position * close[t])`` over the held assets in ascending order; a margin
  call (``equity < 0.25 * gross``) is not transcribed: the run stops.

Also kept per asset, for the rules template's position state: the bar of the position's first
entry fill and its average entry price (a fill that adds to a position averages its price in, one
that reduces it leaves it, one that opens or turns it starts it). Stdlib only.
"""
import math


def percent(rate):
    """Commission ``value * rate``."""
    return lambda qty, price: (qty * price) * rate


def per_share(rate, minimum=0.0, maximum=None):
    """Commission ``min(max(qty * rate, minimum), maximum)``."""
    def fee(qty, price):
        f = max(qty * rate, minimum)
        return f if maximum is None else min(f, maximum)
    return fee


class Account:
    """Cash, signed whole-share positions, the fills and the rejected orders of one run."""

    def __init__(self, assets, cash, commission, margin=False, initial_margin=0.5, max_leverage=2.0,
                 maintenance_margin=0.25):
        n = len(assets)
        self.assets, self.cash, self.commission, self.margin = assets, cash, commission, margin
        self.initial_margin, self.max_leverage, self.maintenance = initial_margin, max_leverage, maintenance_margin
        self.pos = [0] * n
        self.entry_bar = [None] * n
        self.entry_price = [math.nan] * n
        self.mark_equity, self.mark_gross = cash, 0.0
        # (t, asset, side, qty, price, commission) and (decision bar, asset, side, qty, reason)
        self.fills, self.rejections = [], []
        self.short_entries = 0  # sells that leave a short

    def settle(self, t, orders, opens):
        """Fill ``orders`` ({asset index: signed quantity}, decided on the close of ``t - 1``) at the
        opens of bar ``t``: sells, then buys, each in ascending asset order."""
        for selling in (True, False):
            for a in sorted(orders):
                q = orders[a]
                if q != 0 and (q < 0) == selling:
                    self._execute(t, a, q, opens[a])

    def _execute(self, t, a, q, price):
        qty, selling = abs(q), q < 0
        side = "sell" if selling else "buy"
        value = qty * price
        fee = self.commission(qty, price)
        before, after = self.pos[a], self.pos[a] + q
        reason = None
        if not self.margin:
            if not selling and value + fee > self.cash:
                reason = "insufficient_cash"
            elif selling and qty > before:
                reason = "short_not_allowed"
        else:
            added = (abs(after) - abs(before)) * price
            if added > 0:
                gross_after, equity_after = self.mark_gross + added, self.mark_equity - fee
                if gross_after > equity_after * self.max_leverage:
                    reason = "max_leverage"
                elif gross_after * self.initial_margin > equity_after:
                    reason = "insufficient_margin"
            if reason is None:
                self.mark_gross += added
                self.mark_equity -= fee
        if reason is not None:
            self.rejections.append((t - 1, self.assets[a], side, qty, reason))
            return
        self.cash = self.cash + value - fee if selling else self.cash - value - fee
        self.short_entries += 1 if selling and after < 0 else 0
        if before == 0 or (after != 0 and (before > 0) != (after > 0)):
            self.entry_bar[a], self.entry_price[a] = t, price
        elif abs(after) > abs(before):
            self.entry_price[a] = (abs(before) * self.entry_price[a] + qty * price) / abs(after)
        if after == 0:
            self.entry_bar[a], self.entry_price[a] = None, math.nan
        self.pos[a] = after
        self.fills.append((t, self.assets[a], side, qty, price, fee))

    def mark(self, t, closes):
        """``equity[t]`` at bar ``t``'s closes; the mark the next bar's margin checks start from."""
        holdings, gross = 0.0, 0.0
        for a, p in enumerate(self.pos):
            if p != 0:
                holdings += p * closes[a]
                gross += abs(p * closes[a])
        e = self.cash + holdings
        self.mark_equity, self.mark_gross = e, gross
        if self.margin and gross > 0 and e < self.maintenance * gross:
            raise SystemExit(f"bar {t}: a margin call would fire (not transcribed); trade smaller")
        return e
