"""IND: indicator rows (target, actual, weight, score) of the self-evaluation tables.

One module per group of rules: ``scores`` (IND001-IND004: a row's score against the
document's scoring rulebook), ``values`` (IND005, IND006, IND008: what the actual and target
cells hold), ``targets`` (IND007: lax or self-fulfilling targets), ``output_cost`` (IND009:
an output far short while its cost is spent); ``_rows`` holds the row loop they share.
"""

from __future__ import annotations

from . import output_cost, scores, targets, values  # noqa: F401 - registration side effect
