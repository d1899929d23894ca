"""``jxscan report``: static HTML pages for analysts (docs/reports.md).

One page per document -- its findings list, its tables with the flagged rows marked, its
reasons, and its text with every finding's evidence highlighted as ``<mark id="m-N">``
and linked both ways with finding ``f-N`` -- and ``index.html``: documents ranked by risk,
counts per code, an inline SVG histogram of the risk distribution, corpus statistics.
No JavaScript, no fonts or styles from the network; every value is escaped (jinja2
autoescape, and ``markupsafe.escape`` for the highlighted text built here).

Input: report dicts (``service.screen.screen_source(..., include_text=True)``) from JSONL
files or from a ``jxscan batch`` database. A report stored without its text gets it back
from its file when that file still has the same sha256 (its ``doc_id``).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from extract.messages import current_lang
from extract.messages import t as say

from .explain import explain
from .report_inputs import DbReports, _connect_existing, db_corpus_stats, db_reports, read_jsonl, restore_text
from .workers import tool_version

TEMPLATES = Path(__file__).resolve().parent / "templates"

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
EVIDENCE_SHORT = 240


def _label(prefix: str, key: Any) -> str:
    """A code's label in the current language (``status.met`` -> 达成), or the code itself."""
    try:
        return say(f"{prefix}.{key}")
    except KeyError:
        return str(key or "")


def _rule_titles() -> dict[str, str]:
    try:
        from classify.rules import all_rules

        from .rule_docs import rule_title

        return {r.code: rule_title(r) for r in all_rules()}  # DUP001/DUP002 included
    except Exception:  # noqa: BLE001 - pages render without rule titles rather than not at all
        return {}


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    lang = current_lang()
    env.globals.update(
        version=tool_version(),
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        t=say,
        _=say,
        html_lang="zh-CN" if lang == "zh" else "en",
    )
    return env


_SAFE = re.compile(r"[^0-9A-Za-z_-]")


def page_name(doc_id: str) -> str:
    """The file name of a document's page (doc_id is hex; anything else is dropped)."""
    return f"doc-{_SAFE.sub('', doc_id)[:24] or 'unknown'}.html"


def _num(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


# --- findings and the highlighted text ------------------------------------------------------


@dataclass
class _F:
    """One finding prepared for a page."""

    n: int
    raw: dict[str, Any]
    marked: bool
    start: int
    end: int

    @property
    def fid(self) -> str:
        return f"f-{self.n}"

    @property
    def mid(self) -> str:
        return f"m-{self.n}"

    @property
    def severity(self) -> str:
        s = self.raw.get("severity")
        return s if s in SEVERITY_ORDER else "info"

    @property
    def code(self) -> str:
        return str(self.raw.get("code") or "")


def prepare_findings(report: dict[str, Any], text: str | None) -> list[_F]:
    """Findings in page order (errors first, then by position), numbered from 1; ``marked``
    when the evidence is exactly ``text[start:end]`` so it can be highlighted."""
    fs = list(report.get("findings") or ())
    order = sorted(
        range(len(fs)),
        key=lambda i: (SEVERITY_ORDER.get(fs[i].get("severity"), 3), _int(fs[i].get("start"), 1 << 62), i),
    )
    out = []
    for n, i in enumerate(order, 1):
        f = fs[i]
        s, e = _int(f.get("start"), -1), _int(f.get("end"), -1)
        ok = text is not None and 0 <= s < e <= len(text) and text[s:e] == f.get("evidence")
        out.append(_F(n, f, ok, s, e))
    return out


def _int(v: Any, default: int) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) else default


