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

Corpus rules (``scope="corpus"``: DUP001, DUP002) are in the same catalogue -- ``jxscan
rules`` and ``GET /v1/rules`` list them -- but judge a document against the others, so
they are registered with :func:`corpus_rule`, take the whole corpus (a sequence of report
dicts) and are run by ``jxscan batch`` after the per-document pass (``classify.corpus``).
``check_report`` never runs them: :meth:`CheckContext.run` yields nothing for them. Their
``example`` is a small corpus: documents separated by a line of ``=====``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
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
# A corpus rule: report dicts (``include_text=True``) -> {doc_id: [finding dicts]}.
CorpusFunc = Callable[[Sequence[dict[str, Any]]], dict[str, list[dict[str, Any]]]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str
    example: str
    func: Callable[..., Any]  # RuleFunc (document scope) or CorpusFunc (corpus scope)
    doc: str
    scope: str = "document"

    @property
    def family(self) -> str:
        return self.code[:3]

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "title": self.title,
                "doc": self.doc, "example": self.example, "scope": self.scope}


RULES: dict[str, Rule] = {}


def _register(code: str, severity: str, title: str, example: str, scope: str) -> Callable[[Any], Any]:
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
        RULES[code] = Rule(code, severity, title, example.strip("\n") + "\n", func, doc, scope)
        return func

    return deco


