"""Label models: data, committed artifacts, deterministic training, use in the checks.

The suite loads the committed models/ (no full retraining); determinism is checked by
training twice on a small subset in two processes with different thread settings and hash seeds.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from classify.categories import fill_categories
from classify.check import check_report
from classify.learn.features import ReasonInput, indicator_input
from classify.learn.linear import LinearModel
from classify.learn.models import LabelModels, clear_cache, label_models
from corpus.train.data import load_task, read_jsonl
from extract.model import Report

from .conftest import ROOT, seed_report, seed_text

LABELS = ROOT / "corpus" / "labels"
MODELS = ROOT / "models"
CAUSES = {
    "人员变动",
    "政策或标准调整",
    "项目增减",
    "科目调整",
    "价格或费率",
    "新设或撤并机构",
    "无此项支出",
    "节约压减",
    "其他",
}
QUALITIES = {"specific", "boilerplate", "non_explanatory", "contradictory", "missing"}
PAIRS = {
    ("产出", "数量"),
    ("产出", "质量"),
    ("产出", "时效"),
    ("成本", "经济"),
    ("成本", "社会"),
    ("成本", "生态"),
    ("效益", "经济"),
    ("效益", "社会"),
    ("效益", "生态"),
    ("效益", "可持续"),
    ("满意度", "满意度"),
}


@cache
def checked(prefix: str) -> Report:
    rep = copy.deepcopy(seed_report(prefix))
    fill_categories(rep.tables)
    return check_report(rep, seed_text(prefix))


def found(rep: Report, code: str) -> list[dict]:
    return [f for f in rep.findings if f["code"] == code]


def reason(rep: Report, item_suffix: str, kind: str = "reason"):
    return next(r for r in rep.reasons if r.kind == kind and (r.item or "").endswith(item_suffix))


# ------------------------------------------------------------------ labelled data
def test_labelled_data():
    reasons = read_jsonl(LABELS / "reasons.jsonl")
    inds = read_jsonl(LABELS / "indicators.jsonl")
    assert len(reasons) >= 600 and len(inds) >= 400
    assert {r["source"] for r in reasons} == {"seed", "written", "generator"}
    assert {r["source"] for r in inds} == {"seed", "written"}
    # Generator reasons come from a corpus no evaluation uses (tests/test_eval.py: seed 21,
    # docs/generator.md: 1 and 7); their templates recur there (docs/models.md says so).
    assert {r["doc"].rsplit("-", 1)[0] for r in reasons if r["source"] == "generator"} == {"gen-s5"}
    assert all(r["cause"] in CAUSES and r["quality"] in QUALITIES for r in reasons)
    assert all((r["category1"], r["category2"]) in PAIRS for r in inds)
    ids = [r["id"] for r in reasons + inds]
    assert len(ids) == len(set(ids))
    # Every label is represented well enough for stratified 5-fold CV.
    assert min(Counter(r["cause"] for r in reasons).values()) >= 25
    assert min(Counter(r["quality"] for r in reasons).values()) >= 15
    assert min(Counter((r["category1"], r["category2"]) for r in inds).values()) >= 5
    # Seed records are real extractions: their text occurs in the seed they came from.
    for r in reasons:
        if r["source"] == "seed":
            assert r["text"] in seed_text(r["doc"])


# ------------------------------------------------------------------ committed artifacts
def test_artifacts_match_manifest_and_are_small():
    m = json.loads((MODELS / "manifest.json").read_text(encoding="utf-8"))
    total = 0
    for name, digest in m["files"].items():
        data = (MODELS / name).read_bytes()
        total += len(data)
        assert hashlib.sha256(data).hexdigest() == digest, name
    assert total < 20 * 1024 * 1024
    assert m["data"] == {
        n: hashlib.sha256((LABELS / n).read_bytes()).hexdigest()
        for n in ("reasons.jsonl", "indicators.jsonl")
    }, "models/ is stale: run jxscan train"
    card = (MODELS / "MODEL_CARD.md").read_text(encoding="utf-8")
    for task, res in m["results"].items():
        f1 = res["macro_f1"]
        kept = f1[res["kept"]]["mean"]
        assert kept > f1["rule"]["mean"], task  # the models beat the rule-only baseline
        assert f"{kept:.3f}" in card
    assert set(m["thresholds"]) == {"boilerplate", "non_explanatory"}


def test_models_load_and_label_seed_reasons():
    models = label_models()
    assert models is not None
    rep = checked("000")
    labelled = [r for r in rep.reasons if r.text.strip()]
    assert labelled and all(r.cause in CAUSES and r.quality in QUALITIES for r in labelled)
    assert all("quality_score" in r.details for r in labelled)
    r = reason(rep, "公务接待费")  # 本年政务服务接待增加
    assert (r.cause, r.quality) == ("项目增减", "specific")
    r = reason(checked("001"), "住房公积金(项)")  # 住房公积金缴费基数调增
    assert (r.cause, r.quality) == ("政策或标准调整", "specific")
    r = reason(checked("002"), "行政单位医疗(项)")  # 本年功能科目调整
    assert r.cause == "科目调整"


def test_rule_labels_kept_in_details_when_they_differ():
    # 严格按照预算执行，预决算无差异: the model reads "no difference" (无此项支出, specific),
    # the lexicon saw the formula; its labels stay in details.
    r = reason(checked("004"), "公务接待费", "variance")
    assert (r.cause, r.quality) == ("无此项支出", "specific")
    assert r.details["rule_quality"] == "boilerplate" and r.details["rule_cause"] == "其他"


def test_provable_contradiction_stays():
    r = reason(checked("000"), "事业单位离退休(项)")
    assert r.quality == "contradictory"
    assert len(found(checked("000"), "RSN003")) == 1


def test_novel_reasons():
    """Phrasings that are not in the labelled data."""
    m = label_models()
    assert m is not None
    cases = [
        (
            ReasonInput(
                "主要原因是：严格落实过紧日子要求，从严从紧控制经费支出。",
                "variance",
                "减少",
                '财政拨款"三公"经费',
            ),
            "节约压减",
            "boilerplate",
        ),
        (
            ReasonInput("主要原因是：本年新增退休人员3名，退休费增加。", "reason", "增加", "行政单位离退休"),
            "人员变动",
            "specific",
        ),
        (
            ReasonInput(
                "主要原因是：受油价上涨影响，车辆燃油费增加。", "reason", "增加", "公务用车运行维护费"
            ),
            "价格或费率",
            "specific",
        ),
        (
            ReasonInput("主要原因是：本单位2023年未发生公务接待。", "reason", "减少", "公务接待费"),
            "无此项支出",
            "specific",
        ),
        (
            ReasonInput("主要原因是：主要用于单位日常办公。", "reason", "增加", "机关运行经费"),
            "其他",
            "non_explanatory",
        ),
        (ReasonInput("主要原因是：—", "reason", "增加", "机关运行经费"), "其他", "missing"),
    ]
    got = m.reasons([c[0] for c in cases])
    assert [(g.cause, g.quality) for g in got] == [(c, q) for _, c, q in cases]


# ------------------------------------------------------------------ RSN001 / RSN002
def test_rsn001_on_seed_000_sangong_boilerplate():
    f = [x for x in found(checked("000"), "RSN001") if x["details"]["item"] == '财政拨款"三公"经费']
    assert len(f) == 1 and f[0]["details"]["kind"] == "variance"
    assert "严格执行八项规定" in f[0]["evidence"]
    assert (
        f[0]["details"]["quality_score"]
        >= json.loads((MODELS / "manifest.json").read_text())["thresholds"]["boilerplate"]
    )


def test_rsn001_not_on_specific_reasons():
    for prefix in ("000", "001", "002", "003", "004"):
        rep = checked(prefix)
        flagged = {(f["start"], f["end"]) for f in found(rep, "RSN001") + found(rep, "RSN002")}
        for r in rep.reasons:
            if r.quality == "specific":
                assert (r.start, r.end) not in flagged
    # 001's reasons name drivers throughout: no RSN001 at all.
    assert found(checked("001"), "RSN001") == []


def test_rsn001_fragment_uses_model():
    from extract.pipeline import extract_source
    from extract.read import read_text

    text = (
        "（一）机关运行经费支出情况\n\n2023年度本部门机关运行经费支出 45.00 万元，比上年减少 5.00 万元，下降 10.00%，"
        "主要原因是：{r}\n"
    )

    def check(r: str) -> Report:
        src = read_text(text.format(r=r))
        return check_report(extract_source(src), src.text)

    assert found(check("坚持勤俭办一切事业，从紧安排各项支出。"), "RSN001")
    assert found(check("本年有2名工作人员退休，按人均定额核定的公用经费相应减少。"), "RSN001") == []


# ------------------------------------------------------------------ indicator categories
def test_seed_000_rows_with_garbled_levels_get_a_category():
    rows = {r.name: r for t in checked("000").tables for r in t.rows}
    for name in ("政务信息发布准确率", "平均每块宣传展板成本", "废标、流标率"):
        r = rows[name]
        assert (r.category1, r.category2) in PAIRS, name
        assert r.category_source in ("model", "printed+model")
    assert (rows["平均每块宣传展板成本"].category1, rows["平均每块宣传展板成本"].category2) == (
        "成本",
        "经济",
    )
    assert rows["政务信息发布准确率"].category2 == "质量"
    # Rows whose printed levels are legible keep them.
    assert rows["群众满意率"].category_source == "printed"


def test_rows_without_levels_get_a_category():
    rows = {r.name: r for t in checked("003").tables for r in t.rows}
    assert all(r.category_source == "model" and (r.category1, r.category2) in PAIRS for r in rows.values())
    assert (rows["群众满意度"].category1, rows["群众满意度"].category2) == ("满意度", "满意度")
    assert rows["预算经费"].category1 == "成本"


def test_categories_for_unseen_names():
    m = label_models()
    assert m is not None
    xs = [
        indicator_input("村级道路硬化长度", ">=12公里"),
        indicator_input("项目验收合格率", "=100%"),
        indicator_input("垃圾清运及时率", ">=95%"),
        indicator_input("每名学生资助标准", "<=2500元/人"),
        indicator_input("服务群众满意度", ">=90%"),
    ]
    got = [(c.category1, c.category2) for c in m.categories(xs)]
    assert got == [
        ("产出", "数量"),
        ("产出", "质量"),
        ("产出", "时效"),
        ("成本", "经济"),
        ("满意度", "满意度"),
    ]


def test_models_off_falls_back_to_rules(monkeypatch):
    monkeypatch.setenv("JXSCAN_MODELS", "off")
    clear_cache()
    try:
        rep = copy.deepcopy(seed_report("004"))
        fill_categories(rep.tables)
        check_report(rep, seed_text("004"))
        r = reason(rep, "公务接待费", "variance")
        assert r.quality == "boilerplate" and r.details == {}  # the lexicon's label
        office = next(row for t in rep.tables for row in t.rows if row.name == "办公费")
        assert (office.category1, office.category2) == ("产出", "经济")  # the printed (misfiled) pair
    finally:
        monkeypatch.delenv("JXSCAN_MODELS")
        clear_cache()


# ------------------------------------------------------------------ no explanation left unlabelled
def _labelled(texts: list[str], monkeypatch, fake=None) -> list:
    """Label reasons through label_reasons, with the model's output replaced by ``fake``."""
    from classify.learn import models as lm
    from classify.reasons import label_reasons
    from extract.model import Change, Reason

    text = "".join(t + "\n" for t in texts)
    rs, pos = [], 0
    for t in texts:
        rs.append(
            Reason(t, pos, pos + len(t), item="公务接待费", change=Change(amount=1.0, direction="减少"))
        )
        pos += len(t) + 1
    rep = Report("t", "t", None, None, 2023, reasons=rs)
    if fake is not None:
        monkeypatch.setattr(lm.LabelModels, "reasons", fake)
    label_reasons(rep, text)
    return rep.reasons


