"""Finding a span again in another rendering of the same text: the k-th occurrence of its
squashed evidence (used to move planted spans into the text a reader produces)."""

from __future__ import annotations


def count_before(hay: str, needle: str, before: int) -> int:
    """Occurrences of ``needle`` in ``hay`` starting before ``before``."""
    n, i = 0, hay.find(needle)
    while 0 <= i < before:
        n += 1
        i = hay.find(needle, i + 1)
    return n


def nth(hay: str, needle: str, k: int) -> int | None:
    """Start of the ``k``-th (0-based) occurrence of ``needle`` in ``hay``, or None."""
    i = hay.find(needle)
    for _ in range(k):
        if i < 0:
            return None
        i = hay.find(needle, i + 1)
    return i if i >= 0 else None