def marked_text(text: str, findings: list[_F]) -> Markup:
    """The text, escaped, with each marked finding's evidence in ``<mark>`` elements.

    Evidence spans may nest or cross, so the text is cut at every span boundary and each
    piece is wrapped in one ``<mark>`` per finding covering it (outermost the widest); the
    first piece of finding N carries ``id="m-N"`` and is preceded by a link ``[N]`` to
    the finding.
    """
    spans = [f for f in findings if f.marked]
    bounds = sorted({0, len(text)} | {f.start for f in spans} | {f.end for f in spans})
    starting: dict[int, list[_F]] = defaultdict(list)
    for f in spans:
        starting[f.start].append(f)
    out: list[str] = []
    active: list[_F] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        new = starting.get(a, [])
        active = [f for f in active if f.end > a] + new
        active.sort(key=lambda f: (f.start, -f.end, f.n))
        for f in sorted(new, key=lambda f: f.n):
            title = f"{f.code} {f.raw.get('message') or ''}"
            out.append(Markup('<a class="ref" href="#{}" title="{}">[{}]</a>').format(f.fid, title, f.n))
        piece = escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        for f in active:
            ident = Markup(' id="{}"').format(f.mid) if f.start == a else ""
            out.append(Markup('<mark class="sev-{}" data-f="{}"{}>').format(f.severity, f.fid, ident))
        out.append(piece)
        out.append(Markup("</mark>") * len(active))
    return Markup("").join(out)


def _refs(findings: list[_F], start: Any, end: Any) -> list[_F]:
    """Findings whose span overlaps [start, end)."""
    s, e = _int(start, -1), _int(end, -1)
    if s < 0 or e <= s:
        return []
    return [f for f in findings if f.start >= 0 and f.start < e and f.end > s]


def _worst(refs: list[_F]) -> str:
    return min((f.severity for f in refs), key=lambda s: SEVERITY_ORDER[s], default="info")


def _quantity(q: dict[str, Any] | None) -> str:
    if not q:
        return ""
    return str(q.get("raw") or "")


def _table_views(report: dict[str, Any], findings: list[_F]) -> tuple[list[dict], dict[int, str]]:
    """Tables with their rows' overlapping findings; and finding n → anchor of its table."""
    views, anchor_of = [], {}
    for k, t in enumerate(report.get("tables") or (), 1):
        anchor = f"t-{k}"
        rows, funds, in_rows = [], [], set()
        for r in t.get("rows") or ():
            refs = _refs(findings, r.get("start"), r.get("end"))
            in_rows.update(f.n for f in refs)
            rows.append(
                {
                    "level1": r.get("level1") or "",
                    "level2": r.get("level2") or "",
                    "name": r.get("name") or "",
                    "target": _quantity(r.get("target")),
                    "actual": _quantity(r.get("actual")),
                    "weight": _num(r.get("weight")),
                    "score": _num(r.get("score")),
                    "status": _label("status", r.get("status")),
                    "refs": refs,
                    "worst": _worst(refs),
                }
            )
        fund_rows = ([t["budget"]] if t.get("budget") else []) + list(t.get("funds") or ())
        seen = set()
        for fr in fund_rows:
            key = (fr.get("start"), fr.get("end"), fr.get("name"))
            if key in seen:
                continue
            seen.add(key)
            refs = _refs(findings, fr.get("start"), fr.get("end"))
            in_rows.update(f.n for f in refs)
            funds.append(
                {
                    "name": fr.get("name") or "",
                    "initial": _num(fr.get("initial")),
                    "adjusted": _num(fr.get("adjusted")),
                    "executed": _num(fr.get("executed")),
                    "rate": _num(fr.get("rate")),
                    "weight": _num(fr.get("weight")),
                    "score": _num(fr.get("score")),
                    "refs": refs,
                    "worst": _worst(refs),
                }
            )
        goal = None
        g = t.get("goal")
        if g:
            es, as_ = g.get("expected_span") or (None, None), g.get("actual_span") or (None, None)
            e_refs, a_refs = _refs(findings, *es), _refs(findings, *as_)
            in_rows.update(f.n for f in e_refs + a_refs)
            goal = {
                "expected": g.get("expected") or "",
                "actual": g.get("actual") or "",
                "similarity": g.get("similarity"),
                "expected_refs": e_refs,
                "actual_refs": a_refs,
            }
        table_refs = _refs(findings, t.get("start"), t.get("end"))
        for f in table_refs:
            anchor_of.setdefault(f.n, anchor)
        views.append(
            {
                "anchor": anchor,
                "title": t.get("title") or "",
                "kind_label": _label("kind", t.get("kind")),
                "rows": rows,
                "funds": funds,
                "goal": goal,
                "declared_total": t.get("declared_total"),
                "refs": [f for f in table_refs if f.n not in in_rows],
            }
        )
    return views, anchor_of


