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

from classify.learn.features import reason_body

from .data import TaskData, pair, read_jsonl, task_of


def _tasks(records: list[dict]) -> dict[str, TaskData]:
    reasons = [r for r in records if "text" in r]
    inds = [r for r in records if "name" in r and r.get("category1")]
    wanted = {
        "cause": [r for r in reasons if r.get("cause")],
        "quality": [r for r in reasons if r.get("quality")],
        "category1": inds,
        "category2": [r for r in inds if r.get("category2")],
    }
    return {task: task_of(task, recs) for task, recs in wanted.items() if recs}


def _deployed(task: str, data: TaskData, models) -> list[str]:
    """What a report would show: LabelModels' labels, with the rules' proven qualities."""
    from .train import proven_quality

    if task in ("cause", "quality"):
        empty = [not reason_body(x.text) for x in data.inputs]  # type: ignore[union-attr]
        it = iter(models.reasons([x for x, e in zip(data.inputs, empty, strict=True) if not e]))
        got = [None if e else next(it) for e in empty]
        if task == "cause":
            return [g.cause if g else "其他" for g in got]
        proven = proven_quality(data)
        return ["missing" if g is None else (p or g.quality) for g, p in zip(got, proven, strict=True)]
    cats = models.categories(data.inputs)
    return [c.category1 if task == "category1" else pair(c.category1, c.category2) for c in cats]


def score_file(path: Path, models_dir: Path) -> dict:
    """Per task: n, macro-F1 of the deployed models and of the rules, per-class figures."""
    from classify.learn.models import LabelModels

    from .baseline import rule_predict
    from .train import macro_f1, per_class

    records = read_jsonl(path)
    tasks = _tasks(records)
    if not tasks:
        raise ValueError(
            f"{path}: no labelled reason (text + cause/quality) or indicator "
            "(name + category1/category2) records"
        )
    models = LabelModels(models_dir)
    out: dict[str, dict] = {}
    for task, data in tasks.items():
        pred = _deployed(task, data, models)
        rule = rule_predict(data)
        out[task] = {
            "n": len(data.labels),
            "macro_f1": {"model": macro_f1(data.labels, pred), "rule": macro_f1(data.labels, rule)},
            "accuracy": sum(a == b for a, b in zip(data.labels, pred, strict=True)) / len(pred),
            "per_class": per_class(data.labels, pred),
        }
    return out


def format_scores(path: Path, res: dict) -> str:
    lines = [f"labels of {path} scored against models/ (deployed decision) and the rule lexicons"]
    for task, r in res.items():
        lines.append(
            f"{task:10s} n={r['n']:4d}  macro-F1 model {r['macro_f1']['model']:.3f}  "
            f"rules {r['macro_f1']['rule']:.3f}  accuracy {r['accuracy']:.3f}"
        )
        for cls, c in r["per_class"].items():
            lines.append(
                f"    {cls:16s} n={c['n']:4d}  P {c['precision']:.2f}  R {c['recall']:.2f}  F1 {c['f1']:.2f}"
            )
    return "\n".join(lines)
