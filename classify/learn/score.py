"""``jxscan train --score FILE``: the deployed labels scored on labelled data held out of
training (reasons from reports of other regions, say), against the rule-only baseline.

FILE is JSON lines in the format of ``corpus/labels/`` (GUIDE.md): a record with ``text``
and ``cause``/``quality`` is a reason, one with ``name`` and ``category1``/``category2`` an
indicator; a record may leave a label out (it is then not scored for that task). Quality is
decided as in a report: an empty reason is ``missing``, a contradiction the rules prove
(the file's items are taken as one report's siblings) is ``contradictory``, else the
thresholded model (classify/learn/models.py). Nothing is trained and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from .data import TaskData, pair, read_jsonl, reason_input
from .features import indicator_input, reason_body


def _tasks(records: list[dict]) -> dict[str, TaskData]:
    out: dict[str, TaskData] = {}
    reasons = [r for r in records if "text" in r]
    inds = [r for r in records if "name" in r]
    for task in ("cause", "quality"):
        recs = [r for r in reasons if r.get(task)]
        if recs:
            out[task] = TaskData(task, [str(r.get("id", i)) for i, r in enumerate(recs)],
                                 [reason_input(r) for r in recs], [r[task] for r in recs], recs)
    for task in ("category1", "category2"):
        recs = [r for r in inds if r.get("category1") and (task == "category1" or r.get("category2"))]
        if recs:
            labels = [r["category1"] if task == "category1" else pair(r["category1"], r["category2"]) for r in recs]
            out[task] = TaskData(task, [str(r.get("id", i)) for i, r in enumerate(recs)],
                                 [indicator_input(r["name"], r.get("target") or "") for r in recs], labels, recs)
    return out


def _deployed(task: str, data: TaskData, models) -> list[str]:
    from .train import proven_quality, restricted

    if task in ("cause", "quality"):
        empty = [not reason_body(x.text) for x in data.inputs]  # type: ignore[union-attr]
        labs = models.reasons([x for x, e in zip(data.inputs, empty, strict=True) if not e])
        it = iter(labs)
        got = [None if e else next(it) for e in empty]
        if task == "cause":
            return [g.cause if g else "其他" for g in got]
        proven = proven_quality(data)
        return ["missing" if g is None else (p or g.quality) for g, p in zip(got, proven, strict=True)]
    m1, m2 = models.models["category1"], models.models["category2"]
    if task == "category1":
        p1 = m1.predict_proba(data.inputs)
        return [m1.classes[int(i)] for i in p1.argmax(axis=1)]
    c1 = [m1.classes[int(i)] for i in m1.predict_proba(data.inputs).argmax(axis=1)]
    return restricted(m2.classes, m2.predict_proba(data.inputs), c1)


def score_file(path: Path, models_dir: Path) -> dict:
    """Per task: n, macro-F1 of the deployed models and of the rules, per-class figures."""
    from .baseline import rule_predict
    from .models import LabelModels
    from .train import macro_f1, per_class

    records = read_jsonl(path)
    tasks = _tasks(records)
    if not tasks:
        raise ValueError(f"{path}: no labelled reason (text + cause/quality) or indicator "
                         "(name + category1/category2) records")
    models = LabelModels(models_dir)
    out: dict[str, dict] = {}
    for task, data in tasks.items():
        pred = _deployed(task, data, models)
        rule = rule_predict(data)
        out[task] = {"n": len(data.labels), "macro_f1": {"model": macro_f1(data.labels, pred),
                                                         "rule": macro_f1(data.labels, rule)},
                     "accuracy": sum(a == b for a, b in zip(data.labels, pred, strict=True)) / len(pred),
                     "per_class": per_class(data.labels, pred)}
    return out


def format_scores(path: Path, res: dict) -> str:
    lines = [f"labels of {path} scored against models/ (deployed decision) and the rule lexicons"]
    for task, r in res.items():
        lines.append(f"{task:10s} n={r['n']:4d}  macro-F1 model {r['macro_f1']['model']:.3f}  "
                     f"rules {r['macro_f1']['rule']:.3f}  accuracy {r['accuracy']:.3f}")
        for cls, c in r["per_class"].items():
            lines.append(f"    {cls:16s} n={c['n']:4d}  P {c['precision']:.2f}  R {c['recall']:.2f}  F1 {c['f1']:.2f}")
    return "\n".join(lines)