def _change(c: dict[str, Any] | None) -> str:
    """The change as a direction word and magnitudes (减少1.28万元，下降14.07%): one sign
    convention for the page, whatever signs the extracted amount and rate carry."""
    from .explain import FORMATS

    return FORMATS["change"](c, current_lang()) if c else ""


def _reason_views(report: dict[str, Any], findings: list[_F]) -> list[dict]:
    out = []
    for r in report.get("reasons") or ():
        refs = _refs(findings, r.get("start"), r.get("end"))
        out.append(
            {
                "item": r.get("item") or r.get("table") or "",
                "change": _change(r.get("change")),
                "text": r.get("text") or "",
                "cause": r.get("cause") or "",
                "quality": _label("quality", r.get("quality")),
                "refs": refs,
                "worst": _worst(refs),
            }
        )
    return out


def display_title(report: dict[str, Any]) -> str:
    return str(report.get("title") or report.get("source") or report.get("doc_id") or say("report.untitled"))


def risk_text(risk: Any) -> str:
    return f"{risk:.1f}" if isinstance(risk, int | float) else "—"


def render_document(
    report: dict[str, Any],
    env: Environment | None = None,
    titles: dict[str, str] | None = None,
    text_missing: str = "",
) -> str:
    """The HTML page of one report."""
    env = env or _env()
    titles = titles if titles is not None else _rule_titles()
    text = report.get("text") if isinstance(report.get("text"), str) else None
    findings = prepare_findings(report, text)
    tables, anchor_of = _table_views(report, findings)
    items = []
    for f in findings:
        ev = str(f.raw.get("evidence") or "")
        details = f.raw.get("details")
        other = (details or {}).get("other") if isinstance(details, dict) else None
        items.append(
            {
                "fid": f.fid,
                "mid": f.mid,
                "n": f.n,
                "marked": f.marked,
                "code": f.code,
                "severity": f.severity,
                "severity_label": _label("severity", f.severity),
                "rule_title": titles.get(f.code, ""),
                "message": f.raw.get("message") or "",
                "location": f.raw.get("location") or "",
                "explanation": explain(f.raw),
                "evidence": ev,
                "evidence_short": ev if len(ev) <= EVIDENCE_SHORT else ev[:EVIDENCE_SHORT] + "……",
                "details_json": json.dumps(details, ensure_ascii=False, indent=1) if details else "",
                "table_anchor": anchor_of.get(f.n),
                "page": f.raw.get("page"),
                "other_page": page_name(other["doc_id"])
                if isinstance(other, dict) and other.get("doc_id")
                else None,
            }
        )
    counts = {s: 0 for s in SEVERITY_ORDER} | dict(report.get("counts") or {})
    doc = {
        "display_title": display_title(report),
        "department": report.get("department"),
        "year": report.get("year"),
        "source": report.get("source"),
        "doc_id": report.get("doc_id") or "",
        "risk_text": risk_text(report.get("risk")),
        "counts": counts,
    }
    return env.get_template("document.html").render(
        doc=doc,
        findings=items,
        tables=tables,
        reasons=_reason_views(report, findings),
        text_html=marked_text(text, findings) if text is not None else None,
        text_missing=text_missing or say("report.no_text_field"),
    )


# --- the index ------------------------------------------------------------------------------


@dataclass
class DocSummary:
    doc_id: str
    page: str
    display_title: str
    title: str | None
    source: str | None
    department: str | None
    year: int | None
    risk: float | None
    counts: dict[str, int]
    top_codes: list[tuple[str, int]]

    @property
    def risk_text(self) -> str:
        return risk_text(self.risk)


