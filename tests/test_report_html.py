"""``jxscan report``: the static pages, parsed back with html.parser.

Every finding whose evidence indexes the text gets a <mark id="m-N"> holding exactly its
evidence, linked both ways with its list item f-N; the page's text is the report's text
(nothing lost, everything escaped); flagged rows are marked; index.html ranks by risk and
draws the histogram.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from classify.corpus_pass import analyse_corpus, merge_findings
from extract.read import read_path
from service import store
from service.report_html import build_site, main, page_name, rank_key, render_document
from service.screen import screen_source

from .conftest import seed_path
from .test_corpus_checks import pasted_goal_004, renamed_002


@pytest.fixture(autouse=True)
def _chinese_pages(monkeypatch):
    # The pages' default language (the suite runs in English, tests/conftest.py).
    monkeypatch.setenv("JXSCAN_LANG", "zh")


PREFIXES = ("000", "001", "002", "003", "004")


class Page(HTMLParser):
    """Ids, links, <mark> texts per finding and the text of <pre class="text">."""

    VOID = {"meta", "br", "link", "img", "input", "hr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.ids: dict[str, tuple[str, dict]] = {}
        self.duplicate_ids: list[str] = []
        self.hrefs: list[str] = []
        self.marks: dict[str, str] = defaultdict(str)
        self.mark_ids: dict[str, str] = {}  # m-N -> f-N
        self.text: list[str] = []
        self.tags: Counter = Counter()
        self.rows: list[tuple[dict, list[str]]] = []  # <tr> attrs and the hrefs inside
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags[tag] += 1
        if "id" in a:
            if a["id"] in self.ids:
                self.duplicate_ids.append(a["id"])
            self.ids[a["id"]] = (tag, a)
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
            for t, _ in reversed(self.stack):
                if t == "tr":
                    self.rows[-1][1].append(a["href"])
                    break
        if tag == "mark" and "id" in a:
            self.mark_ids[a["id"]] = a["data-f"]
        if tag == "tr":
            self.rows.append((a, []))
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        in_pre = any(t == "pre" and "text" in a.get("class", "").split() for t, a in self.stack)
        in_ref = any(t == "a" and a.get("class") == "ref" for t, a in self.stack)
        if in_pre and not in_ref:
            self.text.append(data)
        for t, a in self.stack:
            if t == "mark":
                self.marks[a["data-f"]] += data


@cache
def checked(prefix: str) -> dict:
    return screen_source(read_path(seed_path(prefix)), checks=True, include_text=True)


@cache
def corpus_reports() -> tuple[dict, ...]:
    """The five seeds checked, two near-copies, DUP findings merged in."""
    reps = [dict(checked(p)) for p in PREFIXES] + [dict(renamed_002()), dict(pasted_goal_004())]
    found = analyse_corpus(reps)
    for r in reps:
        merge_findings(r, found.findings.get(r["doc_id"], []))
    return tuple(reps)


def page_order(report: dict) -> list[dict]:
    """Findings in the page's numbering order (errors first, then by position)."""
    rank = {"error": 0, "warning": 1, "info": 2}
    fs = report["findings"]
    idx = sorted(range(len(fs)), key=lambda i: (rank[fs[i]["severity"]], fs[i]["start"], i))
    return [fs[i] for i in idx]


@pytest.mark.parametrize("i", range(7))
def test_every_finding_is_highlighted_and_linked(i):
    report = corpus_reports()[i]
    page = Page(render_document(report))
    assert not page.duplicate_ids
    assert page.tags["script"] == 0
    text = report["text"]
    findings = page_order(report)
    assert findings, "the seeds all have findings"
    for n, f in enumerate(findings, 1):
        assert page.ids[f"f-{n}"][0] == "li"
        assert text[f["start"] : f["end"]] == f["evidence"]
        # The mark exists, belongs to finding n, and the marked text is exactly the evidence.
        assert page.mark_ids[f"m-{n}"] == f"f-{n}"
        assert page.marks[f"f-{n}"] == f["evidence"]
        assert f"#m-{n}" in page.hrefs and f"#f-{n}" in page.hrefs
    # Every in-page link resolves to an id of the page.
    for href in page.hrefs:
        if href.startswith("#"):
            assert href[1:] in page.ids, href
    # The text shown is the report's text, character for character.
    assert "".join(page.text) == text


