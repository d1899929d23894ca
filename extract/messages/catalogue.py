"""The catalogue: its parts, one module of this package per area (``MESSAGES``), merged.

An id defined in two parts is an error at import (no part silently overrides another);
tests/test_messages.py checks that every module holding messages is a part.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import api, argparse_texts, batch, cli, commands, evaluate, explain, export, labels, page, read, report

# The catalogue, grouped by where the text is shown. Ids are stable; texts may change.
# The parts in the order the single module listed them (the catalogue's order).
PARTS = (cli, batch, commands, argparse_texts, read, export, api, explain, page, report, labels, evaluate)


def merge(parts: Iterable[dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    """The parts in one catalogue; an id in two parts raises."""
    out: dict[str, dict[str, str]] = {}
    for part in parts:
        for mid, entry in part.items():
            if mid in out:
                raise ValueError(f"message id {mid!r} defined twice")
            out[mid] = entry
    return out


CATALOGUE: dict[str, dict[str, str]] = merge(p.MESSAGES for p in PARTS)
