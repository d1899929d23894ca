"""Scoring ``jxscan eval``: a generated corpus screened, its findings and extracted tables
held against the generator's manifest and truth (the rules in the package docstring)."""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]{0,40}>")
ROW_FIELDS = (
    "target.op",
    "target.value",
    "target.unit",
    "actual.op",
    "actual.value",
    "actual.unit",
    "weight",
    "score",
)
BUDGET_FIELDS = ("initial", "adjusted", "executed", "rate", "weight", "score")


# ------------------------------------------------------------------ manifest


@dataclass
class Manifest:
    root: Path
    documents: list[dict[str, Any]]
    anomalies: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    # Planted but not placed in the text the tool reads (``"located": false``: a file reader
    # that reorders the span beyond recognition): not scored, counted apart.
    unlocated: list[dict[str, Any]] = field(default_factory=list)


def read_manifest(path: str | Path) -> Manifest:
    p = Path(path)
    docs, anomalies, meta, unlocated = [], [], {}, []
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            kind = rec.get("kind")
            if kind == "document":
                docs.append(rec)
            elif kind == "anomaly":
                (unlocated if rec.get("located") is False else anomalies).append(rec)
            elif kind == "corpus":
                meta = rec
    return Manifest(p.parent, docs, anomalies, meta, unlocated)


# ------------------------------------------------------------------ screening


def screen_corpus(m: Manifest, limit: int | None = None) -> tuple[dict[str, dict], dict[str, Any]]:
    """Report dicts by file (per-document checks plus DUP001/DUP002), and timings."""
    from classify.corpus_pass import analyse_corpus, merge_findings
    from extract.read import read_path
    from service.screen import screen_source

    t0 = time.perf_counter()
    reports: dict[str, dict] = {}
    pages = 0
    for d in m.documents[:limit]:
        src = read_path(m.root / d["file"])
        rep = screen_source(src, checks=True, include_text=True)
        reports[d["file"]] = rep
        pages += src.pages or 0
    t1 = time.perf_counter()
    files = list(reports)
    result = analyse_corpus([reports[f] for f in files])
    by_id = {reports[f]["doc_id"]: f for f in files}
    for doc_id, fs in result.findings.items():
        merge_findings(reports[by_id[doc_id]], fs)
    t2 = time.perf_counter()
    return reports, {
        "documents": len(files),
        "screen_seconds": round(t1 - t0, 2),
        "corpus_seconds": round(t2 - t1, 2),
        "pdf_pages": pages,
    }


# ------------------------------------------------------------------ precision / recall


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_findings(m: Manifest, reports: dict[str, dict]) -> dict[str, dict[str, Any]]:
    """Per code: anomalies planted, recalled; findings, true positives; precision, recall."""
    planted: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for a in m.anomalies:
        if a["file"] in reports:
            planted[(a["file"], a["code"])].append(a)
    stats: dict[str, Counter] = defaultdict(Counter)
    recalled: set[int] = set()
    for file, rep in reports.items():
        for f in rep.get("findings") or ():
            code = f["code"]
            stats[code]["findings"] += 1
            hits = [
                a
                for a in planted.get((file, code), ())
                if _overlap(f["start"], f["end"], a["start"], a["end"])
            ]
            if hits:
                stats[code]["tp"] += 1
                recalled.update(id(a) for a in hits)
            else:
                stats[code]["fp"] += 1
    for a in m.anomalies:
        if a["file"] not in reports:
            continue
        stats[a["code"]]["planted"] += 1
        if id(a) in recalled:
            stats[a["code"]]["recalled"] += 1
    out = {}
    for code in sorted(stats):
        s = stats[code]
        out[code] = {
            "planted": s["planted"],
            "recalled": s["recalled"],
            "findings": s["findings"],
            "true_positives": s["tp"],
            "false_positives": s["fp"],
            "precision": round(s["tp"] / s["findings"], 4) if s["findings"] else None,
            "recall": round(s["recalled"] / s["planted"], 4) if s["planted"] else None,
        }
    return out


