"""The units the corpus checks compare, read from one report dict (classify/corpus.py): the
document's identity (:class:`DocMeta`), its texts per kind (whole document, goal texts,
reason blocks) and the evidence span of each, as the findings quote them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .corpus_text import _SPACE, department_key, mask_chars

# Below these many masked characters a text is too generic to call a copy ("保障单位正常运转").
MIN_CHARS = {"document": 200, "goal": 20, "reasons": 40}

# --- per-document units --------------------------------------------------------------------


@dataclass(slots=True)
class DocMeta:
    doc_id: str
    source: str | None
    title: str | None
    department: str | None
    dept_key: str | None
    year: int | None

    def identity(self, idx: int) -> tuple:
        """Pairs only count when this differs (unknown department: the document itself)."""
        if self.dept_key is None:
            return ("doc", idx)
        return (self.dept_key, self.year)

    def describe(self) -> str:
        name = self.title or self.source or self.doc_id[:12]
        bits = [b for b in (self.department, f"{self.year}年" if self.year else None) if b]
        return f"《{name}》（{'，'.join(bits)}）" if bits else f"《{name}》"

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "department": self.department,
            "year": self.year,
        }


def _meta(rep: dict[str, Any]) -> DocMeta:
    dept = rep.get("department")
    year = rep.get("year")
    return DocMeta(
        doc_id=str(rep.get("doc_id") or ""),
        source=rep.get("source"),
        title=rep.get("title"),
        department=dept,
        dept_key=department_key(dept),
        year=year if isinstance(year, int) else None,
    )


def _units(rep: dict[str, Any], kinds: Collection[str] = MIN_CHARS) -> list[tuple[str, int, str]]:
    """(kind, ordinal, masked text) of every comparable unit of one report (of these kinds
    only: verifying goals needs no mask of the whole text)."""
    out: list[tuple[str, int, str]] = []
    text = rep.get("text")
    if "document" in kinds and isinstance(text, str):
        m = mask_chars(text)
        if len(m) >= MIN_CHARS["document"]:
            out.append(("document", 0, m))
    if "goal" in kinds:
        for i, g in enumerate(rep.get("goals") or ()):
            m = mask_chars(g.get("expected") or "")
            if len(m) >= MIN_CHARS["goal"]:
                out.append(("goal", i, m))
    if "reasons" in kinds:
        block = mask_chars("".join(r.get("text") or "" for r in _distinct_reasons(rep)))
        if len(block) >= MIN_CHARS["reasons"]:
            out.append(("reasons", 0, block))
    return out


def _distinct_reasons(rep: dict[str, Any]) -> list[dict[str, Any]]:
    """Reasons in order, one per span (a reason is never counted twice)."""
    seen, out = set(), []
    for r in rep.get("reasons") or ():
        key = (r.get("start"), r.get("end"))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _span(rep: dict[str, Any], start: Any, end: Any, fallback: str) -> tuple[str, int, int]:
    """(evidence, start, end): the text's own slice when the report carries its text."""
    text = rep.get("text")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        if isinstance(text, str) and end <= len(text):
            return text[start:end], start, end
        return fallback, start, end
    return fallback, -1, -1


def _title_span(rep: dict[str, Any]) -> tuple[str, int, int]:
    """The title as printed (it may be wrapped over lines), else the first 200 characters."""
    text = rep.get("text") or ""
    title = rep.get("title")
    if title:
        chars = [re.escape(c) for c in _SPACE.sub("", title)]
        if chars:
            m = re.search(r"\s*".join(chars), text[:20000])
            if m:
                return m.group(), m.start(), m.end()
    lead = len(text) - len(text.lstrip())
    end = min(len(text), lead + 200)
    return text[lead:end], lead, end


def _unit_evidence(
    rep: dict[str, Any], kind: str, ordinal: int
) -> tuple[str, int, int, str | None, dict | None]:
    """(evidence, start, end, table, source dict carrying page/bbox) of a unit."""
    if kind == "document":
        ev, s, e = _title_span(rep)
        return ev, s, e, None, None
    if kind == "goal":
        g = (rep.get("goals") or [])[ordinal]
        span = g.get("expected_span") or (None, None)
        ev, s, e = _span(rep, span[0], span[1], g.get("expected") or "")
        return ev, s, e, g.get("table"), None
    first = _distinct_reasons(rep)[0]
    ev, s, e = _span(rep, first.get("start"), first.get("end"), first.get("text") or "")
    return ev, s, e, first.get("table") or first.get("item"), first
