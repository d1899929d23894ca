"""The rule registry: every check of the finding catalogue, one function each.

In the spirit of flake8/ruff plugins a check is a plain function decorated with
:func:`rule`::

    @rule(code="IND001", severity="error", title="未达标却得满分", example=FRAGMENT)
    def missed_but_full(ctx: CheckContext) -> Iterable[Finding]:
        \"\"\"What fires, why, the threshold and its justification, a worked example.\"\"\"
        ...
        yield ctx.finding(start, end, message, location, details)

The docstring is the rule's documentation (``jxscan rules`` prints it); ``example`` is a
report fragment on which the rule fires (the test suite runs every example). Rules are
grouped one module per family under :mod:`classify.rules` (``ind``, ``sum``, ``rsn``,
``gol``, ``xrf``); adding a rule touches one module.

Every finding's ``evidence`` is ``text[start:end]`` by construction: rules give offsets,
never the evidence string.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extract.model import IndicatorRow, Report, Table

    from .scoring import Rulebook

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    evidence: str
    start: int
    end: int
    location: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "location": self.location,
            "details": self.details,
        }


RuleFunc = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str
    example: str
    func: RuleFunc
    doc: str

    @property
    def family(self) -> str:
        return self.code[:3]

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "title": self.title,
                "doc": self.doc, "example": self.example}


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str, title: str, example: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a check. The code must be new, the severity one of error/warning/info."""
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: severity must be one of {SEVERITIES}")

    def deco(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        doc = inspect.cleandoc(func.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {code} has no docstring")
        RULES[code] = Rule(code, severity, title, example.strip("\n") + "\n", func, doc)
        return func

    return deco


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by code (importing the rule modules registers them)."""
    from . import rules  # noqa: F401 - registration side effect

    return [RULES[c] for c in sorted(RULES)]


def matches(code: str, patterns: Iterable[str]) -> bool:
    """``--select/--ignore`` semantics: a pattern is a full code or a prefix (``IND``, ``SUM00``)."""
    return any(code.startswith(p.strip().upper()) for p in patterns if p.strip())


KIND_LABEL = {
    "overall": "部门整体支出绩效自评表",
    "project": "项目支出绩效自评表",
    "narrative": "整体支出绩效分析",
}


@dataclass
class CheckContext:
    """What a rule sees: the report, the exact text, and the labels computed before rules run."""

    report: Report
    text: str
    rulebook: Rulebook
    _current: Rule | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    def finding(self, start: int, end: int, message: str, location: str,
                details: dict[str, Any] | None = None) -> Finding:
        """A finding of the rule being run; evidence is always ``text[start:end]``."""
        assert self._current is not None, "ctx.finding() called outside a rule"
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(f"{self._current.code}: bad span {start}:{end}")
        return Finding(self._current.code, self._current.severity, message,
                       self.text[start:end], start, end, location, details or {})

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """Per-document memo shared by the rules (section lookups, shingles ...)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    # -- locations --------------------------------------------------------------------
    def table_location(self, table: Table) -> str:
        name = table.project or table.title or ""
        label = KIND_LABEL.get(table.kind, table.kind)
        return label if not name or name == label else f"{label} / {name}"

    def row_location(self, table: Table, row: IndicatorRow) -> str:
        return f"{self.table_location(table)} / {row.name}"

    def section_of(self, offset: int) -> str:
        """The heading path (deepest last) around an offset, e.g. ``第二部分 / 七、…``."""
        path = []
        for s in self.report.sections:
            if s.start <= offset < s.end:
                path.append((s.level, f"{s.number}、{s.title}" if s.level == 1 else s.title))
        path.sort()
        return " / ".join(p for _, p in path) or "正文"

    def rows(self) -> Iterator[tuple[int, Table, int, IndicatorRow]]:
        """Every indicator row with its table (labels already set)."""
        for ti, table in enumerate(self.report.tables):
            for ri, row in enumerate(table.rows):
                yield ti, table, ri, row

    def row_span(self, table: Table, row: IndicatorRow) -> tuple[int, int] | None:
        """The row from its name through its score (the catalogue's IND evidence)."""
        if 0 <= row.start < row.end <= len(self.text):
            return row.start, row.end
        for span in (row.name_span, (row.target.start, row.target.end)):
            if span and 0 <= span[0] < span[1] <= len(self.text):
                return span
        return None

    def run(self, r: Rule) -> Iterator[Finding]:
        self._current = r
        try:
            yield from r.func(self)
        finally:
            self._current = None