def test_flagged_rows_link_to_their_findings():
    report = corpus_reports()[1]  # seed 001
    page = Page(render_document(report))
    findings = page_order(report)
    n = next(n for n, f in enumerate(findings, 1) if f["code"] == "IND001")
    rows = [(a, hrefs) for a, hrefs in page.rows if f"#f-{n}" in hrefs]
    assert len(rows) == 1 and "flagged" in rows[0][0]["class"] and "sev-error" in rows[0][0]["class"]
    flagged = [a for a, _ in page.rows if "flagged" in a.get("class", "")]
    unflagged = [a for a, hrefs in page.rows if "flagged" not in a.get("class", "") and hrefs]
    assert len(flagged) >= 10 and not unflagged


def test_dup001_links_to_the_other_document():
    reps = corpus_reports()
    copy = reps[5]
    page = Page(render_document(copy))
    (f,) = [f for f in copy["findings"] if f["code"] == "DUP001"]
    assert page_name(f["details"]["other"]["doc_id"]) in page.hrefs
    assert f["details"]["other"]["doc_id"] == reps[2]["doc_id"]


def test_everything_is_escaped():
    evil = "<script>alert('x')</script>&amp;<u>粗</u><img src=x onerror=alert(1)>\"'"
    text = f"标题{evil}\n主要原因是：{evil}。"
    s = text.index("主要原因是")
    report = {
        "doc_id": "ab<cd",
        "source": evil,
        "title": evil,
        "department": evil,
        "year": 2023,
        "risk": 50.0,
        "counts": {"error": 1, "warning": 0, "info": 0},
        "text": text,
        "tables": [
            {
                "title": evil,
                "kind": "project",
                "start": 0,
                "end": 5,
                "rows": [
                    {
                        "level1": evil,
                        "level2": evil,
                        "name": evil,
                        "target": {"raw": evil},
                        "actual": {"raw": evil},
                        "weight": 1,
                        "score": 1,
                        "start": 0,
                        "end": 5,
                    }
                ],
                "goal": {"expected": evil, "actual": evil},
            }
        ],
        "reasons": [{"text": text[s:], "start": s, "end": len(text), "item": evil}],
        "findings": [
            {
                "code": "RSN001",
                "severity": "error",
                "message": evil,
                "evidence": text[s:],
                "start": s,
                "end": len(text),
                "location": evil,
                "details": {"why": evil},
            }
        ],
    }
    html = render_document(report)
    page = Page(html)
    assert page.tags["script"] == 0 and page.tags["u"] == 0 and page.tags["img"] == 0
    assert "".join(page.text) == text
    assert page.marks["f-1"] == text[s:]
    assert "&lt;script&gt;" in html


def test_crossing_spans_nest_and_keep_their_evidence():
    text = "甲乙丙丁戊己庚辛壬癸"
    fs = [
        {"code": "IND001", "severity": "error", "message": "a", "evidence": text[1:6], "start": 1, "end": 6},
        {
            "code": "RSN002",
            "severity": "warning",
            "message": "b",
            "evidence": text[4:9],
            "start": 4,
            "end": 9,
        },
        {"code": "IND008", "severity": "info", "message": "c", "evidence": text[4:6], "start": 4, "end": 6},
        {
            "code": "XRF001",
            "severity": "warning",
            "message": "d",
            "evidence": "不在原文",
            "start": 0,
            "end": 2,
        },
    ]
    report = {"doc_id": "x", "text": text, "findings": fs, "counts": {}, "tables": [], "reasons": []}
    page = Page(render_document(report))
    assert page.marks["f-1"] == text[1:6]
    # Page order: errors, then warnings by position (XRF001 at 0 before RSN002 at 4), then info.
    assert page.marks["f-3"] == text[4:9]
    assert page.marks["f-4"] == text[4:6]
    assert "m-2" not in page.mark_ids  # evidence not in the text: listed, not highlighted
    assert "f-2" in page.ids and "".join(page.text) == text


def test_report_without_text_still_lists_its_findings():
    report = {k: v for k, v in checked("004").items() if k != "text"}
    page = Page(render_document(report))
    assert not page.mark_ids and not page.text
    assert len([i for i in page.ids if i.startswith("f-")]) == len(report["findings"])


