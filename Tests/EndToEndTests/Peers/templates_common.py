"""The decisions of the threshold, rules, target_weights, top_k and regime templates, for
``reference_templates.py``: each a transcription of its contract in api-spec/openapi.yaml
(``ThresholdParams``, ``RulesParams``, ``TargetWeightsParams``, ``TopKParams``, ``RegimeParams``,
``Sizing``), the template's params given as the API's JSON (snake_case, defaults as documented).

A template is made once (``make(spec, run)``) and asked on each bar's close ``decide(t, equity)``:
it returns ``{asset index: signed quantity}``, the market orders to fill at the next open (an
order that would trade nothing is not an order), and appends to ``run.account.rejections`` the
orders it decides with a quantity below one share (``quantity_rounds_to_zero``, rejected at once).

* threshold: flat and ``signal > entry_above`` and every filter holds: buy; long and
  ``signal < exit_below``: sell the whole position (no shorts, no exit filters here).
* rules: per asset in ascending order; flat: ``entry`` holds -> buy, else ``short`` holds -> sell
  short; long: ``exit`` holds -> sell all; short: ``cover`` holds -> buy all back. The position
  state: ``bars_held`` = bars since the first entry fill (0 on its close), ``unrealized_pnl_pct`` =
  ``close / entry - 1`` (long) or ``1 - close / entry`` (short) on the average entry price.
* sizing (entries): ``equal_initial`` ``fraction * initial_cash / N``, ``percent_equity``
  ``fraction * equity``, ``fixed_value``; then ``floor(allocation / close)`` shares.
  ``fixed_quantity``: that many.
* target_weights: on ``t % rebalance_every == 0`` every asset's target is ``w * E / close``
  rounded toward zero (``w`` the row's weight, missing = 0); between schedules, with ``drift``,
  an asset whose weight ``position * close / E`` is more than ``drift`` from ``w`` is rebalanced
  alone. Orders: target minus position.
* top_k: ``reference_topk.targets`` on its schedule (``topk_common.schedule``).
* regime: per regime a streak, the consecutive closes up to this one on which its ``when`` held.
  The current regime stays while its ``when`` holds or no other's does; otherwise the first other
  regime, in the order given, whose streak is at least ``confirm_bars`` becomes current (none:
  it stays). The current regime's template decides; on the close of a switch with
  ``exit_on_switch`` every position is closed instead (the new regime decides from the next bar).
"""
import math
import types

from reference_topk import targets as topk_targets, volatility
from rule_expressions import Expression
from topk_common import schedule


def make(spec, run):
    """The template of ``spec`` (``{"template": ..., "params": ...}``) over ``run`` (grid, account,
    context, initial_cash)."""
    kind, p = spec["template"], spec["params"]
    return {"threshold": Threshold, "rules": Rules, "target_weights": TargetWeights, "top_k": TopK,
            "regime": Regime}[kind](p, run)


def entry_size(sizing, run, t, a, equity):
    """Shares of an entry decided on bar t's close for asset a."""
    sizing = sizing or {"method": "equal_initial", "fraction": 0.95}
    method, close = sizing["method"], run.grid.fields["close"][t][a]
    if method == "fixed_quantity":
        return sizing["quantity"]
    allocation = {"equal_initial": lambda: sizing["fraction"] * run.initial_cash / run.grid.n_assets,
                  "percent_equity": lambda: sizing["fraction"] * equity,
                  "fixed_value": lambda: sizing["value"]}[method]()
    shares = allocation / close
    return math.floor(shares) if shares >= 1 else 0


def enter(run, orders, t, a, side, qty):
    """An entry order, or a rejection when it rounds to nothing."""
    if qty < 1:
        run.account.rejections.append((t, run.grid.assets[a], side, 0, "quantity_rounds_to_zero"))
    else:
        orders[a] = qty if side == "buy" else -qty


class Threshold:
    OPS = {">": lambda x, v: x > v, ">=": lambda x, v: x >= v, "<": lambda x, v: x < v, "<=": lambda x, v: x <= v}

    def __init__(self, p, run):
        unsupported = set(p) - {"signal", "entry_above", "exit_below", "filters", "sizing"}
        if unsupported:
            raise SystemExit(f"threshold: {sorted(unsupported)} not transcribed")
        self.p, self.run = p, run

    def decide(self, t, equity):
        f, pos, orders = self.run.grid.fields, self.run.account.pos, {}
        for a in range(self.run.grid.n_assets):
            s = f[self.p["signal"]][t][a]
            if pos[a] == 0:
                if s > self.p["entry_above"] and all(
                        self.OPS[x["op"]](f[x["column"]][t][a], x["value"]) for x in self.p.get("filters", [])):
                    enter(self.run, orders, t, a, "buy", entry_size(self.p.get("sizing"), self.run, t, a, equity))
            elif pos[a] > 0 and s < self.p["exit_below"]:
                orders[a] = -pos[a]
        return orders