def test_model_abstaining_never_leaves_a_real_reason_unlabelled(monkeypatch):
    from classify.learn.models import ReasonLabel

    def says_missing(self, xs):
        return [
            ReasonLabel(cause="其他", quality="missing", quality_probs={"missing": 0.9}, cause_prob=0.5)
            for _ in xs
        ]

    got = _labelled(["主要原因是：本年上级检查批次减少。", "主要原因是：—"], monkeypatch, says_missing)
    assert (got[0].cause, got[0].quality) == ("项目增减", "specific")  # the rules' labels
    assert got[0].details["label_source"] == "rules" and got[0].details["model_quality"] == "missing"
    assert got[1].quality == "missing" and "label_source" not in got[1].details  # a placeholder is missing

    def broken(self, xs):
        raise ValueError("bad model")

    got = _labelled(["主要原因是：严格执行八项规定，厉行节约。"], monkeypatch, broken)
    assert (got[0].cause, got[0].quality) == ("节约压减", "boilerplate")
    assert got[0].details == {"label_source": "rules", "model_error": "ValueError"}


@pytest.mark.parametrize(
    "text",
    [
        "主要是由于新增人员2名导致增加。",
        "这主要是车改后车辆减少,并分别从以下方面采取措施:一是压减;二是规范。",
        "由于疫情影响,外出考察减少。",
        "受油价下调影响,燃油费减少。",
        "主要是公务用车运行维护费减少所致。",
        "原因主要是：压减一般性支出。",
        "系本年未安排出国团组。",
    ],
)
def test_every_marker_form_gets_a_cause_and_a_quality(text, monkeypatch):
    (r,) = _labelled([text], monkeypatch)
    assert r.cause in CAUSES and r.quality in QUALITIES and r.quality != "missing"


