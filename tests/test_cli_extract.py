"""`jxscan extract` as a user runs it: real files, real subprocess, bad inputs in a batch."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import SEEDS, seed_path


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_extract_directory_jsonl():
    p = run("extract", str(SEEDS[0].parent))
    assert p.returncode == 0, p.stderr
    reports = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(reports) == len(SEEDS) == 5
    for r in reports:
        assert r["findings"] == []
        assert len(r["doc_id"]) == 64
        assert r["tables"] and "text" not in r
    assert sum(len(r["tables"]) for r in reports) == 40


def test_extract_json_include_text_offsets():
    p = run("extract", "--format", "json", "--include-text", str(seed_path("004")))
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    text = r["text"]
    row = r["tables"][1]["rows"][0]
    assert text[row["target"]["start"] : row["target"]["end"]] == row["target"]["raw"] == ">=956.76 平方米"
    assert row["target"]["op"] == ">=" and row["target"]["value"] == 956.76


def test_bad_inputs_do_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(seed_path("002").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (tmp_path / "latin.txt").write_bytes("caf\xe9 na\xefve ".encode("latin-1") * 100)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(seed_path("002").read_text(encoding="utf-8").encode("gb18030"))
    p = run("extract", str(tmp_path), str(tmp_path / "missing.txt"))
    assert p.returncode == 2
    reports = [json.loads(line) for line in p.stdout.splitlines()]
    assert sorted(r["source"].rsplit("/", 1)[-1] for r in reports) == ["gbk.txt", "good.txt"]
    # the GBK copy extracts the same structure as the UTF-8 original
    a, b = reports
    assert [len(t["rows"]) for t in a["tables"]] == [len(t["rows"]) for t in b["tables"]]
    err = p.stderr.strip().splitlines()
    assert len(err) == 5, err
    for name, what in (
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin.txt", "undecodable"),
        ("broken.pdf", "pdf"),
        ("missing.txt", "no such file"),
    ):
        line = next(e for e in err if name in e)
        assert what in line.lower(), line


def test_crlf_and_bom_offsets(tmp_path):
    text = seed_path("002").read_text(encoding="utf-8")
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    p = run("extract", "--include-text", str(f))
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert "\r\n" in r["text"] and not r["text"].startswith("\ufeff")
    for t in r["tables"]:
        for row in t["rows"]:
            for q in (row["target"], row["actual"]):
                if q["start"] >= 0:
                    assert r["text"][q["start"] : q["end"]] == q["raw"]
    assert [len(t["rows"]) for t in r["tables"]] == [9, 9, 8, 8]
