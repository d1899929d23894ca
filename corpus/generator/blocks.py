"""Paragraph blocks with keyed pieces, and the text writer that records their spans.

A report is rendered in two steps: the narrative becomes a list of blocks (paragraphs
made of pieces, each piece tagged with the span keys it belongs to, and table slots), then
a writer lays the blocks out as text (with the document's line-wrapping habit) or as a PDF.
Keys are tuples such as ``("rate", "gpb")`` or ``("row", 2, 5)``; the writer returns for
every key the ``(start, end)`` of its text, so a planted anomaly knows where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

Key = tuple


@dataclass
class Para:
    kind: str = "body"  # body | heading | title | center | toc
    pieces: list[tuple[str, tuple[Key, ...]]] = field(default_factory=list)
    _stack: list[Key] = field(default_factory=list)

    def add(self, text: str, *keys: Key) -> Para:
        if text:
            self.pieces.append((text, tuple(self._stack) + keys))
        return self

    @contextmanager
    def span(self, key: Key) -> Iterator[None]:
        self._stack.append(key)
        try:
            yield
        finally:
            self._stack.pop()

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces)

    def local_spans(self) -> dict[Key, tuple[int, int]]:
        out: dict[Key, tuple[int, int]] = {}
        pos = 0
        for text, keys in self.pieces:
            end = pos + len(text)
            for k in keys:
                s, e = out.get(k, (pos, end))
                out[k] = (min(s, pos), max(e, end))
            pos = end
        return out


@dataclass
class TableSlot:
    index: int  # index into DocModel.tables


Block = Para | TableSlot

_ASCII_RUN = re.compile(r"[0-9A-Za-z.,%％:：\-+=<>≥≤]+")


def wrap_points(text: str, width: int) -> list[int]:
    """Positions before which a converter's line break falls: every ``width`` characters,
    moved back so that no number or ASCII word is split."""
    protected = [(m.start(), m.end()) for m in _ASCII_RUN.finditer(text)]
    points: list[int] = []
    pos = width
    while pos < len(text):
        p = pos
        for s, e in protected:
            if s < p < e:
                p = s
                break
        if p <= (points[-1] if points else 0):
            p = pos  # a run longer than the width: break it after all
        points.append(p)
        pos = p + width
    return points


class TextWriter:
    """Accumulates text and the spans of keys (original offsets of the final text)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: dict[Key, tuple[int, int]] = {}

    def write(self, s: str, *keys: Key) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        for k in keys:
            self.mark(k, start, self.pos)
        return start, self.pos

    def mark(self, key: Key, start: int, end: int) -> None:
        if key in self.spans:
            s, e = self.spans[key]
            self.spans[key] = (min(s, start), max(e, end))
        else:
            self.spans[key] = (start, end)

    def para(self, p: Para, wrap: str = "none", width: int = 30, sep: str = "\n\n") -> None:
        """Write a paragraph, line-wrapped the document's way (none | blank | space | newline)."""
        text = p.text
        local = p.local_spans()
        brk = {"blank": "\n\n", "space": " ", "newline": "\n"}.get(wrap)
        points = wrap_points(text, width) if brk and p.kind in ("body", "title") else []
        if points:
            pieces, last = [], 0
            for q in points:
                pieces.append(text[last:q])
                last = q
            pieces.append(text[last:])
            out = brk.join(pieces)

            def shift(i: int, end: bool) -> int:
                n = sum(1 for q in points if (q < i if end else q <= i))
                return i + n * len(brk)
        else:
            out = text

            def shift(i: int, end: bool) -> int:
                return i

        base = self.pos
        self.write(out)
        for k, (s, e) in local.items():
            self.mark(k, base + shift(s, False), base + shift(e, True))
        self.write(sep)

    @property
    def text(self) -> str:
        return "".join(self.parts)
