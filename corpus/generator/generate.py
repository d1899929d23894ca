"""``jxscan generate``: a corpus of reports, their truth, and the manifest of planted anomalies.

Layout of ``--out DIR``::

    DIR/manifest.jsonl        one line per document ("kind": "document") and per planted
                              anomaly ("kind": "anomaly"), after a "kind": "corpus" header
    DIR/docs/00000.txt|.pdf   the reports
    DIR/truth/00000.json      what each report's tables state (for extraction accuracy)

Same ``--seed`` → byte-identical files: every random draw comes from ``random.Random``
seeded with the corpus seed and the document index (string seeds hash with SHA-512, not
with Python's per-process hash), no set of strings is ever iterated, and the PDFs are
written with reportlab's invariant mode (no timestamps, fixed document id).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .agencies import AGENCIES
from .build import build_doc
from .model import DocModel
from .narr_sections import harmonise
from .narr_truth import family_of, narrative_style, narrative_truth
from .regions import REGIONS
from .render import render_text
from .spans import count_before, nth
from .truth import doc_truth

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)


@dataclass
class DocPlan:
    index: int
    region: int
    agency: int
    year: int
    pdf: bool = False
    codes: list[str] = field(default_factory=list)  # per-document codes to plant
    copy_of: int | None = None  # DUP001: a re-issued copy of that document
    copy_kind: str = ""  # document | document_year | goal
    stock: bool = False  # DUP002: carries the corpus's stock reason
    fmt: str = ""  # txt | pdf | html | docx | xlsx (set by assign_formats; "" = txt or pdf)

    @property
    def ext(self) -> str:
        return "pdf" if self.pdf else (self.fmt or "txt")


def plan_corpus(n: int, seed: int, pdf_share: float, narrative: str = "mixed") -> list[DocPlan]:
    """Who each document is and what is planted in it (decided before any is built)."""
    from .plant import FORMS_ONLY_CODES, plan_plants

    rng = random.Random(f"corpus:{seed}")
    seen: set[tuple[int, int, int]] = set()
    plans: list[DocPlan] = []
    for i in range(n):
        for _ in range(1000):
            key = (rng.randrange(len(REGIONS)), rng.randrange(len(AGENCIES)), rng.choice(YEARS))
            if key not in seen:
                break
        seen.add(key)
        plans.append(DocPlan(i, key[0], key[1], key[2]))
    n_pdf = round(n * pdf_share)
    for i in sorted(rng.sample(range(n), n_pdf)) if n_pdf else []:
        plans[i].pdf = True
    plan_plants(rng, plans, extra_codes=() if narrative == "seed" else FORMS_ONLY_CODES)
    return plans


def build_planned(p: DocPlan, seed: int) -> DocModel:
    return build_doc(p.index, f"{seed}", REGIONS[p.region], AGENCIES[p.agency], p.year)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def real_family(doc: DocModel, share: float) -> None:
    """Render the document's tables in a family of real-forms 6.2 (a ``share`` of them)."""
    from .layouts_real import draw_family

    if share and random.Random(f"{doc.seed}:{doc.index}:real").random() < share:
        doc.layout, doc.overall_layout = draw_family(doc.seed, doc.index)


def assign_formats(plans: list[DocPlan], seed: int, formats: dict[str, float]) -> None:
    """The file type of each non-PDF document, drawn by the shares of ``formats`` (a DUP001
    re-issued copy takes its source's type, text for a PDF source: its model is the source's)."""
    shares = {k: v for k, v in formats.items() if k != "pdf" and v > 0}
    if not shares:
        shares = {"txt": 1.0}
    kinds = sorted(shares)
    for p in plans:
        if p.pdf:
            continue
        if p.copy_of is not None and p.copy_kind != "goal":
            src = plans[p.copy_of]  # an earlier document: its type is already drawn
            p.fmt = "txt" if src.pdf else (src.fmt or "txt")
            continue
        rng = random.Random(f"formats:{seed}:{p.index}")
        p.fmt = rng.choices(kinds, [shares[k] for k in kinds])[0]