# ------------------------------------------------------------------ deterministic training
SUBSET_SCRIPT = r"""
import json, sys
from collections import defaultdict
from pathlib import Path
from corpus.train.data import read_jsonl
src, out = Path(sys.argv[1]), Path(sys.argv[2])
lab = out / "labels"; lab.mkdir(parents=True, exist_ok=True)
def subset(recs, keys, k):
    seen, keep = defaultdict(int), []
    for r in sorted(recs, key=lambda r: r["id"]):
        if any(seen[key(r)] < k for key in keys):
            keep.append(r)
            for key in keys:
                seen[key(r)] += 1
    return keep
rs = subset(read_jsonl(src / "reasons.jsonl"), [lambda r: ("c", r["cause"]), lambda r: ("q", r["quality"])], 4)
ind = subset(read_jsonl(src / "indicators.jsonl"), [lambda r: (r["category1"], r["category2"])], 4)
for name, recs in (("reasons.jsonl", rs), ("indicators.jsonl", ind)):
    (lab / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
from service.cli import main
sys.exit(main(["train", "--labels", str(lab), "--out", str(out / "models"), "--folds", "2"]))
"""
# Different thread counts for every pool (OpenMP, OpenBLAS, MKL, BLIS) and different hash
# seeds (set and dict orders differ): the artifacts must still be the same bytes.
THREADS = {
    "a": {
        "PYTHONHASHSEED": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "BLIS_NUM_THREADS": "1",
    },
    "b": {
        "PYTHONHASHSEED": "2",
        "OMP_NUM_THREADS": "4",
        "OPENBLAS_NUM_THREADS": "3",
        "MKL_NUM_THREADS": "3",
        "BLIS_NUM_THREADS": "2",
    },
}


