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

import operator
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; ideographic space to space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
_WIDTH.update(
    {
        ord("≧"): ord("≥"),
        ord("≦"): ord("≤"),
        ord("\u00a0"): 0x20,
        ord("\u2002"): 0x20,
        ord("\u2003"): 0x20,
        ord("\u2009"): 0x20,
        ord("\u3001"): ord("、"),
    }
)
# Keep Chinese sentence punctuation that readers rely on as it is (，。：；（）are
# folded to ASCII by the table above: fold them back so the text stays natural Chinese).
for _ch in "，：；（）！？":
    _WIDTH.pop(ord(_ch), None)
WIDTH_TABLE = _WIDTH


# Only characters that actually change: 、 (U+3001) maps to itself and is in every
# sentence, so matching it would call _fold_run hundreds of times per report for nothing.
_FOLDABLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, v in sorted(WIDTH_TABLE.items()) if c != v) + "]+"
)


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
# (Matched at the start of the next line, within that line: ``[^\S\n]`` is ``\s`` but the
# line break.)
_HEADING_START = (
    r"[^\S\n]*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[.．、](?!\d)|[-•·][^\S\n]|#|\|)"
)


@dataclass
class NormText:
    """Normalised text plus the deleted intervals of the original (sorted, disjoint)."""

    text: str
    _starts: list[int]  # original start of each deleted interval
    _ends: list[int]  # original end of each deleted interval
    _orig_len: int
    # The width-folded original (same offsets as the original): passed on to the stages
    # that read the original text folded (headings), so a document is folded once.
    folded: str | None = None

    def __post_init__(self) -> None:
        # _kept[j]: normalised offset where interval j was cut out; _cum[j]: characters
        # deleted up to and including interval j. Normalised i maps to i + _cum[j] for the
        # last interval j with _kept[j] <= i.
        # (built with map/accumulate: a report has thousands of deleted intervals)
        self._cum: list[int] = list(accumulate(map(operator.sub, self._ends, self._starts)))
        self._kept: list[int] = list(map(operator.sub, self._ends, self._cum))

    def orig(self, i: int) -> int:
        """Original offset of normalised offset ``i`` (``len(text)`` maps to the end)."""
        if i >= len(self.text):
            return self._orig_len
        j = bisect_right(self._kept, i)
        return i + self._cum[j - 1] if j else i

    def norm_index(self, orig: int) -> int:
        """Normalised offset of the first kept character at or after original ``orig``."""
        j = bisect_right(self._starts, orig) - 1
        if j < 0:
            return orig
        before = self._cum[j - 1] if j > 0 else 0
        return orig - before - (min(orig, self._ends[j]) - self._starts[j])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the original span covering the same characters."""
        orig = self.orig
        if end <= start:
            s = orig(start)
            return s, s
        return orig(start), orig(end - 1) + 1


# A horizontal space run is deleted unless it separates two ASCII letters/digits or touches
# a line break (line breaks are judged separately below). The pattern starts with the space
# itself and looks back over it (``(?<=X.)``): a pattern that opens with a look-behind is
# tried at every position of the text, one that opens with a character class lets the
# regex engine skip straight to the next candidate.
_DEL_SPACE_REST = r"(?:(?<=[^\sA-Za-z0-9].)[ \u00a0]*(?=\S)|(?<=[A-Za-z0-9].)[ \u00a0]*(?=[^\sA-Za-z0-9]))"

# A wrapping newline run, found by the regex instead of a Python test per line break. The
# run is ``[ \t]*(?:\r?\n[ \t]*)+`` taken whole (atomic group) and only from its first
# character (matched before this part): the look-behinds reject every position inside a
# run (a \n after its \r included), so the spans are exactly the maximal runs. What the
# first character class accepted is checked to really start a run (a \n; a \r before a
# \n; a space or tab before a line break). The run is a wrap when the character before it
# exists and does not end a sentence, and the line after it exists, holds no tab (a table
# row) and does not open a heading. The one condition left to Python is "the line before
# holds no tab" (see _kept_runs).
_WRAP_RUN_REST = (
    r"(?<=[^" + re.escape(_SENTENCE_END) + r" \t\n][ \t\r\n])(?<!\r\n)"
    r"(?:(?<=\n)|(?<=\r)(?=\n)|(?<=[ \t])(?=[ \t]*\r?\n))"
    r"(?>[ \t]*(?:\r?\n[ \t]*)*)"
    r"(?=[\s\S])(?![^\n\t]*\t)(?!" + _HEADING_START + ")"
)

# Both kinds of deleted run in one pattern, captured for ``split``: the text is cut into
# [kept, deleted, kept, deleted, ..., kept] in one C-level pass, and offsets follow from
# the piece lengths. The two kinds never overlap or touch (a deletable space run is
# followed by a non-space, a newline run starts after one; width folding has turned \u00a0
# into a space), and cannot both match at one position.
_DELETABLE = re.compile(
    r"([ \t\r\n\u00a0](?:(?<=[ \u00a0])" + _DEL_SPACE_REST + r"|(?<=[ \t\r\n])" + _WRAP_RUN_REST + "))"
)
_DEL_SPACE_SPLIT = re.compile(r"([ \u00a0]" + _DEL_SPACE_REST + ")")


def _kept_runs(folded: str, seps: list[str], starts: list[int]) -> list[int]:
    """Indices of the deleted runs that must stay after all: newline runs whose line before
    holds a tab (the last row of a table is no wrapped sentence)."""
    return [
        j
        for j, sep in enumerate(seps)
        if "\n" in sep and "\t" in folded[folded.rfind("\n", 0, starts[j]) + 1 : starts[j]]
    ]


def _disjoint(starts: list[int], ends: list[int]) -> bool:
    """Every interval ends strictly before the next begins (C-level check, no loop)."""
    return all(map(operator.lt, ends[:-1], starts[1:])) if starts else True


def normalize(text: str, join_wraps: bool = True) -> NormText:
    folded = fold_width(text)
    parts = (_DELETABLE if join_wraps else _DEL_SPACE_SPLIT).split(folded)
    cum = list(accumulate(map(len, parts), initial=0))
    seps = parts[1::2]
    starts = cum[1:-2:2]
    ends = cum[2:-1:2]
    keep = _kept_runs(folded, seps, starts) if join_wraps and "\t" in folded else []
    if keep:
        restored = [""] * len(seps)
        for j in keep:
            restored[j] = seps[j]
        parts[1::2] = restored
        kept = set(keep)
        starts = [s for j, s in enumerate(starts) if j not in kept]
        ends = [e for j, e in enumerate(ends) if j not in kept]
        out = "".join(parts)
    else:
        out = "".join(parts[0::2])
    if not _disjoint(starts, ends):  # not expected (see _DELETABLE): merge the general way
        return _merged(folded, sorted(zip(starts, ends, strict=True)), len(text))
    return NormText(out, starts, ends, len(text), folded)


def _merged(folded: str, spans: list[tuple[int, int]], orig_len: int) -> NormText:
    """Overlapping or adjacent deleted runs: merge them into disjoint intervals."""
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
    return NormText("".join(pieces), starts, ends, orig_len, folded)
