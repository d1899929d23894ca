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


_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(WIDTH_TABLE)) + "]+")


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(WIDTH_TABLE)


def fold_width(text: str) -> str:
    """Full-width to half-width, one character for one character (offsets unchanged).

    Only the runs that need folding are translated: a whole-document ``str.translate``
    with a dict costs more than finding the few full-width characters a report has.
    """
    return _FOLDABLE.sub(_fold_run, text)


_SENTENCE_END = "。；;：:！？!?"
# A line that starts like a heading or a list item begins a new block: never join onto it.
_HEADING_START = re.compile(
    r"\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[.．、](?!\d)|[-•·]\s|#|\|)"
)
_NEWLINE_RUN = re.compile(r"[ \t]*(?:\r?\n[ \t]*)+")


@dataclass
class NormText:
    """Normalised text plus the deleted intervals of the original (sorted, disjoint)."""

    text: str
    _starts: list[int]  # original start of each deleted interval
    _ends: list[int]  # original end of each deleted interval
    _orig_len: int

    def __post_init__(self) -> None:
        # _kept[j]: normalised offset where interval j was cut out; _cum[j]: characters
        # deleted up to and including interval j. Normalised i maps to i + _cum[j] for the
        # last interval j with _kept[j] <= i.
        self._kept: list[int] = []
        self._cum: list[int] = []
        total = 0
        for s, e in zip(self._starts, self._ends, strict=True):
            self._kept.append(s - total)
            total += e - s
            self._cum.append(total)

    def orig(self, i: int) -> int:
        """Original offset of normalised offset ``i`` (``len(text)`` maps to the end)."""
        if i >= len(self.text):
            return self._orig_len
        j = bisect.bisect_right(self._kept, i) - 1
        return i + (self._cum[j] if j >= 0 else 0)

    def norm_index(self, orig: int) -> int:
        """Normalised offset of the first kept character at or after original ``orig``."""
        j = bisect.bisect_right(self._starts, orig) - 1
        if j < 0:
            return orig
        before = self._cum[j - 1] if j > 0 else 0
        return orig - before - (min(orig, self._ends[j]) - self._starts[j])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the original span covering the same characters."""
        if end <= start:
            s = self.orig(start)
            return s, s
        return self.orig(start), self.orig(end - 1) + 1


# A horizontal space run is deleted unless it separates two ASCII letters/digits or touches
# a line break (line breaks are judged separately below).
_DEL_SPACE = re.compile(
    r"(?<=[^\sA-Za-z0-9])[ \u00a0]+(?=\S)|(?<=[A-Za-z0-9])[ \u00a0]+(?=[^\sA-Za-z0-9])"
)


def normalize(text: str, join_wraps: bool = True) -> NormText:
    folded = fold_width(text)
    spans = [m.span() for m in _DEL_SPACE.finditer(folded)]
    if join_wraps:
        n = len(folded)
        for m in _NEWLINE_RUN.finditer(folded):
            s, e = m.span()
            if s == 0 or e >= n or folded[s - 1] in _SENTENCE_END:
                continue
            line_end = folded.find("\n", e)
            nxt = folded[e: line_end if line_end != -1 else n]
            # A line that is a table row (tabs) is never a wrapped sentence; nor is a heading.
            if "\t" in nxt or _HEADING_START.match(nxt):
                continue
            if "\t" in folded[folded.rfind("\n", 0, s) + 1:s]:
                continue
            spans.append((s, e))
        spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    pieces: list[str] = []
    prev = 0
    for s, e in spans:
        if s < prev:  # overlapping runs (a space run inside a newline run)
            s = prev
            if s >= e:
                continue
        pieces.append(folded[prev:s])
        if starts and ends[-1] == s:
            ends[-1] = e  # adjacent runs form one interval
        else:
            starts.append(s)
            ends.append(e)
        prev = e
    pieces.append(folded[prev:])
    return NormText("".join(pieces), starts, ends, len(text))
