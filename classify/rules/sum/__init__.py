"""SUM: arithmetic of the tables and of the narrative figures.

All checks work at the document's printed precision (see :mod:`classify.arith`): sums
allow ±0.01 per added term, ratios use interval arithmetic on the printed digits. Nothing
is tuned: a finding means no rounding of the printed numbers reproduces the printed result.

One module per group of rules: ``scores`` (SUM001, SUM002: a table's total score and
weights), ``funds`` (SUM003-SUM005: a table's budget rows), and on the narrative figures
``shares`` (SUM006), ``growth`` (SUM007), ``totals`` (SUM008), ``variance`` (SUM009);
``_figures`` holds what the narrative rules share.
"""

from __future__ import annotations

from . import funds, growth, scores, shares, totals, variance  # noqa: F401 - registration side effect
