"""``jxscan eval``: precision/recall per code against a generated corpus, and its scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classify.rules import all_rules
from corpus.evaluate import (
    Accuracy,
    Manifest,
    compare_extraction,
    evaluate,
    format_text,
    score_findings,
)
from corpus.evaluate.cli import main as eval_main
from corpus.generator.generate import generate
from corpus.generator.plant import FORMS_ONLY_CODES

N, SEED = 30, 21

# Floors measured on this corpus (30 documents, seed 21, every code planted), one item
# below what was measured, so that a single extra miss or false alarm of a code is
# tolerated (codes planted once can lose it). Two configurations are measured, and both
# found every code with no false alarm (precision and recall 1.0):
# - RULES: the reason labels from the rule lexicons alone (JXSCAN_MODELS=off);
# - DEFAULT: as shipped (learned reason-label models when models/ is present). (The first
#   models gave RSN001 44 findings for 2 plants here; docs/models.md says what fixed it.)
# code: (min precision, min recall). Every code of the registry planted in the seed-style
# corpus gets the default floor (a code planted twice may lose one item); the exceptions
# are the codes measured otherwise on this corpus (planted once: 0; planted often: higher).
FLOOR_DEFAULT = (0.5, 0.5)
FLOOR_MEASURED: dict[str, tuple[float, float]] = {
    "DUP002": (0.92, 0.92),
    "GOL003": (0.0, 0.0),
    "IND007": (0.0, 0.0),
    "SUM005": (0.67, 0.67),
    "SUM009": (0.0, 0.0),
    "XRF002": (0.0, 0.0),
}
FLOORS_RULES: dict[str, tuple[float, float]] = {
    r.code: FLOOR_MEASURED.get(r.code, FLOOR_DEFAULT) for r in all_rules() if r.code not in FORMS_ONLY_CODES
}
FLOORS_DEFAULT = FLOORS_RULES


def test_floors_name_registered_codes_only():
    assert set(FLOOR_MEASURED) <= set(FLOORS_RULES) and len(FLOORS_RULES) >= 30


OVERALL_FLOOR = {"rules": (0.98, 0.98), "default": (0.98, 0.98)}  # precision, recall over all codes
EXTRACTION_FLOOR = 0.99  # every field, and rows found


@pytest.fixture(scope="module")
def corpus30(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("eval30")
    # The seed-shaped narrative: these floors measure the checks on the forms they were
    # built on (byte-identical to the corpus before the forms narrative); the forms of
    # real disclosures are measured per form family (docs/generator.md, narrative forms).
    generate(N, SEED, out, pdf_share=0.1, narrative="seed")
    return out / "manifest.jsonl"


@pytest.fixture(scope="module", params=["rules", "default"])
def result(request, corpus30) -> dict:
    mp = pytest.MonkeyPatch()
    if request.param == "rules":
        mp.setenv("JXSCAN_MODELS", "off")
    try:
        res = evaluate(corpus30)
    finally:
        mp.undo()
    res["config"] = request.param
    print(f"\n[{request.param}]\n" + format_text(res))
    return res


def test_per_code_floors(result):
    per = result["per_code"]
    floors = FLOORS_RULES if result["config"] == "rules" else FLOORS_DEFAULT
    low = []
    for code, (p_min, r_min) in floors.items():
        s = per.get(code)
        assert s is not None, f"{code}: nothing planted or found"
        p = s["precision"] if s["precision"] is not None else 1.0
        r = s["recall"] if s["recall"] is not None else 1.0
        if p < p_min or r < r_min:
            low.append((code, p, r, p_min, r_min))
    assert not low, low


def test_overall_floor(result):
    o = result["overall"]
    p_min, r_min = OVERALL_FLOOR[result["config"]]
    assert o["precision"] >= p_min
    assert o["recall"] >= r_min
    assert o["planted"] >= 50
    assert set(result["per_code"]) >= set(FLOORS_RULES)


def test_extraction_floor(result):
    for name, s in result["extraction"].items():
        assert s["accuracy"] >= EXTRACTION_FLOOR, (name, s)


def test_eval_command_json(result, tmp_path, capsys):
    man = Path(result["manifest"])
    assert eval_main([str(man), "--format", "json", "--limit", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["timing"]["documents"] == 3
    assert set(out["per_code"]) <= set(FLOORS_RULES)


# ------------------------------------------------------------------ scoring, on hand-made input


def _m(anomalies: list[dict]) -> Manifest:
    return Manifest(Path("."), [{"file": "a.txt"}], anomalies)


def test_overlap_same_code_is_a_hit():
    m = _m([{"file": "a.txt", "code": "SUM001", "start": 10, "end": 20}])
    reps = {
        "a.txt": {
            "findings": [
                {"code": "SUM001", "start": 15, "end": 30, "message": ""},  # overlaps: TP
                {"code": "SUM001", "start": 20, "end": 25, "message": ""},  # touches the end only: FP
                {"code": "SUM002", "start": 10, "end": 20, "message": ""},  # other code: FP
            ]
        }
    }
    s = score_findings(m, reps)
    assert s["SUM001"] == {
        "planted": 1,
        "recalled": 1,
        "findings": 2,
        "true_positives": 1,
        "false_positives": 1,
        "precision": 0.5,
        "recall": 1.0,
    }
    assert s["SUM002"]["false_positives"] == 1 and s["SUM002"]["recall"] is None


def test_missed_anomaly_counts_against_recall():
    m = _m(
        [
            {"file": "a.txt", "code": "IND001", "start": 0, "end": 5},
            {"file": "a.txt", "code": "IND001", "start": 50, "end": 60},
        ]
    )
    reps = {"a.txt": {"findings": [{"code": "IND001", "start": 52, "end": 53, "message": ""}]}}
    s = score_findings(m, reps)["IND001"]
    assert (s["planted"], s["recalled"], s["precision"], s["recall"]) == (2, 1, 1.0, 0.5)


def test_extraction_fields_compare_truth():
    truth = {
        "file": "a.txt",
        "tables": [
            {
                "kind": "project",
                "title": "项目甲",
                "layout": "tab",
                "budget": {
                    "initial": 10.0,
                    "adjusted": 10.0,
                    "executed": 9.0,
                    "rate": 90.0,
                    "weight": 10,
                    "score": 9.0,
                },
                "declared_total": 99.0,
                "rows": [
                    {
                        "name": "培训 人数",
                        "target": {"op": ">=", "value": 10, "unit": "人"},
                        "actual": {"op": "=", "value": 10, "unit": "人"},
                        "weight": 90,
                        "score": 90,
                    }
                ],
            }
        ],
    }
    got = {
        "tables": [
            {
                "kind": "project",
                "title": "项目甲",
                "budget": {
                    "initial": 10.0,
                    "adjusted": 10.0,
                    "executed": 9.0,
                    "rate": 90.0,
                    "weight": 10,
                    "score": 9.0,
                },
                "declared_total": 99.0,
                "rows": [
                    {
                        "name": "培训人数",
                        "target": {"op": ">=", "value": 10.0, "unit": "人"},
                        "actual": {"op": "=", "value": 11.0, "unit": "人"},
                        "weight": 90.0,
                        "score": 90.0,
                    }
                ],
            }
        ]
    }
    acc = Accuracy()
    compare_extraction(truth, got, acc)
    table = acc.table()
    assert table["rows_found"]["accuracy"] == 1.0
    assert table["actual.value"]["accuracy"] == 0.0
    assert table["target.value"]["accuracy"] == 1.0
    assert table["budget.rate"]["accuracy"] == 1.0
