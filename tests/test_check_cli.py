"""`jxscan check` and `jxscan rules` as a user runs them (subprocess)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from classify.risk import exposure, risk_score

from .conftest import ROOT, seed_path, seed_text

SEEDS = ROOT / "corpus" / "seeds"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_check_text_format_like_a_linter():
    p = run("check", str(seed_path("001")))
    assert p.returncode == 1  # errors found, --fail-on error by default
    lines = p.stdout.strip().splitlines()
    assert lines
    pat = re.compile(
        r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{3}\d{3}) "
        r"\[(?P<sev>error|warning|info)\] (?P<msg>.+)$"
    )
    text = seed_text("001")
    for line in lines:
        m = pat.match(line)
        assert m, line
        assert m["path"] == str(seed_path("001"))
    first = [ln for ln in lines if " IND001 " in ln][0]
    m = pat.match(first)
    assert m and m["sev"] == "error"
    # line:col point at the evidence: 开展就业技能培训次数
    row = text.splitlines()[int(m["line"]) - 1]
    assert row[int(m["col"]) - 1 :].startswith("开展就业技能培训次数")
    assert "error" in p.stderr  # summary on stderr


def test_check_jsonl_and_select(tmp_path: Path):
    p = run("check", str(SEEDS), "--format", "jsonl", "--select", "IND,SUM001", "--ignore", "IND008")
    docs = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(docs) == 5
    for d in docs:
        assert {"findings", "counts", "risk", "rulebook", "tables", "reasons", "goals"} <= set(d)
        assert all(f["code"].startswith("IND") or f["code"] == "SUM001" for f in d["findings"])
        assert not any(f["code"] == "IND008" for f in d["findings"])
        text = seed_text(Path(d["source"]).name[:3])
        for f in d["findings"]:
            assert text[f["start"] : f["end"]] == f["evidence"]
        for t in d["tables"]:
            for r in t["rows"]:
                assert r["direction"] in ("higher_better", "lower_better", "exact", "qualitative")
    by = {Path(d["source"]).name[:3]: d for d in docs}
    assert by["004"]["rulebook"]["rules"][0]["rule"] == "both_ways"


def test_check_json_single_and_exit_codes(tmp_path: Path):
    p = run("check", str(seed_path("003")), "--format", "json")
    d = json.loads(p.stdout)
    # Two warnings on a report of 12 items (classify/risk.py, normalised by its size): 36.1.
    assert d["counts"]["error"] == 0 and d["risk"] == risk_score(d["findings"], exposure(d)) < 50
    assert p.returncode == 0  # warnings only, --fail-on error
    # --fail-on warning: 004 has warnings and one error
    assert run("check", str(seed_path("004")), "--select", "XRF").returncode == 0
    assert run("check", str(seed_path("004")), "--select", "XRF", "--fail-on", "warning").returncode == 1
    # a broken input: exit 2, the rest still checked
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    p = run("check", str(bad), str(seed_path("003")), "--format", "jsonl")
    assert p.returncode == 2 and "bad.txt" in p.stderr
    assert len(p.stdout.splitlines()) == 1


def test_rules_listing():
    p = run("rules")
    assert p.returncode == 0
    for code in ("IND001", "SUM009", "RSN005", "GOL002", "XRF002"):
        assert re.search(rf"^{code}\s+(error|warning|info)\s+\S", p.stdout, re.M)
    assert "both_ways" in p.stdout
    d = json.loads(run("rules", "--format", "json").stdout)
    codes = [r["code"] for r in d["rules"]]
    assert codes == sorted(codes) and len(codes) == 31  # 29 per-document codes (RSN006 new) + DUP001, DUP002
    assert all(r["doc"] and r["example"] and r["severity"] for r in d["rules"])
    assert {s["name"] for s in d["scoring_rules"]} >= {"standard", "both_ways", "deduction", "rate"}


def test_extract_unchanged():
    p = run("extract", str(seed_path("003")))
    d = json.loads(p.stdout)
    assert d["findings"] == [] and p.returncode == 0
