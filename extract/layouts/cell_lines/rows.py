"""The indicator rows of a ``cell_lines`` table: value blocks read backwards from the
score, names and notes told apart by column width (methods of the parser)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from extract.fields import parse_number, parse_quantity
from extract.framework import categorise
from extract.model import IndicatorRow, Quantity, Table

from .vocab import (
    _ALL_LABELS,
    _COL_KEYS,
    _COL_TARGET,
    _CONTINUES,
    _DEFAULT_COLS,
    _ENDS_DIGIT,
    _FULL_SLACK,
    _HAS_DIGIT,
    _KNOWN_QUAL,
    _L1_ONLY,
    _L2_ONLY,
    _LABEL_PREFIXES,
    _LEVEL_LABELS,
    _LEVEL_PREFIXES,
    _LONE_OP,
    _MAX_LABEL_TOKENS,
    _NOTE_COL,
    _NOTE_SLACK,
    _NOTE_SPAN,
    _NUM,
    _PUNCT,
    _QSTART,
    _chars,
    _is_unit,
    _join_toks,
    _lines_of,
    _Tok,
    _toks_f,
    _up_to_wider,
    _width,
)


class RowsMixin:
    # ------------------------------------------------------------- indicators
    @staticmethod
    def _columns(head: str) -> tuple[tuple[str, ...], bool]:
        found: list[tuple[int, str]] = []
        actual_spans = [m.span() for m in re.finditer(r"实际完成(?:指标)?值?|实际值", head)]
        for m in _COL_TARGET.finditer(head):
            if not any(a <= m.start() < b for a, b in actual_spans):
                found.append((m.start(), "target"))
                break
        for col, rx in _COL_KEYS:
            m = rx.search(head)
            if m:
                found.append((m.start(), col))
        cols = tuple(c for _, c in sorted(found))
        has_note = bool(_NOTE_COL.search(head))
        if not {"target", "actual", "weight", "score"} <= set(cols):
            return _DEFAULT_COLS, has_note
        return cols, has_note

    def _note_width(self, hs: int, he: int) -> float | None:
        """Widest header piece of the 偏差原因 column: the note column's line width."""
        m = _NOTE_SPAN.search(self.S, hs, he)
        if not m:
            return None
        a, b = self.r.tok_at(m.start()), self.r.tok_at(m.end() - 1)
        return max(_chars(t.t) for t in self.toks[a : b + 1])

    def _indicators(self, table: Table, i0: int, i1: int, cols: tuple[str, ...], has_note: bool) -> None:
        toks = self.toks
        self._mark_labels(i0, i1)
        blocks = self._find_blocks(i0, i1, cols)
        self._match_rests(i0, i1, blocks)
        levels = self._levels(blocks)
        in_block = set()
        for b in blocks:
            in_block.update(range(b["start"], b["end"]))
        if has_note:
            self.name_width = self._name_column_width(i0, i1, in_block)
        # Text between blocks: (tail of the previous row: name continuation / note, head of
        # the next row: its name), split on the labels in between.
        heads: list[list[_Tok]] = []
        tails: list[list[list[_Tok]]] = []
        bounds = [i0] + [b["end"] for b in blocks]
        for n, b in enumerate([*blocks, None]):
            lo = bounds[n]
            hi = b["start"] if b is not None else i1
            segs: list[list[_Tok]] = [[]]
            labelled = False
            for k in range(lo, hi):
                t = toks[k]
                if t.role:
                    labelled = True
                    if segs[-1]:
                        segs.append([])
                elif k not in in_block:
                    segs[-1].append(t)
            if segs and not segs[-1]:
                segs.pop()
            if b is None:  # after the last row: all of it is that row's tail
                tails.append(segs)
                break
            last_is_label = hi > lo and toks[hi - 1].role != ""
            if last_is_label or not segs:
                tail, head = segs, []
            elif n == 0:
                tail, head = [], segs[-1:]
            elif labelled:
                tail, head = segs[:-1], segs[-1]
                head = [head] if head else []
            else:
                tail, head = self._split_unlabelled(segs[-1], blocks[n - 1], has_note)
            tails.append(tail)
            heads.append(head[0] if head else [])
        for n, b in enumerate(blocks):
            tail = tails[n + 1] if n + 1 < len(tails) else []
            table.rows.append(self._row(b, heads[n], tail, levels[n], has_note))

    def _name_column_width(self, i0: int, i1: int, in_block: set[int]) -> float | None:
        """Width of the name column, from the row text (labels and values left out).

        A line that wraps onto another line of the same cell fills its column: the widest
        such line wider than a note line is a wrapped name line. Without one, the widest
        text line is a lower bound (every name fits its column)."""
        cap = (self.note_width or 0.0) + _NOTE_SLACK
        widest = wrapped = 0.0
        gap: list[list[_Tok]] = []  # lines of text between two labels or value blocks

        def close() -> None:
            nonlocal widest, wrapped
            for n, ln in enumerate(gap):
                w = _width(ln)
                widest = max(widest, w)
                if n < len(gap) - 1 and w > cap:
                    wrapped = max(wrapped, w)
            gap.clear()

        for k in range(i0, i1):
            t = self.toks[k]
            if t.role or k in in_block:
                close()
            elif t.nl or not gap:
                gap.append([t])
            else:
                gap[-1].append(t)
        close()
        return wrapped or widest or None

    def _mark_labels(self, i0: int, i1: int) -> None:
        """Mark framework labels, matched on concatenated consecutive tokens (longest);
        a token run that is only the start of a level label becomes a candidate cut label."""
        toks = self.toks
        self.groups = []
        k = i0
        while k < i1:
            s = ""
            full = -1
            prefix_end = -1
            j = k
            while j < i1 and j - k < _MAX_LABEL_TOKENS:
                s += toks[j].f
                if s not in _LABEL_PREFIXES:
                    break
                if s in _ALL_LABELS:
                    full = j
                if s in _LEVEL_PREFIXES:
                    prefix_end = j
                j += 1
            if full >= 0:
                lab = "".join(toks[x].f for x in range(k, full + 1))
                role = "label" if lab in _LEVEL_LABELS else "frame"
                nxt = toks[full + 1] if full + 1 < i1 else None
                if role == "label" and nxt is not None and not nxt.nl and _QSTART.match(nxt.f):
                    # A label's words followed on their line by a target (服务对象满意度
                    # ≥90% …): an indicator named like a level, not the level's cell.
                    k = full + 1
                    continue
                self._set_group(k, full + 1, lab, role)
                k = full + 1
                continue
            if prefix_end >= 0 and not toks[k].num:
                lab = "".join(toks[x].f for x in range(k, prefix_end + 1))
                self._set_group(k, prefix_end + 1, lab, "part")
                k = prefix_end + 1
                continue
            k += 1

    def _set_group(self, a: int, b: int, label: str, role: str) -> None:
        for x in range(a, b):
            self.toks[x].role = role
        self.groups.append({"a": a, "b": b, "label": label, "role": role})

    def _match_rests(self, i0: int, i1: int, blocks: list[dict]) -> None:
        """Confirm a cut label (``社会效益指`` ... ``标``) by finding its rest after the values
        of the row it precedes; unconfirmed candidates go back to text."""
        toks = self.toks
        starts = [b["start"] for b in blocks]
        in_block: set[int] = set()
        for b in blocks:
            in_block.update(range(b["start"], b["end"]))
        drop: list[dict] = []
        for g in self.groups:
            if g["role"] != "part":
                continue
            cut = g["label"]
            rests = {
                lab[len(cut) :]: lab for lab in _LEVEL_LABELS if lab.startswith(cut) and len(lab) > len(cut)
            }
            nb = bisect.bisect_right(starts, g["a"])  # the row this label leads
            limit = starts[nb + 1] if nb + 1 < len(starts) else i1
            lo = blocks[nb]["end"] if nb < len(blocks) else g["b"]
            found = self._find_rest(lo, limit, rests, in_block)
            if any(x in in_block for x in range(g["a"], g["b"])):
                found = None  # the "label" was read as a value (满意 满意 10 10)
            if found is None:
                for x in range(g["a"], g["b"]):
                    toks[x].role = ""
                drop.append(g)
                continue
            a, b, full = found
            g["label"] = full
            for other in self.groups:
                if other is not g and other["a"] >= a and other["b"] <= b:
                    drop.append(other)  # 社会 ... 效益指标: the rest is not a new label
            for x in range(a, b):
                toks[x].role = "rem"
        self.groups = [g for g in self.groups if not any(g is d for d in drop)]

    def _find_rest(
        self, lo: int, hi: int, rests: dict[str, str], in_block: set[int]
    ) -> tuple[int, int, str] | None:
        toks = self.toks
        for a in range(lo, hi):
            if toks[a].role not in ("", "label") or a in in_block:
                continue
            s = ""
            for b in range(a, min(hi, a + 6)):
                if toks[b].role not in ("", "label") or b in in_block:
                    break
                s += toks[b].f
                if s in rests and self._covers_labels(a, b + 1):
                    return a, b + 1, rests[s]
                if not any(r.startswith(s) for r in rests):
                    break
        return None

    def _covers_labels(self, a: int, b: int) -> bool:
        """``[a, b)`` holds whole label groups only (never half of one)."""
        return all(
            g["a"] >= a and g["b"] <= b
            for g in self.groups
            if g["role"] == "label" and g["a"] < b and g["b"] > a
        )

    def _levels(self, blocks: list[dict]) -> list[tuple[str | None, str | None]]:
        """Level1/level2 in force at each row: the labels read so far (the converter prints
        a merged label cell at its top, before the rows it spans)."""
        events = [
            (g["a"], g["label"])
            for g in sorted(self.groups, key=lambda g: g["a"])
            if g["role"] in ("label", "part") and g["label"] in _LEVEL_LABELS
        ]
        out: list[tuple[str | None, str | None]] = []
        l1: str | None = None
        l2: str | None = None
        ev = 0
        for b in blocks:
            st = b["start"]
            while ev < len(events) and events[ev][0] < st:
                lab = events[ev][1]
                nxt = events[ev + 1] if ev + 1 < len(events) and events[ev + 1][0] < st else None
                if lab in _L1_ONLY:
                    l1, l2 = lab, None
                elif lab in _L2_ONLY:
                    l2 = lab
                elif nxt is not None and (nxt[1] in _L2_ONLY or nxt[1] == lab):
                    l1, l2 = lab, None
                elif l1 == lab or (lab == "成本指标" and l1 == "产出指标"):
                    l2 = lab
                else:
                    l1, l2 = lab, None
                ev += 1
            out.append((l1, l2))
        return out

    # value blocks
    def _find_blocks(self, i0: int, i1: int, cols: tuple[str, ...]) -> list[dict]:
        toks = self.toks
        blocks: list[dict] = []
        memo: dict[int, dict | None] = {}
        lo = i0
        k = i0
        while k < i1:
            if not (toks[k].num and not toks[k].role):
                k += 1
                continue
            cands = []
            for e in (k, k + 1):
                if e < i1 and toks[e].num and not toks[e].role:
                    if e not in memo:
                        memo[e] = self._block_ending(e, lo, i1, cols)
                    if memo[e] is not None:
                        cands.append(memo[e])
            if not cands:
                k += 1
                continue
            best = max(cands, key=lambda b: (b["q"], b["score_tok"]))
            blocks.append(best)
            lo = k = best["end"]
            memo.clear()  # readings depend on where the previous row ended
        return blocks

    def _block_ending(self, e: int, lo: int, hi: int, cols: tuple[str, ...]) -> dict | None:
        """Best reading of the value block whose last column ends at token ``e``."""
        best: dict | None = None
        if cols[-2] in ("weight", "score") and not (e - 1 >= lo and self.toks[e - 1].num):
            return None  # quick reject: the column before the last is a number too
        readings = (
            self._standard_back(e, lo)
            if cols == _DEFAULT_COLS
            else self._match_back(cols, len(cols) - 1, e + 1, lo)
        )
        for assign, start, q in readings:
            w = assign.get("weight")
            s = assign.get("score")
            if w is None or s is None:
                continue
            wv = float(_toks_f(self.toks, w).replace(",", ""))
            sv = float(_toks_f(self.toks, s).replace(",", ""))
            if wv > 100:
                continue
            q += 2 if sv <= wv + 0.01 else -2
            if best is None or q > best["q"]:
                best = {"assign": assign, "start": start, "end": e + 1, "q": q, "score_tok": e}
        if best is None:
            return None
        # A score wrapped inside its fraction (``8.7\n0``).
        s0 = best["assign"]["score"][0]
        nxt = e + 1
        if (
            cols[-1] == "score"
            and "." in self.toks[e].f
            and nxt < hi
            and self.toks[nxt].nl
            and self.toks[nxt].f.isdigit()
            and not self.toks[nxt].role
            and (nxt + 1 >= hi or self.toks[nxt + 1].nl)
        ):
            best["assign"]["score"] = (s0, nxt + 1)
            best["end"] = nxt + 1
        return best

    def _standard_back(self, e: int, lo: int) -> Iterator[tuple[dict[str, tuple[int, int]], int, float]]:
        """``_match_back`` for the usual TARGET ACTUAL WEIGHT SCORE order (the hot path)."""
        w = e - 1
        for a_start, aq in self._quantity_back(w, lo):
            for t_start, tq in self._quantity_back(a_start, lo):
                yield (
                    {
                        "target": (t_start, a_start),
                        "actual": (a_start, w),
                        "weight": (w, e),
                        "score": (e, e + 1),
                    },
                    t_start,
                    aq + tq,
                )

    def _match_back(
        self, cols: tuple[str, ...], ci: int, end: int, lo: int
    ) -> Iterator[tuple[dict[str, tuple[int, int]], int, float]]:
        """Readings of columns ``cols[:ci+1]`` ending right before token ``end``."""
        if ci < 0:
            yield {}, end, 0.0
            return
        col = cols[ci]
        toks = self.toks
        if col in ("weight", "score"):
            k = end - 1
            if k >= lo and toks[k].num and not toks[k].role:
                for assign, start, q in self._match_back(cols, ci - 1, k, lo):
                    yield {**assign, col: (k, k + 1)}, start, q
            return
        if col == "basis":
            for split in range(end - 1, max(lo, end - 60) - 1, -1):
                if toks[split].role == "label" or toks[split].role == "frame":
                    break
                for assign, start, q in self._match_back(cols, ci - 1, split, lo):
                    yield {**assign, col: (split, end)}, start, q - 0.01 * (end - split)
            return
        for qs, qq in self._quantity_back(end, lo):
            for assign, start, q in self._match_back(cols, ci - 1, qs, lo):
                yield {**assign, col: (qs, end)}, start, q + qq

    def _quantity_back(self, end: int, lo: int) -> list[tuple[int, float]]:
        """Possible starts of a target/actual cell ending before token ``end``, with a
        plausibility: a number (with operator and unit pieces) or one qualitative word."""
        toks = self.toks
        out: list[tuple[int, float]] = []
        j = end - 1
        units = 0
        while j >= lo and units < 3 and _is_unit(toks[j]):
            j -= 1
            units += 1
        if (
            j >= lo
            and not toks[j].role
            and _QSTART.match(toks[j].f)
            and (units == 0 or _ENDS_DIGIT.search(toks[j].f))
        ):
            st = j
            if j - 1 >= lo and _LONE_OP.match(toks[j - 1].f) and not toks[j - 1].role:
                st = j - 1
            out.append((st, 2.0 if not _NUM.match(toks[j].f) or units else 1.0))
        t = toks[end - 1] if end - 1 >= lo else None
        if (
            t is not None
            and not t.role
            and not _HAS_DIGIT.search(t.f)
            and not _PUNCT.search(t.f)
            and len(t.f) <= 8
        ):
            q = 1.0 if t.f in _KNOWN_QUAL else (0.0 if len(t.f) <= 4 else -1.0)
            out.append((end - 1, q))
        return out

    def _note_cap(self) -> float | None:
        """Widest line the note column prints, when the name column is clearly wider (a
        wrapped name line, which fills the name column, cannot pass for a note line)."""
        if self.note_width is None or self.name_width is None:
            return None
        cap = self.note_width + _NOTE_SLACK
        return cap if self.name_width - _FULL_SLACK > cap else None

    def _split_unlabelled(
        self, seg: list[_Tok], prev: dict, has_note: bool
    ) -> tuple[list[list[_Tok]], list[list[_Tok]]]:
        """Text between two rows with no label in between: the next row's name, maybe
        preceded by the previous row's note."""
        if not has_note or not seg:
            return [], [seg]
        lines = _lines_of(seg)
        if len(lines) < 2:
            return [], [seg]
        cap = self._note_cap()
        if cap is not None:
            # The name is its last line (beside or above the values) and the wrapped lines
            # before it, which fill the name column; the narrow lines before those are the
            # previous row's note, whatever its score (a full-score row may explain why it
            # overshot or missed its target).
            cut = len(lines) - 1
            while cut > 0 and _width(lines[cut - 1]) > cap:
                cut -= 1
            return ([[t for ln in lines[:cut] for t in ln]] if cut else []), [
                [t for ln in lines[cut:] for t in ln]
            ]
        # Widths cannot tell the columns apart: a row that kept all its points has no note.
        w = parse_number(_toks_f(self.toks, prev["assign"]["weight"]))
        s = parse_number(_toks_f(self.toks, prev["assign"]["score"]))
        if w is None or s is None or s >= w:
            return [], [seg]
        # The note column is narrower than the name column: the name starts at the first
        # line wider than the note lines seen, else it is the last line.
        widths = [_width(ln) for ln in lines]
        cut = len(lines) - 1
        for n in range(1, len(lines)):
            if widths[n] > max(widths[:n]) + 1:
                cut = n
                break
        note = [t for ln in lines[:cut] for t in ln]
        name = [t for ln in lines[cut:] for t in ln]
        return [note], [name]

    def _note_run(self, seg: list[_Tok]) -> list[_Tok]:
        """Text after a row's values that starts with several lines the note column can
        hold is the row's note (a wrapped name would fill the name column): cut it at its
        first wider line, which is not this row's (an unparsed row, such as one with an
        empty cell). Other text is returned whole for ``_continues`` to judge."""
        cap = self._note_cap()
        lines = _lines_of(seg)
        if cap is None or len(lines) < 2 or _width(lines[0]) > cap or _width(lines[1]) > cap:
            return seg
        return _up_to_wider(seg, lines, cap)

    def _note_lines(self, seg: list[_Tok]) -> list[_Tok]:
        """The lines of a note text up to the first the note column cannot print."""
        cap = self._note_cap()
        return seg if cap is None else _up_to_wider(seg, _lines_of(seg), cap)

    def _continues(self, b: dict, head: list[_Tok], seg: list[_Tok]) -> bool:
        """Is the first text after a row's values the rest of its name (the values sit in
        the middle of a multi-line name cell) rather than its 偏差原因 note?"""
        if not head or not self.has_note:
            return True
        if _join_toks(head).endswith(_CONTINUES):
            return True
        lines = _lines_of(seg)
        if self.note_width is not None:
            if max(map(_width, lines)) > self.note_width + _NOTE_SLACK:
                return True  # wider than the note column can print
        toks = self.toks
        cap = self._note_cap()
        if cap is not None and self.name_width is not None:
            if len(lines) > 1:
                return False  # a name wrapped over several lines fills the name column
            if _width(_lines_of(head)[-1]) < self.name_width - _FULL_SLACK:
                return False  # the name's last line does not fill its column: it ended there
        a = b["assign"]
        beside = not toks[b["start"]].nl and head[-1] is toks[b["start"] - 1]
        w = parse_number(_toks_f(toks, a["weight"]))
        sc = parse_number(_toks_f(toks, a["score"]))
        return beside and w is not None and sc is not None and sc >= w

    def _row(
        self,
        b: dict,
        head: list[_Tok],
        tail: list[list[_Tok]],
        level: tuple[str | None, str | None],
        has_note: bool,
    ) -> IndicatorRow:
        text = self.text
        toks = self.toks
        a = b["assign"]

        def qty(key: str) -> Quantity:
            x, y = a[key]
            s, e = toks[x].s, toks[y - 1].e
            return parse_quantity(text[s:e], s)

        name_parts = [head] if head else []
        note_parts: list[list[_Tok]] = []
        tail = list(tail)
        if tail:
            tail[0] = self._note_run(tail[0])
        if tail and self._continues(b, head, tail[0]):
            name_parts.append(tail.pop(0))
        if has_note:
            note_parts = [p for p in map(self._note_lines, tail) if p]
        # else: text after a label that follows the row, with no note column to hold it,
        # is stray (a repeated page header, a footnote): it is dropped.
        name = "".join(_join_toks(p) for p in name_parts)
        note = "".join(_join_toks(p) for p in note_parts)
        ws, we = toks[a["weight"][0]].s, toks[a["weight"][1] - 1].e
        ss, se = toks[a["score"][0]].s, toks[a["score"][1] - 1].e
        name_toks = [t for p in name_parts for t in p]
        note_toks = [t for p in note_parts for t in p]
        vstart = toks[b["start"]].s
        vend = toks[b["end"] - 1].e
        start = min([vstart] + [t.s for t in name_toks])
        end = max([vend] + [t.e for t in name_toks] + [t.e for t in note_toks])
        if level not in self.categories:  # rows of a group share their level labels
            self.categories[level] = categorise(level[0], level[1])
        c1, c2 = self.categories[level]
        return IndicatorRow(
            level1=level[0],
            level2=level[1],
            name=name,
            target=qty("target"),
            actual=qty("actual"),
            weight=parse_number(text[ws:we]),
            score=parse_number(text[ss:se]),
            note=note,
            start=start,
            end=end,
            category1=c1,
            category2=c2,
            weight_span=(ws, we),
            score_span=(ss, se),
            note_span=(note_toks[0].s, note_toks[-1].e) if note_toks else None,
            name_span=(name_toks[0].s, name_toks[-1].e) if name_toks else None,
        )
