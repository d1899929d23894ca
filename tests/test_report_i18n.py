"""`jxscan report` pages read by people: a sentence under every finding, the raw details behind a
toggle, one sign convention, Chinese by default and English with --lang en."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from service.explain import explain

from .conftest import ROOT, seed_path


class _Findings(HTMLParser):
    """The text of each finding's face (outside <details>), its sentence and its raw details."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict[str, str]] = []
        self._in_li = self._in_details = self._in_explain = False
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "finding" in (a.get("class") or ""):
            self.items.append({"face": "", "explain": "", "raw": "", "code": ""})
            self._in_li = True
        elif self._in_li and tag == "details":
            self._in_details = True
        elif self._in_li and tag == "div" and a.get("class") == "finding-explain":
            self._in_explain = True

    def handle_endtag(self, tag):
        if tag == "details":
            self._in_details = False
        elif tag == "div":
            self._in_explain = False
        elif tag == "li":
            self._in_li = False

    def handle_data(self, data):
        if not self._in_li:
            return
        item = self.items[-1]
        item["raw" if self._in_details else "face"] += data
        if self._in_explain:
            item["explain"] += data


def run(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JXSCAN_LANG"}
    if lang:
        env["JXSCAN_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _site(tmp_path: Path, *extra: str) -> tuple[dict, str]:
    reports = tmp_path / "r.jsonl"
    reports.write_text(
        run("check", str(seed_path("000")), "--format", "jsonl", "--include-text").stdout, encoding="utf-8"
    )
    doc = json.loads(reports.read_text(encoding="utf-8"))
    out = tmp_path / "site"
    assert run("report", str(reports), "--out", str(out), *extra).returncode == 0
    page = next((out / "docs").glob("doc-*.html")).read_text(encoding="utf-8")
    return doc, page


def test_every_finding_has_its_sentence_and_no_internals_on_its_face(tmp_path: Path):
    doc, page = _site(tmp_path)
    parser = _Findings()
    parser.feed(page)
    assert len(parser.items) == len(doc["findings"]) == 11
    sentences = sorted(explain(f, "zh") for f in doc["findings"])
    assert sorted(i["explain"] for i in parser.items) == sentences
    for item in parser.items:
        assert item["explain"] and item["raw"].strip().startswith("原始数据")
        for internal in ("target_op", "direction", "quality_score", "higher_better", "rulebook"):
            assert internal not in item["face"]
    faces = "\n".join(i["face"] for i in parser.items)
    # 三公经费 in seed 000: 减少1.28万元 and a rate of -14.07 extracted: one convention on the page
    assert "（减少1.28万元，下降14.07%）" in faces and "变动：减少1.28万元，下降14.07%" in faces
    assert "（减少0.79万元，下降0.93%）" in faces
    assert not re.search(r"(减少|下降|增加|增长)-\d", page)
    # GOL002 reads as an overlap share, not as a 65% target
    assert "预期目标与部门“主要职能”的文字重合比例为65%" in faces
    assert "预期目标的文字片段中有65.2%也出现在部门“主要职能”中（判定线50%）" in faces
    assert 'lang="zh-CN"' in page and "问题清单" in page


def test_report_in_english(tmp_path: Path):
    doc, page = _site(tmp_path, "--lang", "en")
    parser = _Findings()
    parser.feed(page)
    assert sorted(i["explain"] for i in parser.items) == sorted(explain(f, "en") for f in doc["findings"])
    assert 'lang="en"' in page and "Findings (11)" in page and "Raw details" in page
    assert "change: down 1.28 万元 (10k yuan), down 14.07%" in page