def _hashes(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir())}


def test_training_is_deterministic(tmp_path):
    """Two processes with different thread settings and hash seeds train, through the CLI,
    the same bytes: models, manifest and card."""
    procs = []
    for name, extra in THREADS.items():
        env = {**os.environ, **extra, "SOURCE_DATE_EPOCH": "1700000000"}
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", SUBSET_SCRIPT, str(LABELS), str(tmp_path / name)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()[-2000:]
        outs.append(out.decode())
    a, b = _hashes(tmp_path / "a" / "models"), _hashes(tmp_path / "b" / "models")
    assert a == b
    assert {
        "cause.npz",
        "quality.npz",
        "category1.npz",
        "category2.npz",
        "manifest.json",
        "MODEL_CARD.md",
    } <= set(a)
    assert "adopt it: rm -r" in outs[0]  # a new directory, with how to adopt it
    # The cross-machine comparison (docs/models.md): equal bytes are equivalent; a last-bit
    # change of a coefficient is equivalent though the bytes differ; a real change is not.
    from corpus.train.compare import compare

    assert compare(tmp_path / "a" / "models", tmp_path / "b" / "models") == []
    c = tmp_path / "c"
    shutil.copytree(tmp_path / "a" / "models", c)
    lm = LinearModel.load(c / "cause.npz")
    lm.coef = lm.coef * np.float32(1 + 1e-7) + np.float32(1e-7)
    lm.save(c / "cause.npz")
    assert (c / "cause.npz").read_bytes() != (tmp_path / "a" / "models" / "cause.npz").read_bytes()
    assert compare(tmp_path / "a" / "models", c) == []
    lm.coef = lm.coef + np.float32(1e-3)
    lm.save(c / "cause.npz")
    assert compare(tmp_path / "a" / "models", c) == ["cause.npz: coef differs by up to 0.001"]
    # The subset models load and label like the full ones (interface, not accuracy).
    m = LabelModels(tmp_path / "a" / "models")
    lab = m.reasons([ReasonInput("主要原因是：本年新增退休人员3名，退休费增加。", "reason", "增加")])[0]
    assert lab.cause in CAUSES and lab.quality in QUALITIES