def rule(code: str, severity: str, title: str, example: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a check. The code must be new, the severity one of error/warning/info."""
    return _register(code, severity, title, example, "document")


def corpus_rule(code: str, severity: str, title: str, example: str) -> Callable[[CorpusFunc], CorpusFunc]:
    """Register a corpus check (run over a whole corpus by ``jxscan batch``, never by check_report)."""
    return _register(code, severity, title, example, "corpus")


def all_rules(scope: str | None = None) -> list[Rule]:
    """Every registered rule, sorted by code (importing the rule modules registers them);
    ``scope`` keeps one scope only ("document": what check_report runs)."""
    from . import rules  # noqa: F401 - registration side effect

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
        if r.scope != "document":  # a corpus rule needs the corpus: jxscan batch runs it
            return
        self._current = r
        try:
            yield from r.func(self)
        finally:
            self._current = None


# --------------------------------------------------------------------------- corpus rules
# Registered here rather than under classify.rules: check_report never runs them, and the
# work is classify.corpus's (imported on use: numpy and datasketch stay out of every
# per-document check). The thresholds in the docs are classify.corpus's constants
# (tests/test_corpus_checks.py asserts they agree).

_DUP001_BODY = """
一、收入支出决算总体情况说明
{y} 年度收入、支出决算总计 {a} 万元，比上年增加 120.25 万元，增长 8.6%。主要原因是：本年新增河道清淤疏浚工程，支付工程进度款；单位新招录工作人员三名，工资福利支出相应增加。
二、一般公共预算财政拨款支出决算情况说明
{y} 年度一般公共预算财政拨款支出 {b} 万元，比上年减少 35.40 万元，下降 2.5%。主要原因是：严格落实过紧日子要求，压减会议费、培训费等一般性支出，办公楼维修改造项目上年已完工。
三、机关运行经费支出情况说明
{y} 年度机关运行经费支出 86.50 万元，比上年减少 4.30 万元，下降 4.7%。主要原因是：公务用车运行维护费及办公费减少，水电费按实际用量结算。
"""

DUP001_EXAMPLE = (
    "乌鲁木齐市水利局\n2023 年度部门决算公开说明\n" + _DUP001_BODY.format(y=2023, a="1,520.36", b="1,380.12")
    + "=====\n"
    + "乌鲁木齐市林业和草原局\n2022 年度部门决算公开说明\n" + _DUP001_BODY.format(y=2022, a="1,402.80", b="1,290.55")
)

_DUP002_TEMPLATE = "根据财政部门统一安排部署，按照预算执行进度要求据实调整项目支出。"
_DUP002_OWN = (
    ("水利局", "本年新增城市绿化养护项目，支付苗木采购及栽植费用。"),
    ("林业和草原局", _DUP002_TEMPLATE),
    ("教育局", "单位新招录公务员三名，工资福利支出相应增加。"),
    ("卫生健康委员会", _DUP002_TEMPLATE),
    ("民政局", "办公楼屋面防水维修改造，发生维修费。"),
    ("司法局", _DUP002_TEMPLATE),
    ("统计局", "承办全区职业技能大赛，场地租赁费用增加。"),
    ("审计局", _DUP002_TEMPLATE),
    ("档案馆", "退休人员较上年增加两人，离退休费增加。"),
    ("信访局", _DUP002_TEMPLATE),
)
DUP002_EXAMPLE = "=====\n".join(
    f"乌鲁木齐市{dept}2023年度部门决算公开说明\n"
    f"2023 年度收入支出决算总计比上年增加 {12 + 3 * i}.25 万元。主要原因是：{reason}\n"
    for i, (dept, reason) in enumerate(_DUP002_OWN))


def _only(code: str, reports: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    from .corpus import corpus_findings

    out: dict[str, list[dict[str, Any]]] = {}
    for doc_id, found in corpus_findings(reports).items():
        mine = [f for f in found if f["code"] == code]
        if mine:
            out[doc_id] = mine
    return out


@corpus_rule(code="DUP001", severity="warning", title="跨部门或跨年度近似重复", example=DUP001_EXAMPLE)
def near_copies(reports: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """A whole report, a table's 预期目标 or a report's block of reasons is a near-copy of
    another department's, or of another year's (corpus check: ``jxscan batch`` runs it after
    the per-document pass; ``jxscan check`` cannot).

    Measure: Jaccard similarity of character 5-gram shingles after removing HTML tags,
    whitespace, punctuation and digits (a copy re-wrapped, pasted into ``<p>`` cells or with
    its figures changed keeps nearly all shingles). Candidates come from MinHash LSH
    (datasketch MinHash, 128 permutations; 18 bands of 7 rows for documents, 25 of 5 for
    goals and reasons: a pair at the threshold is a candidate with probability 0.99), and
    each candidate is verified with the exact Jaccard, which the finding reports.

    Thresholds: whole documents ≥ 0.8, goals and reason blocks ≥ 0.7. Different reports of
    the one template share headings, glossary and stock sentences: the five seeds measure
    0.01-0.24 between them (reason blocks ≤ 0.06, goals ≤ 0.03), while a report re-issued
    under another department and year measures 0.997 and a pasted goal 1.0. Goals and
    reasons are short, so one rewritten clause costs more shingles: hence 0.7. Texts under
    200 (document), 20 (goal) or 40 (reasons) masked characters are too generic to compare.
    Only pairs whose (department, year) differ count (a revision or a 汇总/本级 pair of one
    department and year is not a copy; a goal repeated inside one report is GOL003). When a
    whole document is a copy its goals and reasons are not reported again.

    Evidence: the title (document), the 预期目标 (goal) or the first reason (reasons), in
    this document's text; ``details.other`` names the partner, ``details.jaccard`` the
    similarity.

    Example: 乌鲁木齐市水利局's 2023 report re-issued as 乌鲁木齐市林业和草原局's 2022
    report with its figures changed → Jaccard 0.93 (once digits are masked only the name
    differs) → DUP001 on both, each naming the other.
    """
    return _only("DUP001", reports)


@corpus_rule(code="DUP002", severity="info", title="语料中的常见套话原因", example=DUP002_EXAMPLE)
def corpus_templates(reports: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """A reason is made of the corpus's most common template phrases (corpus check, run by
    ``jxscan batch`` after the per-document pass).

    Measure, after Lang & Stice-Lawrence (2015): each reason without its 主要原因是 lead-in,
    numbers masked, tokenised with jieba; its token 4-grams; the document frequency of every
    4-gram over the documents that state reasons. Template 4-grams are those in ≥ 30% and
    < 75% of documents: common enough to be stock phrasing, while the commonest are the
    form's own words and say nothing (dropped, as L&S-L do). A reason fires when ≥ 50% of its
    4-grams are templates: most of it could be pasted into any report. Needs ≥ 10 documents
    with reasons (document shares over fewer are noise); past 5,000 documents the shares
    are estimated on a fixed hash-chosen sample of 5,000 (standard error 0.65 points at 30%).

    Severity info: a template reason may still be true; RSN002 judges each reason alone,
    DUP002 says the corpus writes it everywhere.

    Example: ten 2023 reports, five of which explain their change with 根据财政部门统一安排部署，
    按照预算执行进度要求据实调整项目支出 (4-grams in 50% of documents) → DUP002 on each of
    those five; the five specific reasons (10% each) do not fire.
    """
    return _only("DUP002", reports)
