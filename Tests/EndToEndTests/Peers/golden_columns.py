"""The columns GoldenRunTests derives from the golden dataset for the templates that need more than
it holds (the CSV has none of them; GoldenData.swift computes the same numbers in Swift):

* ``weight`` (a signal column, per row): ``min(max(ml_pred - 0.5, 0), 0.3)``, the target_weights
  goldens' weights (six assets of up to 0.3 each can sum above 1, so cash can bind);
* ``long_short_weight`` (per row): ``min(max(ml_pred - 0.5, -0.3), 0.3)``, negative weights short;
* ``vix`` (a context column, one value per bar, stamped with the bar's timestamp, so that bar ``t``
  sees ``vix[t]``): ``25 - |t mod 80 - 40| * 3 / 8 + (37 t mod 11) / 2``, a triangle wave from 10
  (bar 0) up to 25 (bar 40) and back every 80 bars, plus a jitter of 0 to 5, in eighths (exact in
  binary).

Stdlib only.
"""


def vix(t):
    """The context value of bar t."""
    return 25 - abs(t % 80 - 40) * 3 / 8 + (37 * t % 11) / 2


def add_golden_columns(grid, context):
    """Adds the derived columns to ``grid.fields`` and ``context`` (a dict of per-bar lists)."""
    pred = grid.fields["ml_pred"]
    grid.fields["weight"] = [[min(max(p - 0.5, 0.0), 0.3) for p in row] for row in pred]
    grid.fields["long_short_weight"] = [[min(max(p - 0.5, -0.3), 0.3) for p in row] for row in pred]
    context["vix"] = [vix(t) for t in range(grid.n_bars)]