def test_site_index_ranks_counts_and_draws_the_histogram(tmp_path):
    reps = [dict(r) for r in corpus_reports()]
    site = build_site(reps, tmp_path, stats=analyse_corpus(reps).stats)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.tags["script"] == 0 and 'lang="zh-CN"' in html
    ranked = [a["data-doc"] for a, _ in page.rows if "data-doc" in a]
    expected = sorted(reps, key=lambda r: (-r["risk"], r["source"]))
    assert ranked == [r["doc_id"] for r in expected]
    assert [r["risk"] for r in expected] == sorted((r["risk"] for r in reps), reverse=True)
    # Every document link resolves to a page on disk, and each page names its document.
    links = [h for h in page.hrefs if h.startswith("docs/")]
    assert len(links) == 7
    for h in links:
        assert (tmp_path / h).is_file()
    # Counts per code: one row per code, the totals of the findings.
    codes = Counter(f["code"] for r in reps for f in r["findings"])
    assert site.code_findings == codes
    assert {i[5:] for i in page.ids if i.startswith("code-")} == set(codes)
    assert codes["DUP001"] == 4
    # The histogram: ten bars whose counts add up to the documents.
    bars = [a for t, a in page_elements(html) if t == "rect" and "bar" in a.get("class", "")]
    assert len(bars) == 10 and page.tags["svg"] == 1
    assert sum(b["count"] for b in _hist_counts(html)) == 7


def page_elements(html: str) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append((tag, {k: v or "" for k, v in attrs}))

    P().feed(html)
    return out


def _hist_counts(html: str) -> list[dict]:
    """The bar titles: "风险分 a–b：N 份"."""
    import re

    return [
        {"label": m.group(1), "count": int(m.group(2))}
        for m in re.finditer(r"<title>风险分 ([\d–]+)：(\d+) 份</title>", html)
    ]


def test_cli_from_jsonl_with_corpus_checks(tmp_path, capsys):
    jsonl = tmp_path / "reports.jsonl"
    reps = [checked(p) for p in PREFIXES] + [renamed_002()]
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reps), encoding="utf-8")
    out = tmp_path / "site"
    assert main(["report", str(jsonl), "--out", str(out), "--corpus-checks"]) == 0
    assert "6 份文件（0 份失败）" in capsys.readouterr().err
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="code-DUP001"' in index and "语料层面统计" in index
    copy_page = (out / "docs" / page_name(renamed_002()["doc_id"])).read_text(encoding="utf-8")
    assert "DUP001" in copy_page and 'id="m-1"' in copy_page


def test_cli_from_a_batch_database(tmp_path):
    """Reports stored without text (as batch stores them) get it back from their files."""
    db = tmp_path / "results.sqlite"
    conn = store.connect(db)
    for p in PREFIXES[:3]:
        path = seed_path(p)
        rep = screen_source(read_path(path), checks=True)  # no text
        store.write_document(
            conn, store.record_from_report(rep, str(path), "text", path.stat().st_size, 0.1), "t"
        )
    store.write_document(conn, store.failed_record("ff" * 32, "bad.pdf", "not a PDF"), "t")
    conn.close()
    out = tmp_path / "site"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    ranked = [a["data-doc"] for a, _ in page.rows if "data-doc" in a]
    risks = {p: checked(p)["risk"] for p in PREFIXES[:3]}
    assert ranked == [checked(p)["doc_id"] for p in sorted(risks, key=lambda p: -risks[p])]
    assert "failed" in page.ids
    doc = Page((out / "docs" / page_name(checked("001")["doc_id"])).read_text(encoding="utf-8"))
    assert "".join(doc.text) == checked("001")["text"]
    assert len(doc.mark_ids) == len(checked("001")["findings"])


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert main(["report", "--db", str(tmp_path / "missing.sqlite"), "--out", str(tmp_path / "o")]) == 2
    assert "no such database" in capsys.readouterr().err
    assert main(["report", "--out", str(tmp_path / "o")]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_rank_key_puts_unscored_last():
    from service.report_html import Site

    site = Site()
    for i, risk in enumerate([None, 10.0, 90.0]):
        site.add({"doc_id": f"d{i}", "risk": risk, "source": f"s{i}", "findings": []})
    assert [d.doc_id for d in sorted(site.docs, key=rank_key)] == ["d2", "d1", "d0"]


def test_page_names_are_safe():
    assert page_name("../../etc/passwd") == "doc-etcpasswd.html"
    assert Path(page_name("a" * 64)).name == "doc-" + "a" * 24 + ".html"
