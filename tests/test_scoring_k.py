"""Inference of the deduction rate k: indicator rows vote on their own; execution scores
weight × rate (their own rule family) neither outvote nor fake it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from classify.scoring import Case, build_cases, infer_document_k, infer_k
from corpus.generator.generate import generate
from extract.read import read_path
from service.screen import screen_source

from .conftest import seed_report, seed_text


def _ind(score: float, c: float, weight: float = 20.0, tol: float = 0.01) -> Case:
    return Case(0, 0, "indicator", weight, score, tol, "higher_better", "unmet", c_std=c)


def _exe(rate: float, score: float, weight: float = 10.0, tol: float = 0.01) -> Case:
    return Case(0, -1, "execution", weight, score, tol, status="unmet", rate=rate)


def _deducted(k: float, c: float, weight: float = 20.0) -> float:
    return round(weight * (1 - 100 * k * (1 - c)), 2)


# Execution scores weight × rate at high rates: their k interval is wide around 0.01.
RATE_EXECUTIONS = [_exe(r, round(10 * r, 2)) for r in (0.9576, 0.9455, 0.9843, 0.9701)]


def test_indicator_rows_are_not_outvoted_by_rate_executions():
    rows = [_ind(_deducted(0.025, c), c) for c in (0.9, 0.82)]
    k, n = infer_document_k(rows + RATE_EXECUTIONS)
    assert k == pytest.approx(0.025, abs=2e-4) and n == 2
    # Even in one vote over all the rows, the rate-scored executions drop out.
    assert infer_k(rows + RATE_EXECUTIONS)[0] == pytest.approx(0.025, abs=2e-4)


def test_k_still_needs_two_agreeing_rows():
    one = [_ind(_deducted(0.025, 0.9), 0.9), _ind(20.0 * 0.8, 0.8)]  # one deducted, one proportional
    assert infer_document_k(one + RATE_EXECUTIONS)[0] is None
    # Two rows that disagree do not make a k either.
    assert infer_document_k([_ind(_deducted(0.025, 0.9), 0.9), _ind(_deducted(0.05, 0.8), 0.8)])[0] is None


def test_a_deducted_execution_score_joins_one_indicator_row():
    # 001: the execution score is deducted with the indicators' k; with one partial
    # indicator row, the two together settle k.
    rows = [_ind(_deducted(0.025, 0.9), 0.9), _exe(0.96, _deducted(0.025, 0.96, 10.0))]
    k, n = infer_document_k(rows)
    assert k == pytest.approx(0.025, abs=2e-4) and n == 2


def test_execution_scores_narrow_the_indicator_k():
    # Two cost rows 1-2 % over their bound allow k from about 0.049 to 0.051; a deducted
    # execution score at a 20 % gap pins it (a k off by 0.0001 mispredicts that score).
    rows = [
        Case(0, 0, "indicator", 7.0, 6.53, 0.01, "lower_better", "unmet", c_std=27.89 / 28.27),
        Case(0, 1, "indicator", 7.0, 6.44, 0.01, "lower_better", "unmet", c_std=53 / 53.86),
    ]
    wide, _ = infer_document_k(rows)
    k, n = infer_document_k(rows + [_exe(0.8006, 0.03)])
    assert wide is not None and abs(wide - 0.05) > 5e-5
    assert k == pytest.approx(0.05, abs=2e-5) and n == 3


def test_near_full_scores_do_not_fake_a_rate():
    # 3.98 of 4 on a 0.5 % gap fits any k from 0.005 to 0.015: plain proportional scoring
    # explains it, so such rows are no evidence of a deduction rate (seed 004).
    rows = [_ind(3.98, 0.995, 4.0), _ind(3.98, 0.996, 4.0), _ind(3.98, 0.996, 4.0), _ind(4.93, 0.9899, 5.0)]
    assert infer_document_k(rows)[0] is None


@pytest.mark.parametrize(
    "prefix,k", [("000", None), ("001", 0.025), ("002", None), ("003", None), ("004", None)]
)
def test_seed_k(prefix, k):
    got, _ = infer_document_k(build_cases(copy.deepcopy(seed_report(prefix)), seed_text(prefix)))
    assert got == (None if k is None else pytest.approx(k, abs=1e-4))


# ------------------------------------------------------------------ generated documents


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, list[dict], list[dict]]:
    """Generated documents that deduct k per point on indicators and score the budget
    execution weight × rate (seed 14: two of them had every partial score flagged)."""
    out = tmp_path_factory.mktemp("mixed")
    generate(40, 14, out, pdf_share=0)
    lines = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = [
        d
        for d in lines
        if d.get("kind") == "document"
        and d["rulebook"]["indicator"] == "deduction"
        and d["rulebook"]["execution"] == "rate"
    ]
    anomalies = [a for a in lines if a.get("kind") == "anomaly" and a["code"] == "IND004"]
    return out, docs, anomalies


def test_generated_mixed_documents(mixed, monkeypatch):
    monkeypatch.setenv("JXSCAN_MODELS", "off")
    out, docs, anomalies = mixed
    assert len(docs) >= 4
    adopted = 0
    for d in docs:
        rep = screen_source(read_path(out / d["file"]), checks=True)
        k = rep["rulebook"]["k"]
        assert k is None or k == pytest.approx(d["rulebook"]["k"], abs=2e-4), d["file"]
        adopted += k is not None
        found = [(f["start"], f["end"]) for f in rep["findings"] if f["code"] == "IND004"]
        planted = [(a["start"], a["end"]) for a in anomalies if a["file"] == d["file"]]
        # Every IND004 is a planted one, and every planted one is found.
        assert all(any(s < pe and ps < e for ps, pe in planted) for s, e in found), (d["file"], found)
        assert all(any(s < pe and ps < e for s, e in found) for ps, pe in planted), (d["file"], planted)
    assert adopted >= 4
