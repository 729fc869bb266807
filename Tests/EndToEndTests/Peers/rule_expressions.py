"""Rule expressions (the rules template's conditions, the regime template's ``when``) evaluated in
plain Python, transcribed from api-spec/openapi.yaml ``RulesParams`` and ``RegimeParams``.

Python's own parser reads the text: its precedence (loosest first ``or``, ``and``, ``not``,
comparisons, ``+ -``, ``* /``, unary ``-``) is the documented one, and ``ctx.vix`` parses as an
attribute. This module gives each node its documented meaning:

* values are floats, NaN for missing; a value is true when it is neither 0 nor NaN;
* a comparison with a missing operand is unknown (NaN), else 1 or 0; comparisons do not chain;
* ``not`` unknown is unknown; ``a and b`` is 0 when either is 0, else unknown when either is,
  else 1; ``a or b`` is 1 when either is true, else unknown when either is, else 0;
* arithmetic is IEEE (a missing operand gives a missing result, ``x / 0`` is infinite);
* names: signal columns and bar fields of the row, ``ctx.NAME`` the context at the bar, and the
  position state ``position``, ``bars_held``, ``unrealized_pnl_pct`` (not inside a function);
* functions are computed before the run over every row (``derive``): over each asset's own rows
  ``sma``, ``ema``, ``std``, ``min``, ``max``, ``pct_change``, ``lag`` (missing until the window
  of ``n`` fills or while it holds a missing value), ``crosses_above``, ``crosses_below``; across
  the bar's assets with a finite value ``pct_rank`` and ``zscore``. Sums and means run left to
  right, oldest first (or in ascending asset order across a bar).

A regime condition is an expression over one "asset", the market, whose rows are the bars.
Stdlib only.
"""
import ast
import math

NAN = math.nan
STATE = ("position", "bars_held", "unrealized_pnl_pct")
WINDOWED = ("sma", "ema", "std", "min", "max", "pct_change", "lag")
FUNCTIONS = WINDOWED + ("crosses_above", "crosses_below", "pct_rank", "zscore")


def true(x):
    """Whether a value counts as true (neither 0 nor NaN)."""
    return x != 0 and not math.isnan(x)


def divide(a, b):
    """IEEE ``a / b`` (Python raises on a zero divisor)."""
    if b != 0 or math.isnan(b):
        return a / b
    if a == 0 or math.isnan(a):
        return NAN
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def compare(op, a, b):
    if math.isnan(a) or math.isnan(b):
        return NAN
    ok = {ast.Gt: a > b, ast.GtE: a >= b, ast.Lt: a < b, ast.LtE: a <= b, ast.Eq: a == b, ast.NotEq: a != b}
    return 1.0 if ok[type(op)] else 0.0


def both(a, b):
    if a == 0 or b == 0:
        return 0.0
    return NAN if math.isnan(a) or math.isnan(b) else 1.0


def either(a, b):
    if true(a) or true(b):
        return 1.0
    return NAN if math.isnan(a) or math.isnan(b) else 0.0


class Expression:
    """One compiled expression. ``column(name)`` gives a per-row grid ``[t][a]``, ``context(name)``
    a per-bar list; ``n_bars`` x ``n_assets`` is the row grid the functions run over."""

    def __init__(self, text, column, context, n_bars, n_assets):
        self.text, self.column, self.context = text, column, context
        self.n_bars, self.n_assets = n_bars, n_assets
        self.tree = ast.parse(text, mode="eval").body
        self.derived = {}
        self._derive_calls(self.tree)

    def value(self, t, a, state=None):
        """The value on row (bar ``t``, asset ``a``); ``state`` = (position, bars_held, pnl)."""
        return self._ev(self.tree, t, a, state)

    def holds(self, t, a, state=None):
        return true(self.value(t, a, state))

    def _derive_calls(self, node):
        for child in ast.iter_child_nodes(node):
            self._derive_calls(child)
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None)
            arity = 1 if name in ("pct_rank", "zscore") else 2
            if name not in FUNCTIONS or len(node.args) != arity or node.keywords:
                raise SystemExit(f"{self.text}: {ast.unparse(node)} is not a call of a documented function")
            window = None
            if name in WINDOWED:
                n = node.args[1]
                if not (isinstance(n, ast.Constant) and float(n.value).is_integer() and 1 <= n.value <= 10_000):
                    raise SystemExit(f"{self.text}: the window of {name} must be a whole number from 1 to 10000")
                window, grids = int(n.value), [self._grid(node.args[0])]
            else:
                grids = [self._grid(x) for x in node.args]
            self.derived[id(node)] = derive(name, grids, window, self.n_bars, self.n_assets)

    def _grid(self, node):
        return [[self._ev(node, t, a, "in a function") for a in range(self.n_assets)] for t in range(self.n_bars)]

    def _ev(self, node, t, a, state):
        ev = lambda x: self._ev(x, t, a, state)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id in STATE:
                if state is None or isinstance(state, str):
                    raise SystemExit(f"{self.text}: {node.id} is not readable here")
                return float(state[STATE.index(node.id)])
            return self.column(node.id)[t][a]
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ctx":
            return self.context(node.attr)[t]
        if isinstance(node, ast.UnaryOp):
            x = ev(node.operand)
            if isinstance(node.op, ast.USub):
                return -x
            if isinstance(node.op, ast.Not):
                return NAN if math.isnan(x) else (1.0 if x == 0 else 0.0)
        if isinstance(node, ast.BinOp):
            x, y = ev(node.left), ev(node.right)
            op = type(node.op)
            if op is ast.Add:
                return x + y
            if op is ast.Sub:
                return x - y
            if op is ast.Mult:
                return x * y
            if op is ast.Div:
                return divide(x, y)
        if isinstance(node, ast.BoolOp):
            values = [ev(v) for v in node.values]
            fold = both if isinstance(node.op, ast.And) else either
            out = values[0]
            for v in values[1:]:
                out = fold(out, v)
            return out
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1:
                raise SystemExit(f"{self.text}: comparisons do not chain")
            return compare(node.ops[0], ev(node.left), ev(node.comparators[0]))
        if isinstance(node, ast.Call):
            return self.derived[id(node)][t][a]
        raise SystemExit(f"{self.text}: {ast.dump(node)} is not part of the rule language")


