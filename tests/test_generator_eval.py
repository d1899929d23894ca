"""``jxscan eval`` per table family and per file type: the grouping and its arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.evaluate import Accuracy, Manifest, compare_extraction, doc_family, findings_by, format_text

DOCS = [
    {"file": "docs/00000.txt", "format": "txt", "layout": "inline"},
    {"file": "docs/00001.txt", "format": "txt", "layout": "pipes_rows"},
    {"file": "docs/00002.pdf", "format": "pdf", "layout": "tab"},
    {"file": "docs/00003.docx", "format": "docx", "layout": "file_docx"},
]
ANOMALIES = [
    {"file": "docs/00000.txt", "code": "IND001", "start": 10, "end": 20},
    {"file": "docs/00001.txt", "code": "IND001", "start": 10, "end": 20},
    {"file": "docs/00001.txt", "code": "SUM003", "start": 50, "end": 60},
    {"file": "docs/00003.docx", "code": "SUM003", "start": 5, "end": 9},
]
REPORTS = {
    "docs/00000.txt": {"findings": [{"code": "IND001", "start": 12, "end": 14, "message": ""}]},
    "docs/00001.txt": {"findings": [{"code": "SUM003", "start": 70, "end": 80, "message": ""}]},
    "docs/00002.pdf": {"findings": []},
    "docs/00003.docx": {"findings": [{"code": "SUM003", "start": 0, "end": 6, "message": ""}]},
}


def test_findings_by_family_and_format():
    m = Manifest(Path("."), DOCS, ANOMALIES)
    fam = findings_by(m, REPORTS, doc_family)
    assert set(fam) == {"inline", "pipes_rows", "pdf", "file_docx"}
    assert fam["inline"]["overall"] == {
        "planted": 1,
        "recalled": 1,
        "findings": 1,
        "true_positives": 1,
        "precision": 1.0,
        "recall": 1.0,
    }
    pr = fam["pipes_rows"]
    assert pr["per_code"]["IND001"]["recalled"] == 0 and pr["per_code"]["SUM003"]["false_positives"] == 1
    assert pr["overall"]["precision"] == 0.0 and pr["overall"]["recall"] == 0.0
    assert fam["pdf"]["overall"]["planted"] == 0 and fam["pdf"]["documents"] == 1
    by_type = findings_by(m, REPORTS, lambda d: d["format"])
    assert by_type["txt"]["documents"] == 2 and by_type["txt"]["overall"]["recall"] == 0.3333
    assert by_type["docx"]["overall"]["recall"] == 1.0


def test_extraction_by_file_type():
    truth = {
        "file": "docs/00003.docx",
        "format": "docx",
        "tables": [
            {
                "kind": "project",
                "title": "甲项目",
                "layout": "file_docx",
                "budget": {
                    "initial": None,
                    "adjusted": 10.0,
                    "executed": 9.0,
                    "rate": 90.0,
                    "weight": None,
                    "score": None,
                },
                "declared_total": None,
                "rows": [
                    {
                        "name": "培训人数",
                        "target": {"op": ">=", "value": 100.0, "unit": "人"},
                        "actual": {"op": "=", "value": 98.0, "unit": "人"},
                        "weight": 20.0,
                        "score": 19.6,
                    }
                ],
            }
        ],
    }
    got = {
        "tables": [
            {
                "kind": "project",
                "title": "甲项目",
                "declared_total": None,
                "budget": {"adjusted": 10.0, "executed": 9.0, "rate": 90.0},
                "rows": [
                    {
                        "name": "培训 人数",
                        "target": {"op": ">=", "value": 100.0, "unit": "人"},
                        "actual": {"op": "=", "value": 98.0, "unit": "人"},
                        "weight": 20.0,
                        "score": None,
                    }
                ],
            }
        ]
    }
    acc = Accuracy()
    compare_extraction(truth, got, acc)
    f = acc.formats()["docx"]
    assert (f["tables_found"], f["rows_found"]) == (1, 1)
    # budget adjusted/executed/rate, the (absent) total, 8 row fields: the score is wrong
    assert (f["correct"], f["fields"]) == (11, 12)
    assert acc.layouts()["file_docx"]["correct"] == 11


def test_text_output_has_the_groups():
    m = Manifest(Path("."), DOCS, ANOMALIES)
    acc = Accuracy()
    res = {
        "manifest": "m",
        "timing": {"documents": 4, "screen_seconds": 0, "corpus_seconds": 0},
        "per_code": {},
        "overall": {
            "planted": 4,
            "recalled": 2,
            "findings": 3,
            "true_positives": 2,
            "precision": 0.6667,
            "recall": 0.5,
        },
        "extraction": acc.table(),
        "extraction_by_layout": acc.layouts(),
        "extraction_by_format": acc.formats(),
        "findings_by_family": findings_by(m, REPORTS, doc_family),
        "findings_by_format": findings_by(m, REPORTS, lambda d: d["format"]),
    }
    text = format_text(res, lang="en")
    assert "by table family" in text and "by file type" in text
    assert "recall by code and table family" in text
    zh = format_text(res, lang="zh")  # the headings come from the catalogue, Chinese by default
    assert "按表格族" in zh and "按文件类型" in zh and "by file type" not in zh
    assert zh.splitlines()[-1] == text.splitlines()[-1]  # same table, only the headings differ
    line = next(x for x in text.splitlines() if x.strip().startswith("IND001"))
    assert "1/1" in line and "0/1" in line


def test_unlocated_anomalies_are_counted_apart(tmp_path):
    from corpus.evaluate import read_manifest

    recs = [
        {"kind": "corpus", "n": 1},
        {"kind": "document", **DOCS[0], "truth": "t.json"},
        {"kind": "anomaly", **ANOMALIES[0]},
        {
            "kind": "anomaly",
            "file": "docs/00000.txt",
            "code": "SUM003",
            "start": 1,
            "end": 2,
            "located": False,
        },
        {
            "kind": "anomaly",
            "file": "docs/00000.txt",
            "code": "GOL003",
            "start": 3,
            "end": 5,
            "located": "prefix",
        },
    ]
    p = tmp_path / "manifest.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    m = read_manifest(p)
    assert [a["code"] for a in m.anomalies] == ["IND001", "GOL003"]
    assert [a["code"] for a in m.unlocated] == ["SUM003"]
