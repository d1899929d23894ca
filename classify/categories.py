"""Indicator categories: the printed level cells first, the learned model otherwise.

A label step (it runs in ``check_report``), kept out of ``extract/`` so that extraction does
not depend on the models: ``jxscan extract`` gives the categories the printed cells state.
"""

from __future__ import annotations

from extract.framework import FRAMEWORK_PAIRS, categorise, squash

from .learn.features import indicator_input
from .learn.models import label_models


def fill_categories(tables: list) -> None:
    """Give every indicator row a framework category, printed cells first, model otherwise.

    Policy (``row.category_source`` records which applied):

    - ``printed``: the lexicon maps the level cells onto a framework pair (both levels, or
      a level-2 name that implies its level-1): kept as is, the document's own label;
    - ``printed+model``: the level-1 cell is recognised but the level-2 cell is missing or
      garbled: category1 stays, category2 comes from the model decoded within it;
    - ``model``: no level recognised (000's OCR junk, 003's narrative indicators, rows that
      lost their labels in wrapping) or a printed pair outside the framework: both from
      the indicator name and target (``classify/learn``, see ``models/MODEL_CARD.md``).

    Without models (``JXSCAN_MODELS=off`` or none committed) rows keep what the lexicon gave.
    """
    todo = []
    for t in tables:
        for row in t.rows:
            c1, c2 = categorise(row.level1, row.level2)
            row.category1, row.category2 = c1, c2  # the lexicon's answer, kept without models
            if c1 and c2 and (c1, c2) in FRAMEWORK_PAIRS:
                row.category_source = "printed"
                continue
            row.category_source = "printed" if c1 else None
            if squash(row.name):
                todo.append((row, c1 if c2 is None else None))
    if not todo:
        return

    models = label_models()
    if models is None:
        return
    xs = [indicator_input(r.name, r.target.raw, r.target.op, r.target.unit, parse=False) for r, _ in todo]
    for (row, given), lab in zip(todo, models.categories(xs, [g for _, g in todo]), strict=True):
        row.category1, row.category2 = lab.category1, lab.category2
        row.category_source = "printed+model" if given else "model"
