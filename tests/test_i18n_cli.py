"""The command line as a user meets it (subprocesses): Chinese by default, English on request,
unknown codes refused, severity and PDF pages in the text lines, --statistics, escaped names."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests import pdfgen

from .conftest import ROOT, seed_path

LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{3}\d{3}) "
    r"\[(?P<sev>error|warning|info)\] (?P<msg>.+?)(?P<page>（第\d+页）| \(page \d+\))?$"
)


def run(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JXSCAN_LANG"}  # the user's default
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


def test_chinese_by_default_english_by_flag_or_environment(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x00\x00\x00\x00binary")
    zh = run("check", str(bad))
    assert zh.returncode == 2
    assert f"{bad}: 二进制文件（含 NUL 字节），不是文本报告" in zh.stderr
    assert "0 个文件，1 个无法读取：错误 0 个，警告 0 个，提示 0 个" in zh.stderr
    for en in (
        run("check", str(bad), "--lang", "en"),
        run("--lang", "en", "check", str(bad)),
        run("check", str(bad), lang="en"),
    ):
        assert f"{bad}: binary file (NUL bytes), not a text report" in en.stderr
        assert "0 file(s), 1 unreadable: 0 error(s), 0 warning(s), 0 info" in en.stderr
    helped = run("check", "--help")
    assert helped.stdout.startswith("用法：jxscan check") and "只检查这些代码或前缀" in helped.stdout
    assert "only these codes or prefixes" in run("check", "--help", "--lang", "en").stdout
    wrong = run("check", "--fail-on", "fatal", str(bad))
    assert wrong.returncode == 2 and "错误：参数 --fail-on：无效的选项值：'fatal'" in wrong.stderr


def test_unknown_codes_are_an_error_with_close_matches():
    seed = str(seed_path("001"))
    p = run("check", seed, "--select", "IND01")
    assert p.returncode == 2 and not p.stdout
    assert "--select：未知代码 IND01，是否想输入：IND001" in p.stderr
    p = run("check", seed, "--ignore", "SUM001,XYZ", "--lang", "en")
    assert p.returncode == 2 and "--ignore: unknown code XYZ (see `jxscan rules` for the codes)" in p.stderr
    # full codes and family prefixes are what they were
    ok = run("check", seed, "--select", "IND,SUM001", "--ignore", "IND008", "--fail-on", "warning")
    assert ok.returncode == 1
    codes = {LINE.match(x)["code"] for x in ok.stdout.splitlines()}
    assert codes and all(c.startswith("IND") or c == "SUM001" for c in codes) and "IND008" not in codes


def test_text_lines_carry_severity_and_statistics_count_per_code():
    seeds = str(ROOT / "corpus" / "seeds")
    text = run("check", seeds)
    docs = [json.loads(x) for x in run("check", seeds, "--format", "jsonl").stdout.splitlines()]
    findings = [f for d in docs for f in d["findings"]]
    lines = text.stdout.splitlines()
    assert len(lines) == len(findings) == 84
    got = Counter((m["code"], m["sev"]) for m in map(LINE.match, lines))
    assert got == Counter((f["code"], f["severity"]) for f in findings)
    stats = run("check", seeds, "--statistics")
    rows = [r.split("\t") for r in stats.stdout.splitlines()[:-1]]
    assert [(c, s.strip("[]"), int(n)) for n, c, s, _title in rows] == [
        (c, s, n) for (c, s), n in sorted(got.items(), key=lambda x: (-x[1], x[0]))
    ]
    assert (
        rows[0][0].strip() == "20" and rows[0][1] == "IND008" and rows[0][3] == "定性指标实际值只是复述目标"
    )
    assert stats.stdout.splitlines()[-1] == "共 84 个问题"
    assert "5 个文件：错误 11 个，警告 53 个，提示 20 个" in stats.stderr


def test_pdf_findings_name_their_page(tmp_path: Path):
    pdf = tmp_path / "report.pdf"
    pdfgen.render_pdf(pdfgen.sample_report(), pdf)
    doc = json.loads(run("check", str(pdf), "--format", "json").stdout)
    pages = [f["page"] for f in doc["findings"]]
    assert sorted(set(pages)) == [1, 2]
    lines = run("check", str(pdf)).stdout.splitlines()
    assert [int(re.search(r"（第(\d+)页）$", x)[1]) for x in lines] == pages
    en = run("check", str(pdf), "--lang", "en").stdout.splitlines()
    assert [int(re.search(r" \(page (\d+)\)$", x)[1]) for x in en] == pages


def test_file_names_are_escaped_one_finding_per_line(tmp_path: Path):
    odd = tmp_path / "a\nb\x1b[31m.txt"
    odd.write_bytes(seed_path("003").read_bytes())
    p = run("check", str(tmp_path))
    lines = p.stdout.splitlines()
    assert lines and all(LINE.match(x) for x in lines)
    assert all(x.startswith(f"{tmp_path}/a\\nb\\x1b[31m.txt:") for x in lines)


def test_rule_documentation_in_either_language():
    from classify.rules import all_rules
    from service.rule_docs import split_doc

    rules = all_rules()
    assert len(rules) == 31
    for r in rules:
        zh, title, en = split_doc(r.doc)
        assert title and en and "Example" in en, r.code  # every docstring: Chinese, then [en] title + text
        assert "示例" in zh and not re.search(r"\b(Fires|Example|Measure)\b", zh), r.code
    zh_out, en_out = run("rules").stdout, run("rules", "--lang", "en").stdout
    assert re.search(
        r"^IND001  error    未达目标却得满分\n    按目标自身的比较符，该行未达到目标", zh_out, re.M
    )
    assert re.search(
        r"^IND001  error    Full score despite a missed target\n    The row misses its target", en_out, re.M
    )
    assert "Example:" not in zh_out and zh_out.count("示例：") == 31
    assert en_out.count("Example:") >= 31 and "示例：" not in en_out
    assert "  standard             达标满分，未达标按完成比例：达标得满分" in zh_out
    assert (
        "  standard             full marks when met, else in proportion to completion: Met target" in en_out
    )
    # JSON is data, as GET /v1/rules: the registry's title and the whole bilingual docstring
    as_json = json.loads(run("rules", "--format", "json", "--lang", "en").stdout)
    ind001 = next(r for r in as_json["rules"] if r["code"] == "IND001")
    assert (
        ind001["title"] == "未达目标却得满分"
        and split_doc(ind001["doc"])[1] == "Full score despite a missed target"
    )
