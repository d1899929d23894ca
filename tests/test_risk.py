"""The risk score ranks: on a generated corpus, documents with many planted anomalies score
above clean ones (classify/risk.py; docs/scoring.md has the 300-document figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scipy.stats import spearmanr

from corpus.generator.generate import generate
from extract.read import read_path
from service.screen import screen_source

N, SEED = 40, 11
CORPUS_ONLY = {"DUP001", "DUP002"}  # planted for the corpus pass, which `check` does not run


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> list[tuple[float, int]]:
    out = tmp_path_factory.mktemp("risk40")
    generate(N, SEED, out, pdf_share=0.0)
    got = []
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("kind") != "document":
            continue
        rep = screen_source(read_path(Path(out) / rec["file"]))
        got.append((rep["risk"], len(set(rec["planted"]) - CORPUS_ONLY)))
    return got


def test_risk_ranks_planted_anomalies_above_clean_documents(scored):
    risks = [r for r, _ in scored]
    planted = [p for _, p in scored]
    clean = [r for r, p in scored if p == 0]
    heavy = [r for r, p in scored if p >= 3]
    assert len(clean) >= 5 and len(heavy) >= 5, (len(clean), len(heavy))
    rho = spearmanr(risks, planted).statistic
    right = sum((h > c) + 0.5 * (h == c) for h in heavy for c in clean) / (len(heavy) * len(clean))
    # Measured on this corpus: Spearman 0.85, every (heavy, clean) pair ranked right (13
    # clean, 6 heavy); on 300 documents (seed 5) 0.62 and 0.88 (docs/scoring.md).
    assert rho >= 0.7, rho
    assert right >= 0.9, right


def test_risk_does_not_saturate(scored):
    """Issue 14: most documents scored ≥ 63. A generated corpus spreads over the scale."""
    risks = sorted(r for r, _ in scored)
    assert risks[len(risks) // 2] < 50
    assert sum(r >= 63 for r in risks) <= len(risks) // 5
