"""The text a spaCy pipeline reads for one input: shared by its training (corpus/train) and
its use at run time (:class:`classify.learn.models.SpacyTask`), so both see the same string."""

from __future__ import annotations

from .features import IndicatorInput, ReasonInput, reason_body


def spacy_text(x: object) -> str:
    """The context a reason's quality depends on (kind, direction) and an indicator's target
    are given as text before the reason or the name."""
    if isinstance(x, ReasonInput):
        return f"{x.kind} {x.direction or '无'} ｜ {reason_body(x.text)}"
    assert isinstance(x, IndicatorInput)
    return f"{x.name} ｜ {x.target}"