def missed_anomalies(m: Manifest, reports: dict[str, dict]) -> list[dict]:
    """Planted anomalies no finding of their code overlaps (for the report's examples)."""
    out = []
    for a in m.anomalies:
        rep = reports.get(a["file"])
        if rep is None:
            continue
        if not any(
            f["code"] == a["code"] and _overlap(f["start"], f["end"], a["start"], a["end"])
            for f in rep.get("findings") or ()
        ):
            out.append(a)
    return out


def false_positives(m: Manifest, reports: dict[str, dict]) -> list[dict]:
    planted = defaultdict(list)
    for a in m.anomalies:
        planted[(a["file"], a["code"])].append(a)
    out = []
    for file, rep in reports.items():
        for f in rep.get("findings") or ():
            if not any(
                _overlap(f["start"], f["end"], a["start"], a["end"])
                for a in planted.get((file, f["code"]), ())
            ):
                out.append({"file": file, **{k: f[k] for k in ("code", "start", "end", "message")}})
    return out


# ------------------------------------------------------------------ extraction accuracy


def _key(s: str | None) -> str:
    return _WS.sub("", _TAG.sub("", s or ""))


def _num_eq(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def _unit_eq(a: Any, b: Any) -> bool:
    return _key(a) == _key(b)


def _kind_group(kind: str) -> str:
    return "project" if kind == "project" else "overall"


def match_tables(truth: list[dict], got: list[dict]) -> list[tuple[dict, dict | None]]:
    """Pair each truth table with an extracted one: same kind group, then title, then order."""
    free = list(range(len(got)))
    pairs: list[tuple[dict, dict | None]] = []
    for t in truth:
        group = _kind_group(t["kind"])
        cands = [i for i in free if _kind_group(got[i].get("kind", "")) == group]
        title = _key(t["title"])
        pick = next((i for i in cands if _key(got[i].get("title")) == title), None)
        if pick is None:
            pick = next((i for i in cands if title and title in _key(got[i].get("title"))), None)
        if pick is None and cands:
            pick = cands[0]
        if pick is not None:
            free.remove(pick)
        pairs.append((t, got[pick] if pick is not None else None))
    return pairs


def match_rows(truth: list[dict], got: list[dict]) -> list[tuple[dict, dict | None]]:
    free = list(range(len(got)))
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(got):
        by_name[_key(r.get("name"))].append(i)
    pairs: list[tuple[dict, dict | None]] = []
    pending = []
    for k, t in enumerate(truth):
        hit = next((i for i in by_name.get(_key(t["name"]), ()) if i in free), None)
        if hit is not None:
            free.remove(hit)
            pairs.append((t, got[hit]))
        else:
            pairs.append((t, None))
            pending.append(k)
    # Unmatched rows by position among the unmatched extracted rows.
    for k in pending:
        if free:
            i = min(free, key=lambda j: abs(j - k))
            free.remove(i)
            pairs[k] = (truth[k], got[i])
    return pairs


def _row_field(r: dict, name: str) -> Any:
    if "." in name:
        a, b = name.split(".")
        return (r.get(a) or {}).get(b)
    return r.get(name)


def _field_ok(name: str, truth: Any, got: Any) -> bool:
    if name.endswith(".unit"):
        return _unit_eq(truth, got)
    if name.endswith(".op"):
        return (truth or None) == (got or None)
    return _num_eq(truth, got)


@dataclass
class Accuracy:
    fields: Counter = field(default_factory=Counter)  # field -> correct
    totals: Counter = field(default_factory=Counter)  # field -> compared
    by_layout: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    by_format: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[dict] = field(default_factory=list)

    def add(self, name: str, ok: bool, layout: str, where: dict | None = None, fmt: str = "txt") -> None:
        self.totals[name] += 1
        self.by_layout[layout][name + ":n"] += 1
        self.by_format[fmt][name + ":n"] += 1
        if ok:
            self.fields[name] += 1
            self.by_layout[layout][name + ":ok"] += 1
            self.by_format[fmt][name + ":ok"] += 1
        elif where is not None and len(self.errors) < 2000:
            self.errors.append({**where, "field": name})

    def table(self) -> dict[str, dict[str, Any]]:
        order = [
            "tables_found",
            *(f"budget.{k}" for k in BUDGET_FIELDS),
            "declared_total",
            "rows_found",
            *ROW_FIELDS,
        ]
        keys = [k for k in order if k in self.totals] + [k for k in self.totals if k not in order]
        return {
            k: {
                "correct": self.fields[k],
                "total": self.totals[k],
                "accuracy": round(self.fields[k] / self.totals[k], 4) if self.totals[k] else None,
            }
            for k in keys
        }

    def layouts(self) -> dict[str, dict[str, Any]]:
        return _group_summary(self.by_layout)

    def formats(self) -> dict[str, dict[str, Any]]:
        return _group_summary(self.by_format)


def _group_summary(groups: dict[str, Counter]) -> dict[str, dict[str, Any]]:
    """Per group (a table layout, a file type): tables found, rows found, fields right."""
    out = {}
    for name, c in sorted(groups.items()):
        n = sum(v for k, v in c.items() if k.endswith(":n") and not k.startswith(("tables", "rows")))
        ok = sum(v for k, v in c.items() if k.endswith(":ok") and not k.startswith(("tables", "rows")))
        out[name] = {
            "fields": n,
            "correct": ok,
            "accuracy": round(ok / n, 4) if n else None,
            "tables_found": c["tables_found:ok"],
            "tables": c["tables_found:n"],
            "rows_found": c["rows_found:ok"],
            "rows": c["rows_found:n"],
        }
    return out


def compare_extraction(truth: dict, rep: dict, acc: Accuracy, fmt: str | None = None) -> None:
    file = truth["file"]
    fmt = fmt or truth.get("format") or "txt"
    for t, g in match_tables(truth["tables"], rep.get("tables") or []):
        layout = t.get("layout") or "?"
        where = {"file": file, "table": t["title"], "layout": layout}

        def add(name: str, ok: bool, at: dict | None, layout: str = layout) -> None:
            acc.add(name, ok, layout, at, fmt)

        add("tables_found", g is not None, where)
        budget = (g or {}).get("budget") or {}
        for k in BUDGET_FIELDS:
            if t["budget"].get(k) is None:
                continue
            add(f"budget.{k}", g is not None and _num_eq(t["budget"][k], budget.get(k)), where)
        add("declared_total", g is not None and _num_eq(t["declared_total"], g.get("declared_total")), where)
        for tr, gr in match_rows(t["rows"], (g or {}).get("rows") or []):
            rw = {**where, "row": tr["name"]}
            add("rows_found", gr is not None and _key(gr.get("name")) == _key(tr["name"]), rw)
            for name in ROW_FIELDS:
                ok = gr is not None and _field_ok(name, _row_field(tr, name), _row_field(gr, name))
                add(
                    name,
                    ok,
                    {**rw, "truth": _row_field(tr, name), "got": _row_field(gr, name) if gr else None}
                    if not ok
                    else None,
                )


def extraction_accuracy(m: Manifest, reports: dict[str, dict]) -> Accuracy:
    acc = Accuracy()
    for d in m.documents:
        rep = reports.get(d["file"])
        if rep is None:
            continue
        truth = json.loads((m.root / d["truth"]).read_text(encoding="utf-8"))
        compare_extraction(truth, rep, acc, d.get("format"))
    return acc


# ------------------------------------------------------------------ narrative: explanations and codes by form family

# The form tags the generator records per statement (corpus/generator/narr_forms.py), in
# the order they are reported.
FORM_DIMS = ("style", "section", "marker", "position", "base", "order", "unit", "punct", "cause")


def _close(a: Any, b: Any) -> bool:
    try:
        return abs(float(a) - float(b)) <= max(0.011, 1e-4 * abs(float(a)))
    except (TypeError, ValueError):
        return False


def change_matches(truth: dict, got: dict | None) -> bool:
    """The extracted change is the stated one: same direction, and every figure the truth
    states that the extraction has is equal (at least one when the truth states any)."""
    if not got or got.get("direction") != truth.get("direction"):
        return False
    pairs = [(truth[k], got.get(k)) for k in ("amount", "rate") if truth.get(k) is not None]
    if not pairs:
        return True
    seen = [(t, g) for t, g in pairs if g is not None]
    return bool(seen) and all(_close(t, g) for t, g in seen)


def _region_family(regions: list[dict], pos: int) -> str | None:
    for r in regions:
        if r.get("located") is not False and r["start"] <= pos < r["end"]:
            return r["family"]
    return None


def narrative_breakdown(m: Manifest, reports: dict[str, dict]) -> dict[str, Any]:
    """Per form family (each tag of each statement: style, section, marker, position, base,
    order, unit, punctuation): explanations in the truth, found (an extracted reason overlaps
    it), and found with their change (:func:`change_matches`); per section family and code,
    planted / recalled / findings / true positives (a finding belongs to the section region
    it starts in); and the same per statement form and code (an anomaly has its statement's
    tags, a finding those of the statement it overlaps most)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    codes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_form: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (dim=value, code)
    planted = defaultdict(list)
    for a in m.anomalies:
        planted[(a["file"], a["code"])].append(a)
    for d in m.documents:
        rep = reports.get(d["file"])
        if rep is None:
            continue
        truth = json.loads((m.root / d["truth"]).read_text(encoding="utf-8"))
        narr = truth.get("narrative")
        if not narr:
            continue
        got = [r for r in rep.get("reasons") or () if r.get("kind") != "missing"]
        for rec in narr["reasons"]:
            if rec.get("located") is False:
                continue
            hits = [g for g in got if _overlap(g["start"], g["end"], rec["start"], rec["end"])]
            ok_change = any(change_matches(rec["change"], g.get("change")) for g in hits)
            tags = {"style": narr["style"], **rec.get("tags", {})}
            for dim in ("all", *FORM_DIMS):
                val = "all" if dim == "all" else tags.get(dim)
                if val is None:
                    continue
                c = counts[f"{dim}={val}" if dim != "all" else "all"]
                c["explanations"] += 1
                c["found"] += bool(hits)
                c["with_change"] += ok_change
        regions = narr.get("regions") or []
        stmts = [
            (r["stmt_start"], r["stmt_end"], {"style": narr["style"], **r.get("tags", {})})
            for r in narr["reasons"] + narr.get("unexplained", [])
            if "stmt_start" in r and r.get("located") is not False
        ]
        for f in rep.get("findings") or ():
            fam = _region_family(regions, f["start"])
            if fam is None:
                continue
            tp = any(
                _overlap(f["start"], f["end"], a["start"], a["end"])
                for a in planted.get((d["file"], f["code"]), ())
            )
            c = codes[(fam, f["code"])]
            c["findings"] += 1
            c["tp"] += tp
            # The statement the finding overlaps most gives its form tags.
            best = max(stmts, key=lambda x: min(x[1], f["end"]) - max(x[0], f["start"]), default=None)
            tags = best[2] if best and _overlap(best[0], best[1], f["start"], f["end"]) else None
            for dim in FORM_DIMS if tags else ():
                if tags.get(dim) is not None:
                    c = by_form[(f"{dim}={tags[dim]}", f["code"])]
                    c["findings"] += 1
                    c["tp"] += tp
    styles = {d["file"]: d.get("narrative", "seed") for d in m.documents}
    for a in m.anomalies:
        if a["file"] in reports and a.get("family") not in (None, "tables", "perf", "document"):
            c = codes[(a["family"], a["code"])]
            c["planted"] += 1
            rep = reports[a["file"]]
            hit = any(
                f["code"] == a["code"] and _overlap(f["start"], f["end"], a["start"], a["end"])
                for f in rep.get("findings") or ()
            )
            c["recalled"] += hit
            forms = {"style": styles.get(a["file"], "seed"), **(a.get("forms") or {})}
            forms.setdefault("section", "seed" if a["family"].startswith("seed") else a["family"])
            for dim in FORM_DIMS:
                val = forms.get(dim)
                if val is not None:
                    c = by_form[(f"{dim}={val}", a["code"])]
                    c["planted"] += 1
                    c["recalled"] += hit

    def ratio(x: int, n: int) -> float | None:
        return round(x / n, 4) if n else None

    families = {
        k: {
            "explanations": c["explanations"],
            "found": c["found"],
            "with_change": c["with_change"],
            "found_rate": ratio(c["found"], c["explanations"]),
            "with_change_rate": ratio(c["with_change"], c["explanations"]),
        }
        for k, c in sorted(counts.items())
    }
    per_code = {
        f"{fam} {code}": {
            "planted": c["planted"],
            "recalled": c["recalled"],
            "findings": c["findings"],
            "true_positives": c["tp"],
            "precision": ratio(c["tp"], c["findings"]),
            "recall": ratio(c["recalled"], c["planted"]),
        }
        for (fam, code), c in sorted(codes.items())
    }
    per_form = {
        f"{form} {code}": {
            "planted": c["planted"],
            "recalled": c["recalled"],
            "findings": c["findings"],
            "true_positives": c["tp"],
            "precision": ratio(c["tp"], c["findings"]),
            "recall": ratio(c["recalled"], c["planted"]),
        }
        for (form, code), c in sorted(by_form.items())
    }
    return {"explanations": families, "codes": per_code, "codes_by_form": per_form}


# ------------------------------------------------------------------ per table family and file type


def doc_family(d: dict) -> str:
    """A document's table family: its project tables' layout (``pdf`` for a PDF in the
    seeds' form, whose text twin is laid out as ``tab``)."""
    layout = str(d.get("layout") or "?")
    return "pdf" if d.get("format") == "pdf" and not layout.startswith("file_") else layout


def doc_format(d: dict) -> str:
    return str(d.get("format") or Path(d["file"]).suffix.lstrip(".") or "txt")


def findings_by(m: Manifest, reports: dict[str, dict], group: Any) -> dict[str, dict[str, Any]]:
    """Precision and recall per code within each group of documents (``group(doc) -> name``)."""
    files: dict[str, list[dict]] = defaultdict(list)
    for d in m.documents:
        if d["file"] in reports:
            files[group(d)].append(d)
    out = {}
    for name in sorted(files):
        docs = files[name]
        keep = {d["file"] for d in docs}
        sub = Manifest(m.root, docs, [a for a in m.anomalies if a["file"] in keep], m.meta)
        per_code = score_findings(sub, {f: reports[f] for f in keep})
        out[name] = {"documents": len(docs), "per_code": per_code, "overall": _overall(per_code)}
    return out


def _overall(per_code: dict[str, dict[str, Any]]) -> dict[str, Any]:
    tp = sum(v["true_positives"] for v in per_code.values())
    nf = sum(v["findings"] for v in per_code.values())
    rec = sum(v["recalled"] for v in per_code.values())
    npl = sum(v["planted"] for v in per_code.values())
    return {
        "planted": npl,
        "recalled": rec,
        "findings": nf,
        "true_positives": tp,
        "precision": round(tp / nf, 4) if nf else None,
        "recall": round(rec / npl, 4) if npl else None,
    }


# ------------------------------------------------------------------ the command


def evaluate(manifest: str | Path, limit: int | None = None) -> dict[str, Any]:
    m = read_manifest(manifest)
    reports, timing = screen_corpus(m, limit)
    per_code = score_findings(m, reports)
    acc = extraction_accuracy(m, reports)
    return {
        "manifest": str(manifest),
        "corpus": m.meta,
        "timing": timing,
        "per_code": per_code,
        "overall": _overall(per_code),
        "unlocated": len([a for a in m.unlocated if a["file"] in reports]),
        "extraction": acc.table(),
        "extraction_by_layout": acc.layouts(),
        "extraction_by_format": acc.formats(),
        "findings_by_family": findings_by(m, reports, doc_family),
        "findings_by_format": findings_by(m, reports, doc_format),
        "missed": missed_anomalies(m, reports)[:200],
        "false_positives": false_positives(m, reports)[:200],
        "extraction_errors": acc.errors[:200],
        "narrative": narrative_breakdown(m, reports),
    }
