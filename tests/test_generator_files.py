"""Generated reports as .html, .docx and .xlsx: same bytes per seed, spans in the text the
tool reads, every table row written, merged cells over empty cells only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from corpus.generator.filetypes import relocate, render_file_doc
from corpus.generator.generate import DocPlan, build_planned, generate
from corpus.generator.pdf import TableSpec
from extract.read import read_path

FORMATS = {"html": 1.0, "docx": 1.0, "xlsx": 1.0}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("files")
    generate(9, 8, out, formats=FORMATS)
    return out


def _records(root: Path) -> list[dict]:
    return [json.loads(x) for x in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_same_seed_same_bytes(corpus, tmp_path):
    again = tmp_path / "again"
    generate(9, 8, again, formats=FORMATS)
    for p in sorted((corpus / "docs").iterdir()):
        assert p.read_bytes() == (again / "docs" / p.name).read_bytes(), p.name


def test_every_type_and_span(corpus):
    recs = _records(corpus)
    docs = [r for r in recs if r["kind"] == "document"]
    assert {d["format"] for d in docs} == {"html", "docx", "xlsx"}
    assert all(d["file"].endswith("." + d["format"]) for d in docs)
    texts: dict[str, str] = {}
    anomalies = [r for r in recs if r["kind"] == "anomaly"]
    assert anomalies
    for a in anomalies:
        assert a.get("located", True), a
        if a["file"] not in texts:
            texts[a["file"]] = read_path(corpus / a["file"]).text
        assert texts[a["file"]][a["start"] : a["end"]] == a["evidence"], a


def test_every_truth_row_is_in_the_file(corpus):
    for d in (r for r in _records(corpus) if r["kind"] == "document"):
        text = _squash(read_path(corpus / d["file"]).text)
        truth = json.loads((corpus / d["truth"]).read_text(encoding="utf-8"))
        for t in truth["tables"]:
            assert t["layout"] in ("narrative", f"file_{d['format']}")
            for r in t["rows"]:
                assert _squash(r["name"]) in text, (d["file"], r["name"])
            if t["budget"]["adjusted"] is not None and t["layout"] != "narrative":
                assert f"{t['budget']['adjusted']:.2f}" in text.replace(",", ""), (d["file"], t["title"])


def test_blocks_are_tables_of_strings_with_merges_over_empty_cells():
    plan = DocPlan(3, 4, 5, 2022)
    doc = build_planned(plan, 8)
    doc.layout = doc.overall_layout = "file_html"
    blocks, twin, spans = render_file_doc(doc, "html")
    tables = [b for b in blocks if isinstance(b, TableSpec)]
    assert len(tables) == len(doc.tables)
    for spec in tables:
        width = len(spec.rows[0])
        assert all(isinstance(c, str) for row in spec.rows for c in row)
        assert all(len(row) <= width + 3 for row in spec.rows)
        assert spec.spans
        for c0, r0, c1, r1 in spec.spans:
            covered = [spec.rows[r][c] for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)][1:]
            assert spec.rows[r0][c0].strip() and not any(x.strip() for x in covered), (c0, r0, c1, r1)
    # the twin holds every key the tables mark
    assert ("row", 1, 0) in spans and ("budget_row", 0) in spans


def test_relocate_finds_the_kth_occurrence():
    twin = "甲\t95%\n乙\t95%\n"
    read = "| 甲 | 95% |\n| 乙 | 95% |\n"
    s = twin.rindex("95%")
    (rec,) = relocate([{"start": s, "end": s + 3, "evidence": "95%"}], twin, read)
    assert rec["start"] == read.rindex("95%") and rec["evidence"] == "95%"


def test_real_form_tables_in_pdfs(tmp_path):
    """With --real-share the PDFs carry the real forms' tables (ruled), spans in the reader's text."""
    generate(3, 6, tmp_path, pdf_share=1.0, real_share=1.0)
    recs = _records(tmp_path)
    docs = [r for r in recs if r["kind"] == "document"]
    assert {d["format"] for d in docs} == {"pdf"}
    assert {d["layout"] for d in docs} <= {"file_pdf", "file_pdf_unruled"}
    for d in docs:
        text = read_path(tmp_path / d["file"]).text
        truth = json.loads((tmp_path / d["truth"]).read_text(encoding="utf-8"))
        assert all(_squash(r["name"]) in _squash(text) for t in truth["tables"] for r in t["rows"])
        # a born-digital file has no OCR damage: no 工 for ≥, no $ for %
        assert not re.search(r"(^|\s)工\d|\d\$", text)
    for a in (r for r in recs if r["kind"] == "anomaly"):
        assert read_path(tmp_path / a["file"]).text[a["start"] : a["end"]] == a["evidence"]