def derive(name, grids, n, n_bars, n_assets):
    """The function's grid ``[t][a]`` from its arguments' grids (``n`` the window, if any)."""
    out = [[NAN] * n_assets for _ in range(n_bars)]
    x = grids[0]
    if name in ("pct_rank", "zscore"):
        for t in range(n_bars):
            finite = [a for a in range(n_assets) if math.isfinite(x[t][a])]
            for a, v in cross_section(name, [x[t][a] for a in finite]).items():
                out[t][finite[a]] = v
        return out
    for a in range(n_assets):
        s = [x[t][a] for t in range(n_bars)]
        if name in ("crosses_above", "crosses_below"):
            y = [grids[1][t][a] for t in range(n_bars)]
            for t in range(1, n_bars):
                w = (s[t], y[t], s[t - 1], y[t - 1])
                if not any(math.isnan(v) for v in w):
                    up = name == "crosses_above"
                    hit = (s[t] > y[t] and s[t - 1] <= y[t - 1]) if up else (s[t] < y[t] and s[t - 1] >= y[t - 1])
                    out[t][a] = 1.0 if hit else 0.0
        elif name == "ema":
            alpha, e = 2 / (n + 1), NAN
            for t in range(n_bars):
                if math.isnan(s[t]):
                    continue  # a missing result; the mean stays as it was
                e = s[t] if math.isnan(e) else alpha * s[t] + (1 - alpha) * e
                out[t][a] = e
        elif name in ("lag", "pct_change"):
            for t in range(n, n_bars):
                out[t][a] = s[t - n] if name == "lag" else divide(s[t], s[t - n]) - 1
        else:
            for t in range(n - 1, n_bars):
                out[t][a] = window(name, s[t - n + 1:t + 1])
    return out


def window(name, w):
    """sma, std (sample, n - 1), min or max of the window ``w`` (oldest first); NaN if it holds one."""
    if any(math.isnan(v) for v in w):
        return NAN
    if name == "min":
        return min(w)
    if name == "max":
        return max(w)
    total = 0.0
    for v in w:
        total += v
    mean = total / len(w)
    if name == "sma":
        return mean
    if len(w) < 2:
        return NAN
    squares = 0.0
    for v in w:
        squares += (v - mean) * (v - mean)
    return math.sqrt(squares / (len(w) - 1))


def cross_section(name, v):
    """pct_rank (ascending, ties at their mean rank, over the count) or zscore (population std;
    missing under two values or when all are equal) of one bar's finite values, by position."""
    if name == "pct_rank":
        out = {}
        for i, x in enumerate(v):
            below = sum(1 for y in v if y < x)
            ties = sum(1 for y in v if y == x)
            out[i] = (below + (ties + 1) / 2) / len(v)
        return out
    if len(v) < 2:
        return {}
    total = 0.0
    for x in v:
        total += x
    mean = total / len(v)
    squares = 0.0
    for x in v:
        squares += (x - mean) * (x - mean)
    variance = squares / len(v)
    if variance == 0:
        return {}
    sd = math.sqrt(variance)
    return {i: (x - mean) / sd for i, x in enumerate(v)}
