"""The fast paths of reading and the clause grammar give what the plain computations give:
the printable-character count of ``_check_text``, the clause separators of a gap
(``_gap_seps``), the memoised item cleaning, the token gate, a row of the alignment tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import clause_tokens
from extract.clause_changes import _gap_seps
from extract.clause_records import _Seg
from extract.clause_tokens import _CLAUSE_SEP, _PARENS, _clean_tail, clean_item
from extract.clauses import _breaks
from extract.layouts import celltype, rows
from extract.normalize import normalize
from extract.read import read_path, unprintable_count


def _plain_unprintable(chunk: str) -> int:
    """The count as it was computed before: one Python test per character."""
    return sum(1 for ch in chunk if not (ch.isprintable() or ch in "\r\n\t\f"))


@given(st.text(max_size=400))
@settings(max_examples=400, deadline=None)
def test_unprintable_count_equals_the_per_character_count(text: str) -> None:
    assert unprintable_count(text) == _plain_unprintable(text)


@given(
    st.text(
        alphabet="ab中文 \x00\x07\x1f\x7f\r\n\t\f\x0b\u3000\u00a0\u00ad\u200b\u2028\u2060\ufeff\ue000\ud800\x85",
        max_size=200,
    )
)
@settings(max_examples=300, deadline=None)
def test_unprintable_count_on_control_and_space_characters(text: str) -> None:
    assert unprintable_count(text) == _plain_unprintable(text)


def _plain_gap_seps(nt: str, st_: _Seg, a: int, b: int, prev_end: int) -> None:
    """``_gap_seps`` as it was: the separator pattern scanned from ``a`` to past ``b``."""
    if frozenset(",，：:（()）").isdisjoint(nt[a:b]):
        return
    for m in _PARENS.finditer(nt, a, b):
        if m.group() in "（(":
            if _CLAUSE_SEP.match(nt, m.start()):
                st_.paren = True
        elif st_.paren:
            st_.paren = False
    seps = []
    for m in _CLAUSE_SEP.finditer(nt, a):
        if m.start() >= b:
            break
        seps.append(m.start())
    if not seps:
        return
    last = seps[-1]
    if len(seps) >= 2:
        cstart, quiet = seps[-2] + 1, True
    else:
        cstart, quiet = st_.clause, prev_end <= st_.clause
    st_.prev_clause = (cstart, last) if quiet and last > cstart else None
    st_.clause = last + 1


_GAP_ALPHABET = st.sampled_from(
    list("1234,，：:（()）%主要其中含下同费用减少元 ") + ["同口径", "万元", "12,345"]
)


@given(
    st.lists(_GAP_ALPHABET, max_size=40).map("".join),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 10),
    st.booleans(),
)
@settings(max_examples=500, deadline=None)
def test_gap_seps_equals_the_unbounded_scan(nt: str, a: int, b: int, clause: int, paren: bool) -> None:
    a, b = min(a, len(nt)), min(b, len(nt))
    states = []
    for fn in (_gap_seps, _plain_gap_seps):
        s = _Seg(nt, 0, 0, 0)
        s.clause, s.paren = clause, paren
        fn(nt, s, a, b, clause)
        states.append((s.clause, s.paren, s.prev_clause))
    assert states[0] == states[1]


@given(st.text(alphabet="公务接待费支出预算决算数为是的达到共计（）()：:，,、其中2023年度\n ", max_size=120))
@settings(max_examples=300, deadline=None)
def test_clean_item_memo_is_the_function_of_the_tail(raw: str) -> None:
    _clean_tail.cache_clear()
    first = clean_item(raw)
    assert clean_item(raw[-80:]) == first  # the same tail, answered from the memo
    _clean_tail.cache_clear()
    assert clean_item(raw) == first


SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "seeds").glob("*.txt"))


def test_token_gate_without_separators_finds_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate no longer stops at ``，,：:）)`` (they start no token): the tokens of every
    seed's prose are those a gate stopping there too finds."""
    with_seps = re.compile("|".join(map(re.escape, [*clause_tokens._gate_prefixes(), *",，：:）)"])))
    for path in SEEDS:
        nt = normalize(read_path(path).text).text
        breaks = _breaks(nt, 0, len(nt))
        fast = _token_spans(nt, breaks)
        monkeypatch.setattr(clause_tokens, "_GATE", with_seps)
        assert _token_spans(nt, breaks) == fast
        monkeypatch.undo()
        assert len(fast) > 20


