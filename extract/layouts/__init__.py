"""Table layouts as plug-ins: one module per rendering family, registered here.

Each module has ``detect(region) -> float`` (how sure it is that the region is laid out
its way, 0..1) and ``parse(region) -> Table``; optionally ``ceiling(region) -> float``, a
cheap upper bound of its ``detect`` (saves the detect when another layout is surer). The highest-confidence layout parses; the
table records which one (``Table.layout``) and how sure the reading is
(``Table.confidence``, :mod:`.assess`). A new rendering is one new module here plus its
tests.
"""

from __future__ import annotations

from types import ModuleType

from ..model import Table
from . import cell_blank, cell_lines, inline, mixed, pipes, spaces, tab
from .assess import confidence
from .base import Region

# Order breaks ties: earlier wins.
LAYOUTS: dict[str, ModuleType] = {
    "tab": tab,
    "mixed": mixed,
    "pipes": pipes,
    "spaces": spaces,
    "cell_blank": cell_blank,
    "cell_lines": cell_lines,
    "inline": inline,
}


def choose(region: Region) -> tuple[str, float]:
    """The layout that fits ``region`` best and its detection confidence."""
    best, conf = "cell_lines", -1.0
    for name, mod in LAYOUTS.items():
        # A layout whose ``ceiling`` (a cheap bound on its detect) cannot beat the best so
        # far need not detect.
        ceiling = getattr(mod, "ceiling", None)
        if ceiling is not None and ceiling(region) <= conf:
            continue
        c = mod.detect(region)
        if c > conf:
            best, conf = name, c
            if c >= 0.99:  # no other family can be surer
                break
    return best, conf


def parse_region(region: Region) -> Table:
    name, conf = choose(region)
    table = LAYOUTS[name].parse(region)
    table.layout = name
    # The generic reader leaves the share of cells that fit their columns in ``confidence``.
    table.confidence = confidence(conf, table, table.confidence)
    return table


__all__ = ["LAYOUTS", "Region", "choose", "parse_region"]
