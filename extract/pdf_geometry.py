"""The PDF reader's geometry: characters with their boxes, visual lines, table grids.

Shared by the ruled-table reader (:mod:`extract.read_pdf`) and the unruled one
(:mod:`extract.pdf_unruled`), which both build on these types; kept apart so that neither
imports the other's module for them (no import circle).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class _Ch:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def hmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def vmid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Line:
    chars: list[_Ch]
    x0: float
    top: float
    x1: float
    bottom: float
    height: float


def _make_line(chars: list[_Ch]) -> _Line:
    chars.sort(key=lambda c: c.x0)
    # Spaces at the edges of a line carry no text; spaces inside it are kept.
    lo, hi = 0, len(chars)
    while lo < hi and chars[lo].text == " ":
        lo += 1
    while hi > lo and chars[hi - 1].text == " ":
        hi -= 1
    chars = chars[lo:hi] or chars
    return _Line(
        chars=chars,
        x0=chars[0].x0,
        top=min(c.top for c in chars),
        x1=chars[-1].x1,
        bottom=max(c.bottom for c in chars),
        height=max(c.bottom - c.top for c in chars),
    )


@dataclass
class _Table:
    top: float
    x0: float
    x1: float
    cols: list[float]  # left edge of every column
    rows: list[list[list[_Line]]]  # row -> cell -> lines
