"""The row search's shortcuts give what the plain alignment gives: ``prefix_scores`` (every
window of a cell stream scored in one pass) and the row-by-row ``align_scored`` against the
plain dynamic programme they replaced, on the cell streams of generated reports (the
paragraph-per-cell tables ``segment_rows`` reads) and on hand-made rows."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from extract.layouts import rows
from extract.layouts.base import Cell
from extract.layouts.celltype import cell_type, fit
from extract.pipeline import extract_source
from extract.read import read_path


def _plain_align(cells: Sequence[Cell], cols: Sequence[str]) -> tuple[list[int | None], float]:
    """The alignment as it was written before the shortcuts: full tables, tuple back-pointers."""
    items = rows._items([cell_type(c.clean) for c in cells], cols)
    texts = ["".join(cells[k].clean for k in it) for it in items]
    types = [cell_type(t) for t in texts]
    n, m = len(items), len(cols)
    neg = float("-inf")
    f = [[neg] * (m + 1) for _ in range(n + 1)]
    g = [[neg] * (m + 1) for _ in range(n + 1)]
    fb: list[list[tuple[str, int, int]]] = [[("", 0, 0)] * (m + 1) for _ in range(n + 1)]
    gb: list[list[str]] = [[""] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        f[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(0, m + 1):
            if j > 0:
                put = f[i - 1][j - 1] + fit(cols[j - 1], types[i - 1], texts[i - 1]) - 0.001 * j
                more = neg
                if (
                    i > 1
                    and cols[j - 1] in rows._ABSORBING
                    and types[i - 2] == "text"
                    and (
                        types[i - 1] == "text"
                        or (
                            cols[j - 1] == "name"
                            and types[i - 1] in rows._WORD_LABELS
                            and not texts[i - 1].endswith("指标")
                        )
                    )
                ):
                    more = g[i - 1][j] + rows._ABSORB
                g[i][j], gb[i][j] = (put, "put") if put >= more else (more, "more")
            best, how = g[i][j], ("g", i, j)
            if j > 0 and f[i][j - 1] > best:
                best, how = f[i][j - 1], ("f", i, j - 1)
            if f[i - 1][j] + rows._SKIP_CELL > best:
                best, how = f[i - 1][j] + rows._SKIP_CELL, ("f", i - 1, j)
            f[i][j], fb[i][j] = best, how
    out: list[int | None] = [None] * len(cells)
    table, i, j = "f", n, m
    while i > 0:
        if table == "f":
            table, i, j = fb[i][j]
            continue
        for k in items[i - 1]:
            out[k] = j - 1
        if gb[i][j] == "more":
            i -= 1
        else:
            table, i, j = "f", i - 1, j - 1
    return out, f[n][m]


@pytest.fixture(scope="module")
def streams(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[Cell], list[str], int]]:
    """The (cells, columns, width) ``segment_rows`` is asked for while reading 60 generated
    reports."""
    from corpus.generator.generate import generate

    out = tmp_path_factory.mktemp("gen")
    generate(60, 5, out, real_share=0.5)
    seen: list[tuple[list[Cell], list[str], int]] = []
    plain = rows.segment_rows

    def recording(cells: list[Cell], cols: list[str], width: int) -> list[list[Cell]]:
        seen.append((list(cells), list(cols), width))
        return plain(cells, cols, width)

    rows.segment_rows = recording  # type: ignore[assignment]
    try:
        for p in sorted((out / "docs").glob("*.txt")):
            extract_source(read_path(p))
    finally:
        rows.segment_rows = plain  # type: ignore[assignment]
    return seen


def test_generated_reports_have_cell_streams(streams: list) -> None:
    assert len(streams) >= 5
    assert sum(len(c) for c, _, _ in streams) >= 300


def test_prefix_scores_and_align_equal_the_plain_alignment(streams: list) -> None:
    checked = 0
    for cells, cols, width in streams:
        hi = width + 1
        for s in range(len(cells)):
            scores = rows.prefix_scores(cells[s : s + hi], cols)
            for k in range(1, min(hi, len(cells) - s) + 1):
                window = cells[s : s + k]
                plain = _plain_align(window, cols)
                assert scores[k] == plain[1], (s, k, [c.clean for c in window], cols)
                assert rows.align_scored(window, cols) == plain
                checked += 1
    assert checked >= 1000


def _cells(*texts: str) -> list[Cell]:
    out, pos = [], 0
    for t in texts:
        out.append(Cell(t, pos, pos + len(t)))
        pos += len(t) + 1
    return out


def test_a_cut_inside_a_split_target_scores_like_the_cut_row() -> None:
    # ≥ | 90 | % is one item; prefixes ending after ≥ and after 90 cut it.
    cols = ["level1", "level2", "name", "target", "actual", "weight", "score"]
    cells = _cells("产出指标", "数量指标", "培训 人数", "≥", "90", "%", "95%", "10", "9")
    scores = rows.prefix_scores(cells, cols)
    for k in range(1, len(cells) + 1):
        assert scores[k] == _plain_align(cells[:k], cols)[1]
    assert rows.align(cells, cols) == _plain_align(cells, cols)[0]
    assert rows.align(cells, cols)[3:6] == [3, 3, 3]  # the split target in the target column


def test_segment_rows_cuts_rows_of_differing_width() -> None:
    # Merged level cells left out of the second and third rows.
    cols = ["level1", "level2", "name", "target", "actual", "weight", "score"]
    cells = _cells(
        "产出指标",
        "数量指标",
        "培训人数",
        "≥90%",
        "95%",
        "10",
        "9",
        "参训人员满意度",
        "≥90%",
        "92%",
        "10",
        "10",
        "效益指标",
        "社会效益指标",
        "群众知晓率",
        "≥80%",
        "85%",
        "20",
        "18",
    )
    got = [[c.clean for c in r] for r in rows.segment_rows(cells, cols, len(cols))]
    assert got == [
        ["产出指标", "数量指标", "培训人数", "≥90%", "95%", "10", "9"],
        ["参训人员满意度", "≥90%", "92%", "10", "10"],
        ["效益指标", "社会效益指标", "群众知晓率", "≥80%", "85%", "20", "18"],
    ]


def test_clear_caches_empties_the_new_memos() -> None:
    from extract.pipeline import clear_caches

    rows.align(_cells("产出指标", "培训人数", "10"), ["level1", "name", "weight"])
    assert rows._sides.cache_info().currsize >= 1
    clear_caches()
    assert rows._sides.cache_info().currsize == 0
    assert fit.cache_info().currsize == 0


def test_memoised_split_glued_header_returns_a_fresh_list() -> None:
    from extract.layouts.headers import split_glued_header

    first = split_glued_header("全年预算数全年执行数")
    assert first == [(0, 5), (5, 10)]
    first.append((99, 100))  # a caller changing its list does not change the memo
    assert split_glued_header("全年预算数全年执行数") == [(0, 5), (5, 10)]