def test_train_never_overwrites_models_unasked(tmp_path, capsys, monkeypatch):
    """The default output is models.new/ (not models/), and a non-empty directory is refused
    (exit 2) unless --force: a retrain cannot silently replace the models in use."""
    from corpus.train.cli import DEFAULT_OUT
    from service.cli import main

    assert DEFAULT_OUT.name == "models.new"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models.new").mkdir()
    (tmp_path / "models.new" / "cause.npz").write_bytes(b"old")
    assert main(["train"]) == 2
    assert "models.new" in capsys.readouterr().err
    assert (tmp_path / "models.new" / "cause.npz").read_bytes() == b"old"
    assert main(["train", "--out", str(ROOT / "models")]) == 2


def test_spacy_choice_needs_every_fold_and_the_margin():
    from corpus.train.train import Scores, spacy_wins

    sk = Scores([0.70, 0.72, 0.71, 0.69, 0.73])
    assert not spacy_wins(sk, Scores([0.705, 0.725, 0.715, 0.695, 0.735]), 5)  # +0.005 < sd / √5 = 0.006
    assert not spacy_wins(sk, Scores([0.80, 0.82, 0.81, 0.79, 0.70]), 5)  # loses one fold
    assert spacy_wins(sk, Scores([0.80, 0.82, 0.81, 0.79, 0.83]), 5)


def test_spacy_pipeline_can_be_kept(tmp_path):
    """When spaCy wins a task, train writes models/<task>.spacy and the loader uses it."""
    import shutil

    from corpus.train.pipelines import fit_spacy

    d = load_task(LABELS, "category1")
    idx = [i for i, y in enumerate(d.labels) if y in ("满意度", "成本")][:40]
    sub = d.subset(idx)
    s = fit_spacy("category1", sub.inputs, sub.labels, epochs=2)
    for f in MODELS.glob("*.npz"):
        shutil.copy(f, tmp_path / f.name)
    s.nlp.to_disk(tmp_path / "category1.spacy")
    m = LabelModels(tmp_path)
    assert type(m.models["category1"]).__name__ == "SpacyTask"
    got = m.categories([indicator_input("群众满意度", ">=90%")])
    assert got[0].category1 in {"产出", "成本", "效益", "满意度"}


