"""``jxscan eval``'s text report: the scores of :mod:`corpus.evaluate.score` as tables.

Sentences and headings come from the catalogue (``extract/messages/evaluate.py``, ids ``eval.*``) in
the current language; the column labels (code, planted, recalled, TP, P %, R % ...) are kept
as short ASCII labels so the fixed-width columns stay aligned in a terminal.
"""

from __future__ import annotations

from typing import Any

from extract.messages import t


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:6.1f}"


def format_text(res: dict[str, Any], lang: str | None = None) -> str:
    lines = []
    tm = res["timing"]
    lines.append(
        t(
            "eval.corpus_line",
            lang,
            manifest=res["manifest"],
            documents=tm["documents"],
            screen=tm["screen_seconds"],
            corpus=tm["corpus_seconds"],
        )
    )
    lines.append("")
    lines.append(
        f"{'code':<8}{'planted':>8}{'recalled':>9}{'findings':>9}{'TP':>6}{'FP':>6}{'P %':>8}{'R %':>8}"
    )
    for code, s in res["per_code"].items():
        lines.append(
            f"{code:<8}{s['planted']:>8}{s['recalled']:>9}{s['findings']:>9}{s['true_positives']:>6}"
            f"{s['false_positives']:>6}{_pct(s['precision']):>8}{_pct(s['recall']):>8}"
        )
    o = res["overall"]
    lines.append(
        f"{'all':<8}{o['planted']:>8}{o['recalled']:>9}{o['findings']:>9}{o['true_positives']:>6}"
        f"{o['findings'] - o['true_positives']:>6}{_pct(o['precision']):>8}{_pct(o['recall']):>8}"
    )
    if res.get("unlocated"):
        lines.append(t("eval.unlocated", lang, n=res["unlocated"]))
    lines.append("")
    lines.append(t("eval.extraction", lang))
    for name, s in res["extraction"].items():
        lines.append(f"  {name:<16}{s['correct']:>8}/{s['total']:<8}{_pct(s['accuracy'])} %")
    lines.append("")
    lines.append(t("eval.by_layout", lang))
    for lay, s in res["extraction_by_layout"].items():
        lines.append(
            f"  {lay:<16} tables {s['tables_found']}/{s['tables']}  rows {s['rows_found']}/{s['rows']}  "
            f"fields {s['correct']}/{s['fields']} ({_pct(s['accuracy']).strip()} %)"
        )
    for title, ext, fnd in (
        (t("eval.by_family", lang), None, "findings_by_family"),
        (t("eval.by_format", lang), "extraction_by_format", "findings_by_format"),
    ):
        if fnd not in res:
            continue
        lines.append("")
        lines.append(title)
        lines.extend(_group_lines(res, ext, fnd))
    if "findings_by_family" in res:
        lines.append("")
        lines.append(t("eval.recall_matrix", lang))
        lines.extend(_matrix(res["findings_by_family"]))
    if res.get("narrative"):
        lines += ["", format_narrative(res["narrative"], lang)]
    return "\n".join(lines)


def _group_lines(res: dict[str, Any], ext: str | None, fnd: str) -> list[str]:
    w = max([12, *(len(n) + 1 for n in res[fnd])])
    out = [
        f"  {'group':<{w}}{'docs':>5}{'planted':>8}{'recalled':>9}{'findings':>9}{'TP':>6}{'P %':>8}{'R %':>8}"
        + ("   extraction" if ext else "")
    ]
    for name, g in res[fnd].items():
        o = g["overall"]
        line = (
            f"  {name:<{w}}{g['documents']:>5}{o['planted']:>8}{o['recalled']:>9}{o['findings']:>9}"
            f"{o['true_positives']:>6}{_pct(o['precision']):>8}{_pct(o['recall']):>8}"
        )
        s = res[ext].get(name) if ext else None
        if s:
            line += (
                f"   tables {s['tables_found']}/{s['tables']}  rows {s['rows_found']}/{s['rows']}  "
                f"fields {s['correct']}/{s['fields']} ({_pct(s['accuracy']).strip()} %)"
            )
        out.append(line)
    return out


def _matrix(groups: dict[str, dict[str, Any]]) -> list[str]:
    names = list(groups)
    codes = sorted({c for g in groups.values() for c in g["per_code"]})
    out = ["  " + f"{'code':<8}" + "".join(f"{n[:11]:>12}" for n in names)]
    for code in codes:
        cells = []
        for n in names:
            s = groups[n]["per_code"].get(code)
            cells.append(f"{s['recalled']}/{s['planted']}" if s and s["planted"] else "-")
        out.append("  " + f"{code:<8}" + "".join(f"{c:>12}" for c in cells))
    return out


def format_narrative(nb: dict[str, Any], lang: str | None = None) -> str:
    lines = [
        t("eval.narr.families", lang),
        f"  {'family':<28}{'n':>6}{'found':>7}{'%':>7}{'w/chg':>7}{'%':>7}",
    ]
    for k, s in nb["explanations"].items():
        lines.append(
            f"  {k:<28}{s['explanations']:>6}{s['found']:>7}{_pct(s['found_rate']):>7}"
            f"{s['with_change']:>7}{_pct(s['with_change_rate']):>7}"
        )
    lines += [
        "",
        t("eval.narr.sections", lang),
        f"  {'family code':<26}{'planted':>8}{'recalled':>9}{'findings':>9}{'TP':>5}{'P %':>8}{'R %':>8}",
    ]
    for k, s in nb["codes"].items():
        lines.append(
            f"  {k:<26}{s['planted']:>8}{s['recalled']:>9}{s['findings']:>9}{s['true_positives']:>5}"
            f"{_pct(s['precision']):>8}{_pct(s['recall']):>8}"
        )
    lines += [
        "",
        t("eval.narr.forms", lang),
        f"  {'form code':<34}{'planted':>8}{'recalled':>9}{'findings':>9}{'TP':>5}{'P %':>8}{'R %':>8}",
    ]
    for k, s in nb.get("codes_by_form", {}).items():
        lines.append(
            f"  {k:<34}{s['planted']:>8}{s['recalled']:>9}{s['findings']:>9}{s['true_positives']:>5}"
            f"{_pct(s['precision']):>8}{_pct(s['recall']):>8}"
        )
    return "\n".join(lines)
