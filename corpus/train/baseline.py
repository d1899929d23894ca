"""Rule-only baselines on the same inputs: the lexicons the checks used before the models.

- cause: :func:`classify.reasons.cause_of`;
- quality: :func:`classify.reasons.quality_of` with the reason's item and the direction of
  the change it explains, and the sibling items of the whole data set (as if one report);
- category1/category2 from the indicator *name*: :func:`extract.framework.categorise`
  applied to the name (the printed level cells are what the model replaces when they are
  missing or garbled, so the rule gets only what the model gets). ``None`` counts as wrong.
"""

from __future__ import annotations

from classify.learn.features import IndicatorInput, ReasonInput
from classify.reasons import cause_of, parent, quality_of
from extract.framework import categorise
from extract.model import Change, Reason

from .data import TaskData, pair

NONE = "—"


def reason_of(x: ReasonInput) -> Reason:
    change = Change(direction=x.direction) if x.direction in ("增加", "减少", "持平") else None
    return Reason(text=x.text, start=0, end=0, item=x.item, change=change, kind=x.kind)


def siblings_of(data: TaskData) -> dict[str | None, set[str]]:
    from classify.reasons import leaf

    out: dict[str | None, set[str]] = {}
    for x in data.inputs:
        it = getattr(x, "item", None)
        if it:
            out.setdefault(parent(it), set()).add(leaf(it))
    return out


def rule_predict(data: TaskData, sib: dict[str | None, set[str]] | None = None) -> list[str]:
    if data.task == "cause":
        return [cause_of(x.text) for x in data.inputs]  # type: ignore[union-attr]
    if data.task == "quality":
        sib = sib if sib is not None else siblings_of(data)
        return [quality_of(reason_of(x), sib) for x in data.inputs]  # type: ignore[arg-type]
    out = []
    for x in data.inputs:
        assert isinstance(x, IndicatorInput)
        c1, c2 = categorise(x.name, x.name)
        if data.task == "category1":
            out.append(c1 or NONE)
        else:
            out.append(pair(c1, c2) if c1 and c2 else NONE)
    return out


def printed_level_predict(data: TaskData) -> tuple[list[int], list[str]]:
    """Seed rows that print their level cells: the framework lexicon on those cells."""
    idx, out = [], []
    for i, r in enumerate(data.records):
        if r.get("source") != "seed":
            continue
        c1, c2 = categorise(r.get("printed_level1"), r.get("printed_level2"))
        idx.append(i)
        if data.task == "category1":
            out.append(c1 or NONE)
        else:
            out.append(pair(c1, c2) if c1 and c2 else NONE)
    return idx, out