class Rules:
    def __init__(self, p, run):
        unsupported = set(p) - {"entry", "exit", "short", "cover", "sizing"}
        if unsupported:
            raise SystemExit(f"rules: {sorted(unsupported)} not transcribed")
        g = run.grid
        self.p, self.run = p, run
        self.rules = {role: Expression(p[role], g.fields.__getitem__, run.context.__getitem__, g.n_bars, g.n_assets)
                      for role in ("entry", "exit", "short", "cover") if p.get(role)}

    def holds(self, role, t, a):
        rule = self.rules.get(role)
        if rule is None:
            return False
        acct = self.run.account
        p = acct.pos[a]
        held, pnl = 0, 0.0
        if p != 0:
            close, entry = self.run.grid.fields["close"][t][a], acct.entry_price[a]
            held = t - acct.entry_bar[a]
            pnl = close / entry - 1 if p > 0 else 1 - close / entry
        return rule.holds(t, a, (p, held, pnl))

    def decide(self, t, equity):
        pos, orders = self.run.account.pos, {}
        for a in range(self.run.grid.n_assets):
            if pos[a] == 0:
                side = "buy" if self.holds("entry", t, a) else "sell" if self.holds("short", t, a) else None
                if side:
                    enter(self.run, orders, t, a, side, entry_size(self.p.get("sizing"), self.run, t, a, equity))
            elif self.holds("exit" if pos[a] > 0 else "cover", t, a):
                orders[a] = -pos[a]
        return orders


class TargetWeights:
    def __init__(self, p, run):
        self.run, self.weights = run, run.grid.fields[p["weights"]]
        self.every, self.drift = p.get("rebalance_every") or 1, p.get("drift")

    def decide(self, t, equity):
        scheduled = t % self.every == 0
        if not scheduled and self.drift is None:
            return {}
        if equity <= 0:
            raise SystemExit(f"bar {t}: equity {equity} <= 0 (not transcribed)")
        pos, closes, orders = self.run.account.pos, self.run.grid.fields["close"][t], {}
        for a in range(self.run.grid.n_assets):
            w = self.weights[t][a]
            w = 0.0 if math.isnan(w) else w
            if not scheduled and abs(pos[a] * closes[a] / equity - w) <= self.drift:
                continue
            target = math.trunc(w * equity / closes[a])
            if target != pos[a]:
                orders[a] = target - pos[a]
        return orders


class TopK:
    DEFAULTS = {"weighting": "equal", "vol_lookback": 20, "fraction": 0.95, "short_k": 0, "rank_buffer": 0,
                "max_weight": None, "rebalance_every": None, "rebalance": None}

    def __init__(self, p, run):
        cfg = dict(self.DEFAULTS, **{k: v for k, v in p.items() if v is not None})
        self.cfg, self.run = types.SimpleNamespace(**cfg), run
        self.on = schedule(run.grid.times, cfg["rebalance_every"], cfg["rebalance"])
        closes = run.grid.fields["close"]
        self.sigma = volatility(closes, cfg["vol_lookback"]) if cfg["weighting"] == "inverse_vol" else None

    def decide(self, t, equity):
        if not self.on[t]:
            return {}
        pos = self.run.account.pos
        target = topk_targets(t, self.cfg, self.run.grid, pos, equity, self.sigma)
        return {a: target[a] - pos[a] for a in range(self.run.grid.n_assets) if target[a] != pos[a]}


def no_columns(name):
    raise SystemExit(f"a regime condition reads only context columns, not {name}")


class Regime:
    def __init__(self, p, run):
        self.run = run
        self.templates = [make(r["strategy"], run) for r in p["regimes"]]
        # The conditions run over the bar timeline: one row per bar, reading the context only.
        self.when = [Expression(r["when"], no_columns, run.context.__getitem__, run.grid.n_bars, 1)
                     for r in p["regimes"]]
        self.current = p.get("initial") or 0
        self.confirm = p.get("confirm_bars") or 1
        self.exit_on_switch = bool(p.get("exit_on_switch"))
        self.streak = [0] * len(self.when)
        self.switches = 0

    def advance(self, t):
        """Moves the regime on by bar t's close; True when it switched."""
        held = [w.holds(t, 0) for w in self.when]
        self.streak = [s + 1 if h else 0 for s, h in zip(self.streak, held)]
        if held[self.current] or not any(h for r, h in enumerate(held) if r != self.current):
            return False
        for r in range(len(held)):
            if r != self.current and self.streak[r] >= self.confirm:
                self.current = r
                self.switches += 1
                return True
        return False

    def decide(self, t, equity):
        if self.advance(t) and self.exit_on_switch:
            return {a: -p for a, p in enumerate(self.run.account.pos) if p != 0}
        return self.templates[self.current].decide(t, equity)
