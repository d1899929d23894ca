"""Normalisation for matching that keeps the map back to original offsets.

The normalised text is only ever used to *find* things; every span reported is mapped
back with :meth:`NormText.orig` so evidence always indexes the text as received.

Three steps, all either 1:1 substitutions or deletions (so the map is a sorted list of
deleted positions, and mapping is a bisect):

1. width folding: full-width digits, letters and ASCII punctuation to half-width, and the
   operator look-alikes (＞＝, ≧) to a canonical form, character for character;
2. deletion of horizontal spaces except between two ASCII letters/digits (``2,124. 45``
   becomes ``2,124.45``; ``行政审批 制度`` becomes ``行政审批制度``; ``10 10`` stays);
3. deletion of line breaks that wrap a sentence: a newline run (with blank lines) whose
   previous line does not end a sentence and whose next line does not start a heading.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; ideographic space to space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
_WIDTH.update({ord("≧"): ord("≥"), ord("≦"): ord("≤"), ord("\u00a0"): 0x20, ord("\u2002"): 0x20,
               ord("\u2003"): 0x20, ord("\u2009"): 0x20, ord("\u3001"): ord("、")})
# Keep Chinese sentence punctuation that readers rely on as it is (，。：；（）are
# folded to ASCII by the table above: fold them back so the text stays natural Chinese).
for _ch in "，：；（）！？":
    _WIDTH.pop(ord(_ch), None)
WIDTH_TABLE = _WIDTH


def fold_width(text: str) -> str:
    """Full-width to half-width, one character for one character (offsets unchanged)."""
    return text.translate(WIDTH_TABLE)


_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000]+")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_SENTENCE_END = "。；;：:！？!?"
# A line that starts like a heading or a list item begins a new block: never join onto it.
_HEADING_START = re.compile(
    r"\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[.．、](?!\d)|[-•·]\s|#|\|)"
)
_NEWLINE_RUN = re.compile(r"[ \t]*(?:\r?\n[ \t]*)+")


@dataclass
class NormText:
    text: str
    _deleted: list[int]  # sorted original positions removed
    _orig_len: int

    def orig(self, i: int) -> int:
        """Original offset of normalised offset ``i`` (``len(text)`` maps to the end)."""
        if i >= len(self.text):
            return self._orig_len
        d = self._deleted
        # Smallest original p whose kept-count up to and including p exceeds i.
        lo, hi = i, i + len(d)
        while lo < hi:
            mid = (lo + hi) // 2
            if mid + 1 - bisect.bisect_right(d, mid) > i:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the original span covering the same characters."""
        if end <= start:
            s = self.orig(start)
            return s, s
        return self.orig(start), self.orig(end - 1) + 1


def normalize(text: str, join_wraps: bool = True) -> NormText:
    folded = fold_width(text)
    deleted: list[int] = []

    def is_ascii_alnum(ch: str) -> bool:
        return bool(ch) and ch.isascii() and ch.isalnum()

    for m in _SPACE_RUN.finditer(folded):
        s, e = m.start(), m.end()
        before = folded[s - 1] if s > 0 else ""
        after = folded[e] if e < len(folded) else ""
        if before in "\r\n" or after in "\r\n" or not before or not after:
            continue  # handled with the newline runs
        if is_ascii_alnum(before) and is_ascii_alnum(after):
            continue
        deleted.extend(range(s, e))

    if join_wraps:
        for m in _NEWLINE_RUN.finditer(folded):
            s, e = m.start(), m.end()
            if s == 0 or e >= len(folded):
                continue
            prev = folded[s - 1]
            if prev in _SENTENCE_END:
                continue
            line_end = folded.find("\n", e)
            nxt = folded[e: line_end if line_end != -1 else len(folded)]
            if _HEADING_START.match(nxt):
                continue
            # A line that is a table row (tabs) is never a wrapped sentence.
            prev_line_start = folded.rfind("\n", 0, s) + 1
            if "\t" in folded[prev_line_start:s] or "\t" in nxt:
                continue
            deleted.extend(range(s, e))
    deleted.sort()
    if deleted:
        keep = []
        prev = 0
        for p in _runs(deleted):
            keep.append(folded[prev:p[0]])
            prev = p[1]
        keep.append(folded[prev:])
        out = "".join(keep)
    else:
        out = folded
    return NormText(out, deleted, len(text))


def _runs(sorted_positions: list[int]):
    """Yield (start, end) runs of consecutive positions."""
    it = iter(sorted_positions)
    try:
        start = prev = next(it)
    except StopIteration:
        return
    for p in it:
        if p == prev + 1:
            prev = p
            continue
        yield start, prev + 1
        start = prev = p
    yield start, prev + 1
