"""The corpus generator: determinism, layouts, every planted code, spans, consistency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.generator.cli import main as generate_main
from corpus.generator.generate import generate
from corpus.generator.plant import PER_DOC_CODES
from extract.read import read_path
from service.screen import screen_source

N = 40
SEED = 11


def _manifest(root: Path) -> tuple[list[dict], list[dict]]:
    recs = [json.loads(line) for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in recs if r["kind"] == "document"], [r for r in recs if r["kind"] == "anomaly"]


@pytest.fixture(scope="module")
def corpus40(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen40")
    res = generate(N, SEED, out, pdf_share=0.1)
    assert res["documents"] == N
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(12, 5, a, pdf_share=0.25)
    generate(12, 5, b, pdf_share=0.25)
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    assert any(name.endswith(".pdf") for name in fa)
    for name in fa:
        assert fa[name] == fb[name], name
    # another seed gives another corpus
    c = tmp_path / "c"
    generate(12, 6, c, pdf_share=0.25)
    assert _files(c)["docs/00000.txt" if (c / "docs/00000.txt").exists() else "docs/00000.pdf"] != fa.get(
        "docs/00000.txt", fa.get("docs/00000.pdf")
    )


def test_cli_writes_the_corpus(tmp_path, capsys):
    assert (
        generate_main(
            ["--n", "3", "--seed", "2", "--out", str(tmp_path / "c"), "--pdf-share", "0", "--quiet"]
        )
        == 0
    )
    docs, _ = _manifest(tmp_path / "c")
    assert [d["file"] for d in docs] == ["docs/00000.txt", "docs/00001.txt", "docs/00002.txt"]
    assert "3 documents" in capsys.readouterr().out


def test_every_layout_appears(corpus40):
    docs, _ = _manifest(corpus40)
    layouts = {d["layout"] for d in docs}
    assert {"tab", "cell_lines", "html", "continued"} <= layouts
    assert "narrative" in {d["overall_layout"] for d in docs}
    assert {"txt", "pdf"} == {d["format"] for d in docs}
    truth_layouts = set()
    for d in docs:
        truth = json.loads((corpus40 / d["truth"]).read_text(encoding="utf-8"))
        truth_layouts |= {t["layout"] for t in truth["tables"]}
    assert {"tab", "cell_lines", "html", "continued", "narrative", "pdf"} <= truth_layouts


def test_every_code_is_planted(corpus40):
    _, anomalies = _manifest(corpus40)
    codes = {a["code"] for a in anomalies}
    missing = set(PER_DOC_CODES) - codes
    assert not missing, missing
    assert {"DUP001", "DUP002"} <= codes
    for a in anomalies:
        assert {"file", "code", "start", "end", "evidence", "variant", "planted"} <= set(a)
        assert a["start"] < a["end"]


def test_spans_are_the_evidence(corpus40):
    _, anomalies = _manifest(corpus40)
    texts: dict[str, str] = {}
    for a in anomalies:
        if a["file"] not in texts:
            texts[a["file"]] = read_path(corpus40 / a["file"]).text
        assert texts[a["file"]][a["start"] : a["end"]] == a["evidence"], a
    assert any(f.endswith(".pdf") for f in texts)


def test_clean_documents_are_a_share(corpus40):
    docs, anomalies = _manifest(corpus40)
    clean = [d for d in docs if not d["planted"]]
    assert 0.2 * N <= len(clean) <= 0.4 * N
    planted_files = {a["file"] for a in anomalies}
    assert not {d["file"] for d in clean} & planted_files


def _closes(t: dict) -> bool:
    rows = t["rows"]
    scores = [r["score"] for r in rows]
    if t["declared_total"] is None or any(s is None for s in scores):
        return False
    budget_score = (t["budget"] or {}).get("score") or 0
    return abs(sum(scores) + budget_score - t["declared_total"]) <= 0.01 * (len(rows) + 1) + 1e-9


def test_truth_is_consistent_by_construction(corpus40):
    """Clean documents state consistent tables: scores add up, weights make 100, the rate is
    executed / adjusted."""
    docs, _ = _manifest(corpus40)
    for d in docs:
        if d["planted"]:
            continue
        truth = json.loads((corpus40 / d["truth"]).read_text(encoding="utf-8"))
        for t in truth["tables"]:
            assert _closes(t), (d["file"], t["title"])
            assert sum(r["weight"] for r in t["rows"]) + t["budget"]["weight"] == pytest.approx(100)
            b = t["budget"]
            assert b["rate"] == pytest.approx(round(100 * b["executed"] / b["adjusted"], 2))


def test_clean_documents_extract_with_closure(corpus40):
    """Every table of every clean document is found and its extracted scores add up to its
    extracted 总分; rows and budget figures equal the truth."""
    docs, _ = _manifest(corpus40)
    clean = [d for d in docs if not d["planted"]]
    tables = closed = 0
    for d in clean:
        truth = json.loads((corpus40 / d["truth"]).read_text(encoding="utf-8"))
        rep = screen_source(read_path(corpus40 / d["file"]), checks=False)
        assert len(rep["tables"]) == len(truth["tables"]), d["file"]
        for got, want in zip(rep["tables"], truth["tables"], strict=True):
            tables += 1
            closed += _closes(got)
            assert got["declared_total"] == pytest.approx(want["declared_total"])
            assert got["budget"]["executed"] == pytest.approx(want["budget"]["executed"])
    print(f"clean tables closing exactly: {closed}/{tables}")
    assert closed == tables
