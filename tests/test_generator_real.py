"""The generator's real-forms table families (real-forms 6.2): determinism, each family's
shape, the planted values in the rendered text, truth independent of the rendering.

Assertions are on the rendered text and the generator's own records, never on the parser.
"""

from __future__ import annotations

import json
import re

import pytest

from corpus.generator.generate import DocPlan, build_planned, generate
from corpus.generator.layouts import num
from corpus.generator.layouts_real import FAMILIES
from corpus.generator.plant import apply_plants, locate
from corpus.generator.render import render_text
from corpus.generator.truth import doc_truth

SEED = 17
# Table codes spread over three documents per family (a plant with no candidate row is skipped).
CODE_SETS = [
    ["IND001", "IND005", "SUM003", "RSN005"],
    ["IND002", "IND003", "SUM001", "SUM005", "IND008"],
    ["IND004", "IND006", "IND007", "SUM004", "SUM002", "IND009"],
]


def _squash(s: str) -> str:
    """Whitespace dropped, and the digits OCR damage turns to letters (IO0% for 100%) restored."""
    return re.sub(r"\s+", "", s).replace("IO0", "100")


def _render(family: str, index: int, codes: list[str]) -> tuple[object, str, dict, list[dict]]:
    plan = DocPlan(index, index % 18, (index * 7) % 37, 2019 + index % 6, codes=list(codes))
    doc = build_planned(plan, SEED)
    doc.layout = doc.overall_layout = family
    doc, plants, _ = apply_plants(doc, plan, None)
    text, spans = render_text(doc)
    return doc, text, spans, locate(plants, text, spans)


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for k, family in enumerate(FAMILIES):
        out[family] = [_render(family, 10 * k + j, codes) for j, codes in enumerate(CODE_SETS)]
    return out


def _table_text(text: str, spans: dict, ti: int) -> str:
    s, e = spans[("table", ti)]
    return text[s:e]


def test_same_model_same_text(rendered):
    for family in FAMILIES:
        _, text, _, _ = rendered[family][0]
        _, again, _, _ = _render(family, 10 * FAMILIES.index(family), CODE_SETS[0])
        assert text == again, family