def generate(
    n: int,
    seed: int,
    out: str | Path,
    pdf_share: float = 0.1,
    progress: Callable[[int, int], None] | None = None,
    narrative: str = "mixed",
    real_share: float = 0.0,
    formats: dict[str, float] | None = None,
) -> dict[str, Any]:
    """``formats`` (e.g. {"txt": .5, "pdf": .1, "html": .15, "docx": .15, "xlsx": .1})
    replaces ``pdf_share``; ``real_share`` of the text reports take a real-forms family."""
    from .filetypes import FILE_FORMATS, read_text, relocate, render_file_doc, write_file
    from .pdf import render_doc_pdf
    from .plant import apply_plants, locate

    out = Path(out)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if formats is not None:
        pdf_share = formats.get("pdf", 0.0) / (sum(formats.values()) or 1.0)
    plans = plan_corpus(n, seed, pdf_share, narrative)
    if formats is not None:
        assign_formats(plans, seed, formats)
    doc_lines: list[dict] = []
    anomaly_lines: list[dict] = []
    built: dict[int, tuple] = {}  # sources of later copies (index -> model, text, spans)
    sources = {p.copy_of for p in plans if p.copy_of is not None}
    extra: dict[int, list[dict]] = {}  # anomalies recorded on earlier documents (copied sources)
    for p in plans:
        doc = build_planned(p, seed)
        doc.pdf = p.pdf
        doc.style["narr"] = narrative_style(narrative, seed, p.index)
        doc.style["forms_seed"] = f"{seed}:{p.index}"
        if doc.style["narr"] == "forms":
            harmonise(doc)
        fmt = p.ext
        if fmt == "txt":
            real_family(doc, real_share)
        elif fmt in FILE_FORMATS:
            # The file holds the tables as tables: the form (headers, sources …) still varies.
            doc.layout = doc.overall_layout = f"file_{fmt}"
        if p.pdf:
            # The text twin the PDF spans are found from: the PDF's own column order.
            doc.layout = doc.overall_layout = "tab"
            doc.style["overall_cols"] = "t_b_a_w_s"
            draw = random.Random(f"{doc.seed}:{doc.index}:pdfreal")
            if real_share and draw.random() < real_share:
                # The real forms' tables (headers, budget sets, sources), ruled or drawn by
                # alignment alone (no ruling lines: the reader goes by word positions).
                doc.layout = doc.overall_layout = "file_pdf" if draw.random() < 0.5 else "file_pdf_unruled"
        source = built.get(p.copy_of) if p.copy_of is not None else None
        doc, plants, src_records = apply_plants(doc, p, source)
        if fmt == "txt" and doc.layout.startswith("file_"):
            doc.layout = doc.overall_layout = "tab"  # a text copy of a file report's model
        blocks = None
        if fmt in FILE_FORMATS or doc.layout.startswith("file_pdf"):
            blocks, text, spans = render_file_doc(doc, fmt)
        else:
            text, spans = render_text(doc)
        name = f"{p.index:05d}.{fmt}"
        file = f"docs/{name}"
        located = locate(plants, text, spans)
        for rec in located:
            rec["family"], forms = family_of(doc, tuple(rec["key"]))
            if forms:
                rec["forms"] = forms
        narr = narrative_truth(doc, text, spans)
        pdf_text = None
        if blocks is not None:
            write_file(blocks, out / file, fmt, stamp=f"{doc.year + 1}-06-30T09:00:00Z")
            pdf_text = read_text(out / file)  # the text the tool reads: spans index it
            located = (
                relocate(located, text, pdf_text)
                if pdf_text is not None
                else [{**r, "located": False} for r in located]
            )
            for key in ("reasons", "regions"):  # the narrative truth, likewise into the reader's text
                narr[key] = (
                    relocate(narr[key], text, pdf_text)
                    if pdf_text is not None
                    else [{**r, "located": False} for r in narr[key]]
                )
        elif p.pdf:
            data, pdf_text = render_doc_pdf(doc)
            (out / file).write_bytes(data)
            located = relocate_pdf(located, text, pdf_text)
            narr["reasons"] = relocate_pdf(narr["reasons"], text, pdf_text)
            narr["regions"] = relocate_pdf(narr["regions"], text, pdf_text)
        else:
            (out / file).write_bytes(text.encode("utf-8"))
        if source is not None and source[3] is not None:
            src_records = relocate_pdf(src_records, source[1], source[3])
        located += src_records
        for rec in src_records:  # DUP001 records of the source: its title or a table goal
            rec.setdefault("family", family_of(doc, tuple(rec["key"]))[0])
        for rec in located:
            target = rec.pop("_on", None)
            rec["file"] = file if target is None else f"docs/{target:05d}.{plans[target].ext}"
            if target is None:
                anomaly_lines.append(rec)
            else:
                extra.setdefault(target, []).append(rec)
        truth = doc_truth(doc, file)
        truth["narrative"] = narr
        truth["format"] = fmt
        (out / "truth" / f"{p.index:05d}.json").write_text(_dumps(truth) + "\n", encoding="utf-8")
        doc_lines.append(
            {
                "kind": "document",
                "file": file,
                "truth": f"truth/{p.index:05d}.json",
                "format": fmt,
                "layout": doc.layout,
                "overall_layout": doc.overall_layout,
                "narrative": doc.style["narr"],
                "department": doc.full_name,
                "year": doc.year,
                "rulebook": doc.perf.get("rulebook"),
                "planted": sorted({r["code"] for r in located}),
            }
        )
        if p.index in sources:
            built[p.index] = (doc, text, spans, pdf_text)
        if progress:
            progress(p.index + 1, n)
    by_file = {d["file"]: d for d in doc_lines}
    for recs in extra.values():
        anomaly_lines.extend(recs)
        for r in recs:  # a DUP001 source learns of its copy only when the copy is built
            d = by_file[r["file"]]
            d["planted"] = sorted(set(d["planted"]) | {r["code"]})
    anomaly_lines.sort(key=lambda r: (r["file"], r["start"], r["code"]))
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        meta = {
            "kind": "corpus",
            "n": n,
            "seed": seed,
            "pdf_share": pdf_share,
            "real_share": real_share,
            "formats": formats,
            "generator": "corpus.generator",
            "narrative": narrative,
            "documents": len(doc_lines),
            "anomalies": len(anomaly_lines),
        }
        fh.write(_dumps(meta) + "\n")
        for d in doc_lines:
            fh.write(_dumps(d) + "\n")
        for a in anomaly_lines:
            fh.write(_dumps({"kind": "anomaly", **a}) + "\n")
    return {
        "documents": len(doc_lines),
        "anomalies": len(anomaly_lines),
        "seconds": round(time.perf_counter() - t0, 2),
        "out": str(out),
    }