@pytest.mark.parametrize("task", ["cause", "quality", "category1", "category2"])
def test_every_training_example_is_labelled_by_the_committed_model(task):
    """The committed models reproduce most of their training labels (a smoke test that the
    artifacts and the feature code match; CV figures are in the model card)."""
    d = load_task(LABELS, task)
    m = label_models()
    assert m is not None
    pred = m.models[task].predict_proba(d.inputs).argmax(axis=1)
    acc = sum(m.models[task].classes[p] == y for p, y in zip(pred, d.labels, strict=True)) / len(d.labels)
    assert acc > 0.9


# ------------------------------------------------------------------ held-out labels
HELDOUT = LABELS / "heldout"


def test_heldout_labels_are_not_training_data():
    train_texts = {r["text"] for r in read_jsonl(LABELS / "reasons.jsonl")}
    train_names = {r["name"] for r in read_jsonl(LABELS / "indicators.jsonl")}
    held = read_jsonl(HELDOUT / "reasons.jsonl")
    forms = read_jsonl(HELDOUT / "reasons_forms.jsonl")  # issue 11: the catalogue's forms
    inds = read_jsonl(HELDOUT / "indicators.jsonl")
    assert len(held) >= 50 and len(forms) >= 40 and len(inds) >= 20
    assert all(len(t) <= 2 for t in {r["text"] for r in forms} & train_texts)
    held = held + forms
    # Placeholders (无, ——) are the same strings everywhere; any longer text is new.
    assert all(len(t) <= 2 for t in {r["text"] for r in held} & train_texts)
    assert not {r["name"] for r in inds} & train_names
    assert all(r["cause"] in CAUSES and r["quality"] in QUALITIES for r in held)
    assert all((r["category1"], r["category2"]) in PAIRS for r in inds)


@pytest.mark.parametrize("name", ["reasons.jsonl", "reasons_forms.jsonl", "indicators.jsonl"])
def test_models_beat_the_rules_on_heldout_labels(name):
    from corpus.train.score import score_file

    res = score_file(HELDOUT / name, MODELS)
    assert res, name
    for task, r in res.items():
        # Measured (docs/models.md): reasons.jsonl quality 0.84, cause 0.83; reasons_forms.jsonl
        # quality 0.90, cause 0.88; category1 0.95, category2 0.91; the floors leave room for
        # retraining noise. The rule lexicons learnt placeholders and restated changes in
        # issue 11 (quality 0.44 → 0.75 on reasons.jsonl), so the models' margin over them
        # on reasons is smaller than on indicators, where the rules know almost no names.
        margin = 0.2 if name == "indicators.jsonl" else 0.05
        assert r["macro_f1"]["model"] >= 0.7, (task, r["macro_f1"])
        assert r["macro_f1"]["model"] > r["macro_f1"]["rule"] + margin, (task, r["macro_f1"])
    if "quality" in res:
        b = res["quality"]["per_class"]["boilerplate"]
        assert b["precision"] >= 0.8 and b["recall"] >= 0.6  # RSN001's label


def test_score_command(tmp_path, capsys):
    from service.cli import main

    assert main(["train", "--score", str(HELDOUT / "reasons.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "quality" in out and "macro-F1 model" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "主要原因是：人员增加。", "quality": "specific"}\n{not json\n', encoding="utf-8")
    assert main(["train", "--score", str(bad)]) == 2
    assert str(bad) in capsys.readouterr().err
    empty = tmp_path / "none.jsonl"
    empty.write_text('{"x": 1}\n', encoding="utf-8")
    assert main(["train", "--score", str(empty)]) == 2