def rank_key(d: DocSummary) -> tuple:
    """Riskiest first, documents without a risk after, ties by source (as store.RANK_ORDER)."""
    return (d.risk is None, -(d.risk or 0.0), d.source or "", d.doc_id)


@dataclass
class Site:
    """What the index needs, gathered while the pages are written."""

    docs: list[DocSummary] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    code_findings: Counter = field(default_factory=Counter)
    code_docs: Counter = field(default_factory=Counter)
    code_severity: dict[str, str] = field(default_factory=dict)

    def add(self, report: dict[str, Any]) -> DocSummary:
        codes = Counter(str(f.get("code")) for f in report.get("findings") or ())
        for f in report.get("findings") or ():
            self.code_severity.setdefault(str(f.get("code")), f.get("severity") or "info")
        self.code_findings.update(codes)
        self.code_docs.update(codes.keys())
        counts = {s: 0 for s in SEVERITY_ORDER} | {k: v for k, v in (report.get("counts") or {}).items()}
        risk = report.get("risk")
        s = DocSummary(
            doc_id=str(report.get("doc_id") or ""),
            page="docs/" + page_name(str(report.get("doc_id") or "")),
            display_title=display_title(report),
            title=report.get("title"),
            source=report.get("source"),
            department=report.get("department"),
            year=report.get("year"),
            risk=float(risk) if isinstance(risk, int | float) else None,
            counts=counts,
            top_codes=codes.most_common(4),
        )
        self.docs.append(s)
        return s


HIST_BINS = 10


