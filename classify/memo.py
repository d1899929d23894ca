"""Bounded memos of the labelling and the checks' pure text helpers (a reason's body, an
item's leaf …), all emptied by :func:`clear_caches`.

A helper asked the same question about the same string many times per document (the
reason labels, the models' inputs and several rules each read ``body(reason.text)``) keeps
its answers here. The benchmarks empty them before each round, so a round pays the full
cost, as a fresh process would.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])
_MEMOS: list = []


def memo(maxsize: int = 8192) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered for :func:`clear_caches`. Only for pure
    functions of hashable, immutable arguments (strings, numbers, tuples)."""

    def wrap(f: F) -> F:
        cached = lru_cache(maxsize=maxsize)(f)
        _MEMOS.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def clear_caches() -> None:
    for m in _MEMOS:
        m.cache_clear()
