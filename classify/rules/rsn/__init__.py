"""RSN: explanations (主要原因是 …, 偏差原因) judged against the change they explain.

A narrative reason must explain a stated change (year-on-year or budget/final variance);
a table's 偏差原因 must explain a row that missed its target. Reasons that explain nothing
(no change, a met row) are labelled but never flagged by RSN001-RSN003: there was nothing
to explain.

One module per group of rules: ``content`` (RSN001-RSN003: what a reason says), ``reuse``
(RSN004: one reason for opposite changes), ``missing`` (RSN005: a reason the template asks
for and does not get), ``unfilled`` (RSN006: a direction never chosen); ``_common`` holds
what they share.
"""

from __future__ import annotations

from . import content, missing, reuse, unfilled  # noqa: F401 - registration side effect
