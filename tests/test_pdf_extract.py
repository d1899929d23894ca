"""PDF input end to end: a generated report PDF gives the same structure as its text twin."""

from __future__ import annotations

import json
import subprocess
import sys

from extract.pipeline import extract_source
from extract.read import read_bytes, read_text
from service.serialize import report_dict

from . import pdfgen


def _structure(report):
    out = []
    for t in report.tables:
        b = t.budget
        out.append(
            {
                "kind": t.kind,
                "title": t.title,
                "budget": b and (b.initial, b.adjusted, b.executed, b.rate, b.weight, b.score),
                "declared_total": t.declared_total,
                "rows": [
                    (
                        r.target.op,
                        r.target.value,
                        r.target.unit,
                        r.actual.op,
                        r.actual.value,
                        r.actual.unit,
                        r.weight,
                        r.score,
                    )
                    for r in t.rows
                ],
                "names": [r.name.replace(" ", "") for r in t.rows],
                "goal": t.goal and (t.goal.expected.replace(" ", ""), t.goal.actual.replace(" ", "")),
            }
        )
    return out


def test_pdf_and_text_twin_give_the_same_structure(tmp_path):
    blocks = pdfgen.sample_report()
    data = pdfgen.render_pdf(blocks, tmp_path / "r.pdf")
    src_pdf = read_bytes(data, "r.pdf")
    src_txt = read_text(pdfgen.report_text(blocks), "r.txt")
    pdf_report, txt_report = extract_source(src_pdf), extract_source(src_txt)
    assert src_pdf.kind == "pdf" and src_pdf.pages >= 2
    assert len(txt_report.tables) == 2
    assert [len(t.rows) for t in txt_report.tables] == [7, 4]
    assert txt_report.tables[0].rows[1].actual.value == 280 and txt_report.tables[0].rows[1].score == 9.33
    assert _structure(pdf_report) == _structure(txt_report)


def test_pdf_spans_carry_page_and_bbox(tmp_path):
    blocks = pdfgen.sample_report()
    data = pdfgen.render_pdf(blocks, tmp_path / "r.pdf")
    src = read_bytes(data, "r.pdf")
    report = extract_source(src)
    d = report_dict(report, src, include_text=True)
    rows = [r for t in d["tables"] for r in t["rows"]]
    pages = {t["page"] for t in d["tables"]}
    assert pages <= set(range(1, src.pages + 1)) and len(pages) >= 1
    for r in rows:
        assert r["page"] >= 1 and len(r["bbox"]) == 4
        x0, top, x1, bottom = r["bbox"]
        assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850
        tgt = r["target"]
        assert d["text"][tgt["start"] : tgt["end"]] == tgt["raw"]
        assert "page" in tgt and "bbox" in tgt


def test_cli_reads_pdf_and_reports_bad_pdfs(tmp_path):
    pdfgen.render_pdf(pdfgen.sample_report(), tmp_path / "good.pdf")
    (tmp_path / "enc.pdf").write_bytes(pdfgen.encrypted_pdf())
    (tmp_path / "scan.pdf").write_bytes(pdfgen.no_text_pdf())
    good = (tmp_path / "good.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(pdfgen.truncated_pdf(good))
    p = subprocess.run(
        [sys.executable, "-m", "service.cli", "extract", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 2
    reports = [json.loads(x) for x in p.stdout.splitlines()]
    assert [r["source"].rsplit("/", 1)[-1] for r in reports] == ["good.pdf"]
    assert len(reports[0]["tables"]) == 2
    err = p.stderr.splitlines()
    assert len(err) == 3
    assert any("enc.pdf" in e and "encrypted" in e for e in err)
    assert any("scan.pdf" in e and "no text layer" in e for e in err)
    assert any("cut.pdf" in e and "truncated" in e for e in err)
