"""The truth of the narrative: every explanation with the change it explains, and the form
family of every place (for ``jxscan eval``'s per-family breakdown).

A document's narrative is written in one of two styles: ``seed`` (the seed-shaped sections
of :mod:`.narrative`) or ``forms`` (the forms of real disclosures, :mod:`.narr_sections` and
:mod:`.sangong`). ``--narrative mixed`` (the default) draws ``forms`` for three documents in
four from the document's own random stream, so the seed-style documents of a corpus are
byte-identical to those of ``--narrative seed``.
"""

from __future__ import annotations

import random
from typing import Any

from .model import Change, DocModel

MODES = ("mixed", "forms", "seed")
FORMS_SHARE = 0.75


def narrative_style(mode: str, seed: int | str, index: int) -> str:
    if mode in ("forms", "seed"):
        return mode
    return "forms" if random.Random(f"{seed}:{index}:narr").random() < FORMS_SHARE else "seed"


def _change(amount: float | None, rate: float | None, direction: str) -> dict[str, Any]:
    return {
        "amount": None if amount is None else round(amount, 2),
        "rate": None if rate is None else round(rate, 2),
        "direction": direction,
    }


def _seed_records(doc: DocModel) -> list[dict[str, Any]]:
    """The seed style writes every change as 比上年增加X万元，增长Y%，主要原因是… (variance:
    年初预算数X，决算数Y，预决算差异率Z%，主要原因是…)."""
    out = []
    cs: list[Change] = [*doc.changes.values(), *doc.fin.items]
    for c in cs:
        rate = None if c.rate_text is not None else c.rate
        if c.rate_text is not None:
            try:
                rate = float(c.rate_text.rstrip("%"))
            except ValueError:
                rate = None
        has = bool(c.reason) and not c.omit_reason or (c.direction == "持平")
        out.append(
            {
                "sid": c.sid,
                "item": c.item,
                "change": _change(abs(c.change) / 100.0, rate, c.direction),
                "reason_key": ["reason", c.sid] if has else None,
                "tags": {
                    "section": "seed",
                    "marker": "主要原因是" if has else "-",
                    "base": "上年",
                    "position": "same_sentence" if has else "none",
                    "order": "amount_rate",
                    "unit": "万元",
                },
            }
        )
    for v in doc.variances.values():
        has = bool(v.reason) and not v.omit_reason
        diff = v.final - v.budget
        out.append(
            {
                "sid": "var:" + v.sid,
                "item": v.item,
                "change": _change(
                    None, abs(v.rate), "增加" if diff > 0 else ("减少" if diff < 0 else "持平")
                ),
                "reason_key": ["var_reason", v.sid] if has else None,
                "tags": {
                    "section": "seed",
                    "marker": "主要原因是" if has else "-",
                    "base": "年初预算",
                    "position": "same_sentence" if has else "none",
                    "order": "差异率",
                    "unit": "万元",
                },
            }
        )
    return out


def narrative_truth(doc: DocModel, text: str, spans: dict) -> dict[str, Any]:
    """``{"style", "reasons": [...], "unexplained": [...], "regions": [...]}``: each reason with
    its span, the item and the change as printed, and its form tags; each section region
    with its family."""
    style = doc.style.get("narr", "seed")
    if doc.narr_log is not None:
        recs = [
            {
                "sid": s.sid,
                "item": s.item,
                "change": _change(s.amount, s.rate, s.direction),
                "reason_key": list(s.reason_key) if s.reason_key else None,
                "tags": dict(s.tags),
            }
            for s in doc.narr_log.stmts
        ]
    else:
        recs = _seed_records(doc)
    reasons, unexplained = [], []
    for r in recs:
        key = tuple(r.pop("reason_key") or ())
        sid = r["sid"]
        skey = ("var", sid[4:]) if sid.startswith("var:") else ("stmt", sid)
        if skey in spans:  # the statement: the change clause with its explanation
            r["stmt_start"], r["stmt_end"] = spans[skey]
        if key and key in spans:
            s, e = spans[key]
            reasons.append({**r, "start": s, "end": e, "evidence": text[s:e]})
        elif not key:
            unexplained.append(r)
    regions = []
    for key, family in doc.narr_regions.items():
        if key in spans:
            s, e = spans[key]
            regions.append({"family": family, "start": s, "end": e})
    return {"style": style, "reasons": reasons, "unexplained": unexplained, "regions": regions}


_TABLE_KEYS = {
    "row",
    "actual",
    "target",
    "note",
    "budget_row",
    "total",
    "goal_actual",
    "goal_expected",
    "budget_cell",
}
_SHARE_FAMILY = {"income": "totals", "expense": "totals", "class": "gpb"}
_SENT_FAMILY = {
    "income_total": "totals",
    "expense_total": "totals",
    "basic": "basic",
    "procurement": "other",
    "gpb": "gpb",
}


def family_of(doc: DocModel, key: tuple) -> tuple[str, dict[str, str]]:
    """The form family of a planted anomaly's place (and the statement's form tags)."""
    kind = key[0] if key else ""
    if kind in _TABLE_KEYS:
        return "tables", {}
    if kind in ("eval", "eval_count"):
        return "perf", {}
    if kind == "title":
        return "document", {}
    log = doc.narr_log
    prefix = "" if log is not None else "seed."
    if log is None:
        if kind == "share":
            return prefix + (_SHARE_FAMILY.get(key[1], "sangong")), {}
        if kind == "sent":
            return prefix + _SENT_FAMILY.get(key[1], "other"), {}
        sid = key[1] if len(key) > 1 else ""
        fam = (
            "sangong"
            if sid in ("three", "abroad", "car", "rec")
            else (
                "gpb"
                if sid.startswith("item") or sid == "gpb"
                else "totals"
                if sid == "total"
                else "fiscal"
                if sid == "fiscal"
                else "other"
            )
        )
        return prefix + fam, {}
    if kind == "share":
        g = key[1]
        return (
            _SHARE_FAMILY[g] if g in _SHARE_FAMILY else log.by_sid.get("three", {}).get("section", "sangong")
        ), {}
    if kind == "sent":
        return _SENT_FAMILY.get(key[1], "other"), {}
    sid = key[1] if len(key) > 1 else ""
    if kind.startswith("var"):
        sid = "var:" + sid
    tags = log.by_sid.get(sid, {})
    return tags.get("section", "?"), dict(tags)