def test_corpus_same_seed_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(10, 3, a, pdf_share=0.0, real_share=1.0)
    generate(10, 3, b, pdf_share=0.0, real_share=1.0)
    fa = {p.relative_to(a): p.read_bytes() for p in sorted(a.rglob("*")) if p.is_file()}
    fb = {p.relative_to(b): p.read_bytes() for p in sorted(b.rglob("*")) if p.is_file()}
    assert fa == fb
    docs = [json.loads(x) for x in (a / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    layouts = {d["layout"] for d in docs if d["kind"] == "document"}
    assert layouts <= set(FAMILIES) and len(layouts) >= 4


def test_every_row_value_is_in_its_span(rendered):
    """Each indicator row's span holds its name, target value, weight and score as printed."""
    for family, docs in rendered.items():
        for doc, text, spans, _ in docs:
            truth = doc_truth(doc, "x")
            for ti, t in enumerate(truth["tables"]):
                if t["layout"] == "narrative":
                    continue
                assert t["layout"] == family
                for ri, r in enumerate(t["rows"]):
                    s, e = spans[("row", ti, ri)]
                    row = _squash(text[s:e])
                    assert row.startswith(_squash(r["name"])), (family, r["name"], row)
                    v = r["target"]["value"]
                    if v is not None:
                        ts, te = spans[("target", ti, ri)]
                        assert num(v) in _squash(text[ts:te]) or f"{v:.2f}" in text[ts:te], (
                            family,
                            r,
                            text[ts:te],
                        )
                    if r["weight"] is not None:
                        assert num(r["weight"]) in row
                    if r["score"] is not None:
                        assert num(r["score"]) in row or f"{r['score']:.2f}" in row, (family, r, row)


def test_truth_states_what_is_printed(rendered):
    """A budget set without 年初预算数, blank scores and a missing 总分 row are None in the truth;
    what the truth states is in the table's text."""
    seen_none = set()
    for family, docs in rendered.items():
        for doc, text, spans, _ in docs:
            for ti, t in enumerate(doc_truth(doc, "x")["tables"]):
                if t["layout"] == "narrative":
                    continue
                body = _table_text(text, spans, ti)
                if t["declared_total"] is None:
                    seen_none.add("declared_total")
                else:
                    assert f"{t['declared_total']:.2f}" in body
                for k in ("initial", "adjusted", "executed"):
                    v = t["budget"][k]
                    if v is None:
                        seen_none.add(k)
                    else:
                        assert f"{v:.2f}" in body.replace(",", ""), (family, k, v)
                if t["budget"]["score"] is None:
                    seen_none.add("score")
    assert {"declared_total", "initial", "score"} <= seen_none


def _evidence_holds(a: dict) -> bool:
    ev, what = _squash(a["evidence"]), a["planted"]
    code = a["code"]
    if code in ("IND001", "IND004", "IND009", "IND002", "IND006"):
        ok = _squash(what["row"]) in ev
        if code == "IND002":
            ok = ok and f"{what['score']:.2f}" in ev
        if code == "IND006":
            ok = ok and what["actual_unit"] in ev and num(what["actual"]) in ev
        return ok
    if code == "IND005":
        return a["key"][0] == "actual" and bool(re.search(r"\d", ev))
    if code == "IND007":
        return num(what["target"]) in ev or f"{what['target']:.2f}" in ev
    if code == "IND008":
        return ev == _squash(what["actual"])
    if code == "SUM001":
        return ev == f"{what['declared']:.2f}"
    if code == "SUM003":
        p = what["printed"]
        return f"{p:.2f}" in ev or f"{p / 100:.4f}" in ev
    if code == "SUM004":
        return f"{what['score']:.2f}" in ev
    return True


def test_planted_values_are_rendered(rendered):
    """Every family carries its plants, and the recorded evidence shows the planted value."""
    for family, docs in rendered.items():
        codes = set()
        for _, text, _, records in docs:
            for a in records:
                assert text[a["start"] : a["end"]] == a["evidence"]
                assert _evidence_holds(a), (family, a)
                codes.add(a["code"])
        assert len(codes & {c for s in CODE_SETS for c in s}) >= 10, (family, codes)


def _ind_lines(text: str, spans: dict, doc) -> list[str]:
    """The lines of the rows of the first project table."""
    ti = next(i for i, t in enumerate(doc.tables) if t.kind == "project")
    out = []
    for ri in range(len(doc.tables[ti].rows)):
        s, _ = spans[("row", ti, ri)]
        ls = text.rfind("\n", 0, s) + 1
        out.append(text[ls : text.find("\n", s)])
    return out


def test_family_shapes(rendered):
    for family, docs in rendered.items():
        for doc, text, spans, _ in docs:
            ti = next(i for i, t in enumerate(doc.tables) if t.kind == "project")
            body = _table_text(text, spans, ti)
            assert "\t" not in body
            if family == "pipes_rows":
                counts = {line.count("|") for line in _ind_lines(text, spans, doc)}
                assert len(counts) == 1, counts  # a shifted continuation row keeps the pipe count
                assert re.search(r" \| \|+$", body, re.M)  # trailing runs of empty cells
            elif family == "pipes_cells":
                cells = [x for x in body.split("\n") if x == "|" or x.endswith(" |")]
                width = len(_header_cells(doc, ti))
                assert len(cells) % width == 0
                assert "\n|\n" in body
            elif family == "pipes_alt":
                lines = [x for x in body.split("\n") if x]
                assert any(x.endswith(" |") and x.count("|") == 1 for x in lines)
            elif family == "inline":
                assert "|" not in body
                for line in _ind_lines(text, spans, doc):
                    assert "  " not in line.strip()
            elif family == "spaces":
                assert re.search(r"\S  +\S", body)
                assert "|" not in body
            elif family == "cell_blank":
                assert "\n \n" in body
                assert "\n\n\n\n" not in body.strip("\n")
            elif family == "mixed":
                lines = [x for x in body.split("\n") if x]
                rows = [x for x in lines if x.startswith("| ") or x == "|"]
                assert len(rows) >= 0.8 * len(lines)
                assert "|" in lines


def _header_cells(doc, ti: int) -> tuple[str, ...]:
    from corpus.generator.grid import COLUMN_PLANS

    return COLUMN_PLANS[doc.tables[ti].form.plan][0]


def test_headers_come_from_the_catalogue(rendered):
    """Across the families the tables use several header synonyms, budget sets and titles."""
    targets, budgets, titles = set(), set(), set()
    for docs in rendered.values():
        for doc, *_ in docs:
            for t in doc.tables:
                if t.form is not None:
                    targets.add(t.form.heads["target"])
                    budgets.add(t.form.budget.name)
                    titles.add(t.form.title.replace(t.title, "〈名〉"))
    assert len(targets) >= 4 and len(budgets) >= 3 and "" in titles and len(titles) >= 3


def test_truth_rows_do_not_depend_on_the_family():
    """The same document in two families: the same rows, targets and weights."""

    def rows(family: str) -> list:
        doc, *_ = _render(family, 5, [])
        return [
            [(r["name"], r["target"], r["weight"]) for r in t["rows"]] for t in doc_truth(doc, "x")["tables"]
        ]

    first = rows(FAMILIES[0])
    for family in FAMILIES[1:]:
        assert rows(family) == first, family


def test_cli_formats_parse():
    from corpus.generator.cli import _formats

    assert _formats("txt,pdf") == {"txt": 0.5, "pdf": 0.5}
    assert _formats("txt:3,html:1") == {"txt": 0.75, "html": 0.25}
    with pytest.raises(Exception, match="unknown format"):
        _formats("txt,doc")
