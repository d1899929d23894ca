"""The rule registry: every check of the finding catalogue, one function each.

In the spirit of flake8/ruff plugins a check is a plain function decorated with
:func:`rule`::

    @rule(code="IND001", severity="error", title="未达标却得满分", example=FRAGMENT, quiet=NEAR_MISS)
    def missed_but_full(ctx: CheckContext) -> Iterable[Finding]:
        \"\"\"What fires, why, the threshold and its justification, a worked example.\"\"\"
        ...
        yield ctx.finding(start, end, message, location, details)

The docstring is the rule's documentation (``jxscan rules`` prints it); ``example`` is a
report fragment on which the rule fires and ``quiet`` a near miss on which it does not
(the test suite runs both for every rule). Rules are grouped by family under
:mod:`classify.rules`: a module (``gol``, ``xrf``, ``dup``) or a package with one module per
group of rules (``ind``, ``sum``, ``rsn``); adding a rule touches one module: the rule,
its two examples, nothing else (the planters of the generator and the evaluation floors are
keyed by code and tested against this catalogue).

This module is the bottom of classify: it imports no other classify module, so that the
rule modules can import it and :func:`classify.rules.all_rules` (which imports the rule
modules) lists them without an import circle.

Every finding's ``evidence`` is ``text[start:end]`` by construction: rules give offsets,
never the evidence string.

Corpus rules (``scope="corpus"``: DUP001, DUP002 in :mod:`classify.rules.dup`) are in the
same catalogue -- ``jxscan rules`` and ``GET /v1/rules`` list them -- but judge a document
against the others, so they are registered with :func:`corpus_rule`, take the corpus scan
(:class:`classify.corpus.CorpusScan`) and are run by the corpus pass
(:func:`classify.corpus_pass.analyse_corpus`, which ``jxscan batch`` runs after the
per-document pass). ``check_report`` never runs them: :meth:`CheckContext.run` yields
nothing for them. Their ``example`` and ``quiet`` are small corpora: documents separated by
a line of ``=====``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extract.document import Document
    from extract.model import IndicatorRow, Report, Table

    from .scoring import Rulebook

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
SCOPES = ("document", "corpus")


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
# A corpus rule: the corpus scan (classify.corpus.CorpusScan) -> {document index: [finding
# dicts without code and severity]}; the corpus pass stamps the rule's code and severity.
CorpusFunc = Callable[[Any], dict[int, list[dict[str, Any]]]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str
    example: str
    func: Callable[..., Any]  # RuleFunc (document scope) or CorpusFunc (corpus scope)
    doc: str
    scope: str = "document"
    quiet: str = ""  # a near miss on which the rule does not fire (tests run it)
    # The finding's weight in the risk score when it is not its severity's (classify/risk.py);
    # the decorator's comment says why.
    risk_weight: float | None = None

    @property
    def family(self) -> str:
        return self.code[:3]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "title": self.title,
            "doc": self.doc,
            "example": self.example,
            "scope": self.scope,
        }


RULES: dict[str, Rule] = {}


def _register(
    code: str,
    severity: str,
    title: str,
    example: str,
    scope: str,
    quiet: str,
    risk_weight: float | None = None,
) -> Callable[[Any], Any]:
    if not quiet.strip():
        raise ValueError(f"{code}: a rule needs a quiet example (a near miss it does not fire on)")
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: severity must be one of {SEVERITIES}")
    if scope not in SCOPES:
        raise ValueError(f"{code}: scope must be one of {SCOPES}")

    def deco(func):
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        doc = inspect.cleandoc(func.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {code} has no docstring")
        RULES[code] = Rule(
            code,
            severity,
            title,
            example.strip("\n") + "\n",
            func,
            doc,
            scope,
            quiet.strip("\n") + "\n",
            risk_weight,
        )
        func.rule_code = code  # other modules name a rule by its function, never by a code literal
        return func

    return deco


def rule(
    code: str, severity: str, title: str, example: str, quiet: str, risk_weight: float | None = None
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a check. The code must be new, the severity one of error/warning/info;
    ``example`` fires the rule, ``quiet`` (a near miss) does not."""
    return _register(code, severity, title, example, "document", quiet, risk_weight)


def corpus_rule(
    code: str, severity: str, title: str, example: str, quiet: str, risk_weight: float | None = None
) -> Callable[[CorpusFunc], CorpusFunc]:
    """Register a corpus check (run over a whole corpus by the corpus pass, never by check_report)."""
    return _register(code, severity, title, example, "corpus", quiet, risk_weight)


def registered(scope: str | None = None) -> list[Rule]:
    """The rules registered so far, sorted by code (``classify.rules.all_rules`` imports
    every rule module first: call that one)."""
    return [RULES[c] for c in sorted(RULES) if scope is None or RULES[c].scope == scope]


_EXAMPLE_BREAK = re.compile(r"^={5,}[ \t]*$\n?", re.M)


def example_documents(example: str) -> list[str]:
    """The documents of a corpus rule's example (separated by a line of ``=====``)."""
    return [d.strip("\n") + "\n" for d in _EXAMPLE_BREAK.split(example) if d.strip()]


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
    # The document context extraction built (normalised text, outline, source, memo):
    # rules read it instead of recomputing (see extract/document.py).
    doc: Document = None  # type: ignore[assignment] - set in __post_init__ when not given
    _current: Rule | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.doc is None:
            from extract.document import document_of

            self.doc = document_of(self.text)

    def finding(
        self, start: int, end: int, message: str, location: str, details: dict[str, Any] | None = None
    ) -> Finding:
        """A finding of the rule being run; evidence is always ``text[start:end]``."""
        assert self._current is not None, "ctx.finding() called outside a rule"
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(f"{self._current.code}: bad span {start}:{end}")
        return Finding(
            self._current.code,
            self._current.severity,
            message,
            self.text[start:end],
            start,
            end,
            location,
            details or {},
        )

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
        """Every indicator row with its table (labels already set). Listed once per
        document: several IND rules walk them all, some once per row kind."""
        got = self._cache.get("_rows")
        if got is None:
            got = self._cache["_rows"] = [
                (ti, table, ri, row)
                for ti, table in enumerate(self.report.tables)
                for ri, row in enumerate(table.rows)
            ]
        return iter(got)

    def row_span(self, table: Table, row: IndicatorRow) -> tuple[int, int] | None:
        """The row from its name through its score (the catalogue's IND evidence)."""
        if 0 <= row.start < row.end <= len(self.text):
            return row.start, row.end
        for span in (row.name_span, (row.target.start, row.target.end)):
            if span and 0 <= span[0] < span[1] <= len(self.text):
                return span
        return None

    def run(self, r: Rule) -> Iterator[Finding]:
        if r.scope != "document":  # a corpus rule needs the corpus: jxscan batch runs it
            return
        self._current = r
        try:
            yield from r.func(self)
        finally:
            self._current = None
