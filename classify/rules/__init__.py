"""The rule families; importing this package registers every rule."""

from __future__ import annotations

from ..registry import Rule, registered
from . import dup, gol, ind, rsn, sum, xrf  # noqa: F401 - registration side effect


def all_rules(scope: str | None = None) -> list[Rule]:
    """Every rule of the catalogue, sorted by code; ``scope`` keeps one scope only
    ("document": what check_report runs, "corpus": what the corpus pass runs)."""
    return registered(scope)
