"""Tables drawn without lines and with vertically centred cells (pdf_unruled): merged
labels go to the first of their rows, as in the same table drawn with lines."""

from __future__ import annotations

import dataclasses

from corpus.generator.generate import build_planned, plan_corpus
from corpus.generator.pdf import TableSpec, doc_pdf_blocks, render_blocks
from extract.pipeline import extract_source
from extract.read import read_bytes


def _tables(blocks, ruled: bool, valign: str = "MIDDLE") -> list[list[tuple]]:
    drawn = [
        dataclasses.replace(b, ruled=ruled, valign=valign) if isinstance(b, TableSpec) else b for b in blocks
    ]
    rep = extract_source(read_bytes(render_blocks(drawn), "t.pdf"))
    return [
        [(r.level1, r.level2, r.name, r.target.raw, r.actual.raw, r.weight, r.score) for r in t.rows]
        + [(t.title, t.budget and (t.budget.adjusted, t.budget.executed, t.budget.rate), t.declared_total)]
        for t in rep.tables
    ]


def test_centred_merged_labels_read_like_the_ruled_table():
    # A 部门整体 table (a budget row header centred over six rows, 一级指标 over six and two
    # rows, 二级指标 over four) and project tables whose 年度绩效指标完成情况 label is centred
    # below their header row.
    blocks = doc_pdf_blocks(build_planned(next(iter(plan_corpus(8, 11, 1.0))), 11))
    want, got = _tables(blocks, True), _tables(blocks, False)
    assert len(got) == len(want) >= 4
    assert sum(len(t) for t in want) >= 30
    assert got[:3] == want[:3]
    # The same tables top-aligned: every indicator row as ruled (nothing centred to move).
    assert [t[:-1] for t in _tables(blocks, False, "TOP")] == [t[:-1] for t in want]