def _squash(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and for each kept character its offset in ``text``."""
    idx = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in idx), idx


def relocate_pdf(records: list[dict], twin: str, pdf_text: str) -> list[dict]:
    """Map each span of the text twin onto the PDF reader's text.

    Both hold the same characters in the same order once whitespace is dropped (the PDF
    wraps lines inside paragraphs and cells, joins cells with tabs); the span's text is
    found by its occurrence number: the k-th occurrence of the squashed evidence in the
    twin is the k-th in the PDF text (a value that also appears as the target, a reason
    used twice, a goal repeated as its result)."""
    sq_twin, map_twin = _squash(twin)
    sq_pdf, map_pdf = _squash(pdf_text)
    pos_twin = {i: k for k, i in enumerate(map_twin)}
    out = []
    for rec in records:
        ev = "".join(twin[rec["start"] : rec["end"]].split())
        s0 = next((pos_twin[i] for i in range(rec["start"], rec["end"]) if i in pos_twin), None)
        if not ev or s0 is None:
            out.append({**rec, "located": False})
            continue
        k = count_before(sq_twin, ev, s0)
        hit = nth(sq_pdf, ev, k)
        if hit is None:
            out.append({**rec, "located": False})
            continue
        start, end = map_pdf[hit], map_pdf[hit + len(ev) - 1] + 1
        out.append({**rec, "start": start, "end": end, "evidence": pdf_text[start:end]})
    return out