def histogram(risks: Iterable[float | None], width: int = 640, height: int = 240) -> dict[str, Any]:
    """Geometry of the risk histogram (ten bins of 10 points; 100 falls in the last)."""
    counts = [0] * HIST_BINS
    none = 0
    for r in risks:
        if r is None:
            none += 1
            continue
        counts[min(HIST_BINS - 1, max(0, int(r // 10)))] += 1
    left, top, base = 16, 24, height - 36
    slot = (width - left - 8) / HIST_BINS
    peak = max(counts) or 1
    bins = []
    for i, c in enumerate(counts):
        h = round((base - top) * c / peak, 1)
        x = round(left + i * slot + 3, 1)
        bins.append(
            {
                "lo": i * 10,
                "label": f"{i * 10}–{i * 10 + 10}",
                "count": c,
                "x": x,
                "w": round(slot - 6, 1),
                "h": h,
                "y": round(base - h, 1),
                "cx": round(x + (slot - 6) / 2, 1),
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "base": base,
        "bins": bins,
        "total": sum(counts),
        "no_risk": none,
    }


def _corpus_view(stats: dict[str, Any] | None, site: Site) -> dict[str, Any] | None:
    if not stats:
        return None
    dup001, dup002 = stats.get("dup001") or {}, stats.get("dup002") or {}
    from classify.corpus import MIN_DOCS_DUP002, SHINGLE
    from classify.rules.dup import near_copies

    return {
        "shingle": SHINGLE,
        "min_docs": MIN_DOCS_DUP002,
        "thresholds": dup001.get("thresholds") or {"document": 0.8, "goal": 0.7},
        "dup001_findings": site.code_findings.get(near_copies.rule_code, 0),
        "dup002": dup002,
        "templates": (dup002.get("top_templates") or [])[:15],
        "stickiness": stats.get("stickiness") or [],
    }


def render_index(
    site: Site,
    stats: dict[str, Any] | None = None,
    top: int | None = None,
    env: Environment | None = None,
    titles: dict[str, str] | None = None,
) -> str:
    env = env or _env()
    titles = titles if titles is not None else _rule_titles()
    ranked = sorted(site.docs, key=rank_key)
    shown = ranked if top is None else ranked[:top]
    codes = [
        {
            "code": c,
            "title": titles.get(c, ""),
            "severity": site.code_severity.get(c, "info"),
            "severity_label": _label("severity", site.code_severity.get(c, "info")),
            "findings": n,
            "documents": site.code_docs[c],
        }
        for c, n in sorted(site.code_findings.items(), key=lambda x: (-x[1], x[0]))
    ]
    totals = {
        "documents": len(site.docs) + len(site.failed),
        "ok": len(site.docs),
        "failed": len(site.failed),
        "findings": sum(site.code_findings.values()),
    }
    for s in SEVERITY_ORDER:
        totals[s] = sum(d.counts.get(s, 0) for d in site.docs)
    return env.get_template("index.html").render(
        totals=totals,
        ranking=shown,
        truncated=len(shown) < len(ranked),
        codes=codes,
        hist=histogram(d.risk for d in site.docs),
        failed=site.failed,
        corpus=_corpus_view(stats, site),
    )


def build_site(
    reports: Iterable[dict[str, Any]],
    out: str | Path,
    stats: dict[str, Any] | None = None,
    failed: Iterable[dict[str, str]] = (),
    top: int | None = None,
) -> Site:
    """Write ``out/index.html`` and ``out/docs/doc-*.html``; reports are consumed one at a time."""
    out = Path(out)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    env, titles = _env(), _rule_titles()
    site = Site()
    for rep in reports:
        summary = site.add(rep)
        html = render_document(rep, env, titles, text_missing=rep.pop("_text_missing", ""))
        (out / summary.page).write_text(html, encoding="utf-8")
    site.failed.extend(failed)
    (out / "index.html").write_text(render_index(site, stats, top, env, titles), encoding="utf-8")
    return site


# --- the command ----------------------------------------------------------------------------


def _err(msg: str) -> None:
    print(f"jxscan: {msg}", file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    if not args.db and not args.reports:
        _err(say("report.need_input"))
        return 2
    try:
        stats = None
        failed: list[dict[str, str]] = []
        if args.db:
            conn = _connect_existing(args.db)
            if args.corpus_checks:
                from classify.corpus_pass import analyse_corpus

                result = analyse_corpus(DbReports(conn))
                stats = result.stats
            else:
                result, stats = None, db_corpus_stats(conn)
            reports, failed = db_reports(conn)
        else:
            loaded = [restore_text(r, r.get("source")) for r in read_jsonl(args.reports)]
            result = None
            if args.corpus_checks:
                from classify.corpus_pass import analyse_corpus

                result = analyse_corpus(loaded)
                stats = result.stats
            reports = iter(loaded)
        if result is not None:
            reports = _merged(reports, result.findings)
        site = build_site(reports, args.out, stats=stats, failed=failed, top=args.top)
    except (OSError, ValueError, sqlite3.Error) as e:
        _err(f"report: {e}")
        return 2
    print(
        "jxscan report: "
        + say(
            "report.done", docs=len(site.docs), failed=len(site.failed), path=Path(args.out) / "index.html"
        ),
        file=sys.stderr,
    )
    return 0


def _merged(
    reports: Iterable[dict[str, Any]], found: dict[str, list[dict[str, Any]]]
) -> Iterator[dict[str, Any]]:
    from classify.corpus_pass import merge_findings

    for rep in reports:
        yield merge_findings(rep, found.get(str(rep.get("doc_id")), []))


def add_report_parser(subparsers) -> argparse.ArgumentParser:
    """``jxscan report [REPORTS.jsonl ...] [--db results.sqlite] --out DIR``."""
    p = subparsers.add_parser("report", help=say("report.help"), description=say("report.description"))
    p.add_argument("reports", nargs="*", metavar="REPORTS", help=say("report.arg.reports"))
    p.add_argument("--db", help=say("report.arg.db"))
    p.add_argument("--out", required=True, metavar="DIR", help=say("report.arg.out"))
    p.add_argument("--corpus-checks", action="store_true", help=say("report.arg.corpus_checks"))
    p.add_argument("--top", type=int, default=5000, metavar="N", help=say("report.arg.top"))
    p.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jxscan")
    add_report_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
