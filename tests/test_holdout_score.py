"""The held-out scorer's matching logic on a small synthetic case and report built here
(the held-out figures themselves are reported, never asserted)."""

from __future__ import annotations

from typing import Any

from corpus.holdout.score import fold, load_cases, score_all, score_case

TEXT = (
    "公务接待费2.85万元，较上年减少1.15万元（28.75%），原因是会议接待合并安排。\n"
    "产出指标\t数量指标\t培训人数\t≥500人\t480人\t20\t20"
)
EV = "培训人数\t≥500人\t480人\t20\t20"


def _case() -> dict[str, Any]:
    return {
        "id": "t1",
        "form_id": 0,
        "family": "reasons",
        "text": TEXT,
        "expect": {
            "tables": [
                {
                    "rows": [
                        {
                            "name": "培训人数",
                            "target": {"value": 500},
                            "actual": {"value": 480},
                            "weight": 20,
                            "score": 20,
                        }
                    ],
                    "budget": {"executed": 28.5, "score": None},
                }
            ],
            "reasons": [
                {
                    "text": "会议接待合并安排",
                    "item": "公务接待费",
                    "change": {"amount": 1.15, "rate": 28.75, "direction": "减少"},
                }
            ],
            "figures": [{"item": "公务接待费", "value": 2.85}],
            "anomalies": [{"code": "IND001", "evidence": "培训人数"}],
            "clean": False,
        },
    }


def _report(**over: Any) -> dict[str, Any]:
    start = TEXT.index(EV)
    rep = {
        "tables": [
            {
                "rows": [
                    {
                        "name": "培训人数（人）",
                        "target": {"value": 500.0},
                        "actual": {"value": 480},
                        "weight": 20,
                        "score": 20.0,
                    }
                ],
                "budget": {"initial": 30, "executed": 28.5, "score": None},
            }
        ],
        # ASCII punctuation in the extracted text: matching folds widths
        "reasons": [
            {
                "text": "原因是会议接待合并安排。",
                "item": "公务接待费",
                "change": {"amount": 1.15, "rate": 28.75, "direction": "减少"},
            }
        ],
        "figures": [{"item": "公务接待费", "value": 28500, "unit": "元"}],
        "findings": [
            {"code": "IND001", "evidence": EV, "start": start, "end": start + len(EV)},
            {"code": "DUP002", "evidence": "x", "start": 0, "end": 1},
        ],
    }
    rep.update(over)
    return rep


def test_fold_widths_and_spaces() -> None:
    assert fold("（一）因公出国（境）费：2 ,124. 45％") == fold("(一)因公出国(境)费:2,124.45%")


def test_everything_right_scores_full() -> None:
    c = score_case(_case(), _report())["counts"]
    assert (c["rows_right"], c["budgets_right"], c["reasons_found"], c["reasons_item"]) == (1, 1, 1, 1)
    assert (c["changes_right"], c["figures_found"], c["anomalies_found"]) == (1, 1, 1)
    # DUP is outside the scored families; the IND001 is a true finding
    assert (c["findings"], c["findings_true"]) == (1, 1)


def test_figure_units_fold_to_wan() -> None:
    rep = _report(figures=[{"item": "公务接待费", "value": 28500, "unit": "万元"}])
    assert score_case(_case(), rep)["counts"]["figures_found"] == 0  # 2.85 万元 is 28500 元, not 28500 万元
    rep = _report(figures=[{"item": "公务接待费", "value": 0.000285, "unit": "亿元"}])
    assert score_case(_case(), rep)["counts"]["figures_found"] == 1


def test_values_are_not_tolerated() -> None:
    bad_row = _report()
    bad_row["tables"][0]["rows"][0]["score"] = 19.98  # off by 0.02
    c = score_case(_case(), bad_row)["counts"]
    assert (c["rows_found"], c["rows_right"]) == (1, 0)
    bad_budget = _report()
    bad_budget["tables"][0]["budget"]["score"] = 0  # a blank score read as 0 is wrong
    assert score_case(_case(), bad_budget)["counts"]["budgets_right"] == 0
    rep = _report(
        reasons=[
            {
                "text": "原因是会议接待合并安排",
                "item": "公务接待费",
                "change": {"amount": 1.15, "rate": 28.75, "direction": "增加"},
            }
        ]
    )
    c = score_case(_case(), rep)["counts"]
    assert (c["reasons_found"], c["changes_right"]) == (1, 0)


def test_anomaly_needs_code_and_place() -> None:
    wrong_code = _report(findings=[{"code": "IND004", "evidence": EV, "start": 0, "end": 5}])
    c = score_case(_case(), wrong_code)["counts"]
    assert (c["anomalies_found"], c["findings"], c["findings_true"]) == (0, 1, 0)
    elsewhere = _report(findings=[{"code": "IND001", "evidence": "公务接待费", "start": 0, "end": 5}])
    assert score_case(_case(), elsewhere)["counts"]["anomalies_found"] == 0


def test_failed_pipeline_counts_nothing_and_totals_add() -> None:
    res = score_all([_case(), _case()], run=lambda case: None)
    overall = res["families"]["overall"]
    assert overall["cases"] == 2
    assert overall["anomaly recall"] == {"share": 0.0, "n": 0, "of": 2}
    assert overall["anomaly precision"]["of"] == 0


def test_cases_file_is_well_formed() -> None:
    cases = load_cases()
    assert len({c["id"] for c in cases}) == len(cases)
    for c in cases:
        for a in c["expect"]["anomalies"]:
            assert a["evidence"] in c["text"], c["id"]
        for r in c["expect"]["reasons"]:
            assert r["text"] in c["text"], c["id"]