def _token_spans(nt: str, breaks: list[int]) -> list[tuple[str | None, tuple[int, int]]]:
    return [(m.lastgroup, m.span()) for m in clause_tokens._tokens(nt, 0, len(nt), breaks)]


def _plain_dp_row(sides, ctype, text, prev_text, fp, gp):  # type: ignore[no-untyped-def]
    """``rows._dp_row`` as it was: one column at a time."""
    m, absorbing, is_name, steps = sides.m, sides.absorbing, sides.is_name, sides.steps
    fits = sides.fit_row(ctype, text)
    word = ctype in rows._WORD_LABELS and not text.endswith("指标")
    f, g = [rows._NEG] * (m + 1), [rows._NEG] * (m + 1)
    fb, gb = [rows._G] * (m + 1), [False] * (m + 1)
    best, how = rows._NEG, rows._G
    if fp[0] + rows._SKIP_CELL > best:
        best, how = fp[0] + rows._SKIP_CELL, rows._UP
    f[0], fb[0] = best, how
    for j in range(1, m + 1):
        put = fp[j - 1] + fits[j - 1] - steps[j]
        more = rows._NEG
        if prev_text and absorbing[j - 1] and (ctype == "text" or (is_name[j - 1] and word)):
            more = gp[j] + rows._ABSORB
        if put >= more:
            g[j] = best = put
        else:
            g[j] = best = more
            gb[j] = True
        how = rows._G
        if f[j - 1] > best:
            best, how = f[j - 1], rows._LEFT
        if fp[j] + rows._SKIP_CELL > best:
            best, how = fp[j] + rows._SKIP_CELL, rows._UP
        f[j], fb[j] = best, how
    return f, g, fb, gb


_COLS = st.lists(
    st.sampled_from(["level1", "level2", "name", "target", "actual", "weight", "score", "note"]),
    min_size=1,
    max_size=9,
)
_SCORES = st.one_of(st.just(float("-inf")), st.floats(-20, 20, allow_nan=False))


@given(
    _COLS,
    st.sampled_from(
        [("text", "完成率"), ("number", "95"), ("percent", "90%"), ("label", "产出指标"), ("label2", "数量")]
    ),
    st.booleans(),
    st.data(),
)
@settings(max_examples=400, deadline=None)
def test_dp_row_equals_the_column_by_column_row(cols, item, prev_text, data) -> None:  # type: ignore[no-untyped-def]
    sides = rows._Sides(tuple(cols))
    fp = data.draw(st.lists(_SCORES, min_size=len(cols) + 1, max_size=len(cols) + 1))
    gp = data.draw(st.lists(_SCORES, min_size=len(cols) + 1, max_size=len(cols) + 1))
    ctype, text = item
    assert rows._dp_row(sides, ctype, text, prev_text, fp, gp) == _plain_dp_row(
        sides, ctype, text, prev_text, fp, gp
    )


_FIT_ROLES = sorted(celltype.FIT) + ["name", "unknown"]
_CELL_TYPES = ["empty", "na", "number", "percent", "op", "unit", "qty", "label1", "label2", "label", "text"]


@given(
    st.sampled_from(_FIT_ROLES),
    st.sampled_from(_CELL_TYPES),
    st.one_of(st.text(max_size=12), st.sampled_from(["120", "95", "正向", "反向指标", "1,200分"])),
)
@settings(max_examples=500, deadline=None)
def test_fit_reads_the_text_of_text_and_number_cells_only(role: str, ctype: str, text: str) -> None:
    """``_Sides.fit_row`` shares one row among the cells of a type other than text and
    number: ``celltype.fit`` must not read their text."""
    if ctype not in rows._TEXT_READ:
        assert celltype.fit(role, ctype, text) == celltype.fit(role, ctype, "")
    sides = rows._Sides(("level1", "name", "target", "weight", "score", "nature"))
    assert sides.fit_row(ctype, text) == [celltype.fit(c, ctype, text) for c in sides.cols]
