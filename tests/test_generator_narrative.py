"""The forms narrative of the generator (real-forms.md 1–4, 7): determinism, every form
family written, the planted values in the text, the truth of explanations, and the eval's
per-family breakdown. Assertions are on the text and the manifest, not on the parser."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from corpus.evaluate import change_matches, evaluate, format_text
from corpus.generator.generate import generate
from corpus.generator.narr_truth import narrative_style

N, SEED = 40, 12


def _records(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})


def _flat(s: str) -> str:
    """Whitespace removed, punctuation in full width (a text in either width compares)."""
    return re.sub(r"\s+", "", s).translate(_FULL)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def forms40(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("forms40")
    generate(N, SEED, out, pdf_share=0.1, narrative="forms")
    return out


def _docs(root: Path) -> list[tuple[dict, str, dict]]:
    """(document record, text, narrative truth) of the text documents."""
    out = []
    for d in _records(root):
        if d["kind"] == "document" and d["format"] == "txt":
            truth = json.loads((root / d["truth"]).read_text(encoding="utf-8"))
            out.append((d, (root / d["file"]).read_text(encoding="utf-8"), truth["narrative"]))
    return out


def test_same_seed_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(6, 4, a, pdf_share=0.3, narrative="forms")
    generate(6, 4, b, pdf_share=0.3, narrative="forms")
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb) and any(n.endswith(".pdf") for n in fa)
    for name in fa:
        assert fa[name] == fb[name], name


def test_styles_are_drawn_per_document(tmp_path):
    styles = Counter(narrative_style("mixed", 12, i) for i in range(200))
    assert 120 <= styles["forms"] <= 180 and styles["seed"] >= 20
    generate(3, 4, tmp_path / "s", pdf_share=0.0, narrative="seed")
    recs = _records(tmp_path / "s")
    assert {r["narrative"] for r in recs if r["kind"] == "document"} == {"seed"}
    assert "RSN006" not in {r["code"] for r in recs if r["kind"] == "anomaly"}
    for d in (r for r in recs if r["kind"] == "document"):
        narr = json.loads((tmp_path / "s" / d["truth"]).read_text(encoding="utf-8"))["narrative"]
        assert narr["style"] == "seed" and narr["reasons"]
        assert {r["tags"]["marker"] for r in narr["reasons"]} == {"主要原因是"}


def test_every_form_family_appears(forms40):
    tags: dict[str, set] = defaultdict(set)
    for _, _, narr in _docs(forms40):
        for r in narr["reasons"] + narr["unexplained"]:
            for k, v in r["tags"].items():
                tags[k].add(v)
    assert {
        "主要原因是",
        "主要原因是:",
        "主要原因:一是",
        "原因主要是",
        "下降原因主要是",
        "原因是",
        "增减的原因是",
        "项减少的主要原因是",
        "主要是",
        "主要是因为",
        "主要是因",
        "这主要是",
        "出现增长的主要原因是",
        "由于",
        "受…影响",
        "较上年减少的主要原因是",
        "据介绍…主要原因是",
    } <= tags["marker"]
    assert {"same_sentence", "next_line", "before", "parenthesis", "shared", "after_list"} <= tags["position"]
    assert {"上年", "YYYY年决算", "与…相比", "同比", "上年同期", "printed", "年初预算", "与上年(比)"} <= tags[
        "base"
    ]
    assert {
        "amount_rate",
        "rate_amount",
        "paren",
        "paren_word",
        "amount_only",
        "rate_only",
        "from_to",
        "list",
        "qualitative",
        "flat",
        "差异率",
        "决算数比预算数",
    } <= tags["order"]
    assert {"完成预算", "完成年初预算", "完成调整预算", "为预算", "占年初预算"} & tags["form"]
    assert {"增加/减少", "增/减", "增支/减支"} <= tags["verb"]
    assert {"增长/下降", "增幅/降幅", "增幅/减幅", "增/降幅达到", "增长/压缩"} <= tags["rate_word"]
    assert {"万元", "元", "亿元"} <= tags["unit"]
    assert {"full", "ascii", "mixed"} <= tags["punct"]
    assert {
        "totals",
        "fiscal",
        "gpb",
        "items",
        "other",
        "sangong.A",
        "sangong.B",
        "sangong.C",
        "sangong.E",
        "sangong.F",
    } <= tags["section"]
    assert "component" in tags["cause"]


def test_sangong_and_totals_vocabulary(forms40):
    """三公 item names (3.1), zero, reception, trip and vehicle lines (3.4), 收支 forms (4.1,
    4.2) and both punctuation widths are in the texts."""
    text = "\n".join(t for _, t, _ in _docs(forms40))
    squashed = re.sub(r"\s+", "", text)
    for word in (
        "因公出国（境）经费",
        "公务用车购置及运行费",
        "公车购置及运行维护费",
        "“三公”经费",
        "三公经费",
        "批次",
        "人次",
        "团组",
        "公务用车保有",
        "车均运行维护费",
        "其中购置费为零",
        "分项看",
        "分项情况是",
        "主要变动原因如下",
        "收、支总计均为",
        "各增加",
        "个百分点",
        "按支出项目类别",
        "具体情况如下",
        "两方面原因",
        "预算未安排此项支出",
    ):
        assert word in squashed or word.replace("增加", "减少") in squashed, word
    assert "，" in text and "," in text and "：" in text and ":" in text and "％" in text


def _num_forms(amount: float, unit: str) -> set[str]:
    if unit == "元":
        v = int(round(amount * 10000))
        return {f"{v:d}", f"{v:,d}"}
    if unit == "亿元":
        v = amount / 10000
        return {f"{v:.4f}", f"{v:,.4f}"}
    return {f"{amount:.2f}", f"{amount:,.2f}"}


def test_explanations_and_figures_are_in_the_text(forms40):
    """Every explanation's span is its text; the statement holds the printed rate and
    amount of the change the truth says it explains."""
    checked = Counter()
    for d, text, narr in _docs(forms40):
        for r in narr["reasons"]:
            assert text[r["start"] : r["end"]] == r["evidence"], (d["file"], r)
            assert r["stmt_start"] <= r["start"] or r["tags"].get("position") in ("shared", "after_list"), r
            stmt = re.sub(r"\s+", "", text[r["stmt_start"] : r["stmt_end"]])
            ch, tags = r["change"], r["tags"]
            if ch["rate"] is not None and tags.get("order") != "flat":  # 增长0%, 与上年持平
                assert f"{ch['rate']:.2f}" in stmt, (d["file"], stmt, ch)
                checked["rate"] += 1
            if ch["amount"] is not None and tags.get("order") not in ("from_to", "flat", "list"):
                assert _num_forms(ch["amount"], tags.get("unit", "万元")) & set(
                    re.findall(r"[\d,]+\.?\d*", stmt)
                ), (d["file"], stmt, ch, tags.get("unit"))
                checked["amount"] += 1
    assert checked["rate"] > 200 and checked["amount"] > 200


def test_planted_narrative_anomalies(forms40):
    recs = _records(forms40)
    texts = {d["file"]: t for d, t, _ in _docs(forms40)}
    anomalies = [a for a in recs if a["kind"] == "anomaly" and a["file"] in texts]
    by_code = defaultdict(list)
    for a in anomalies:
        assert a["family"], a
        assert texts[a["file"]][a["start"] : a["end"]] == a["evidence"]
        by_code[a["code"]].append(a)
    narrative = {
        c for c, xs in by_code.items() if any(a["family"] not in ("tables", "perf", "document") for a in xs)
    }
    assert {
        "RSN001",
        "RSN002",
        "RSN003",
        "RSN004",
        "RSN005",
        "RSN006",
        "SUM006",
        "SUM007",
        "SUM008",
        "SUM009",
    } <= narrative
    for a in by_code["RSN006"]:
        ev = re.sub(r"\s+", "", a["evidence"])
        assert re.search(r"增加[（(]减少[)）][\d.,]+", ev) and re.search(r"增长[（(]下降[)）][\d.]+", ev), ev
    for a in by_code["RSN001"]:
        if a["variant"] == "boilerplate_large_change":
            assert a["planted"]["rate"] >= 30 and re.search(
                "八项规定|过紧日子|厉行节约|预算管理|一般性支出", a["evidence"]
            )
        if a["variant"] == "boilerplate_budget_gap":
            assert abs(a["planted"]["rate"]) >= 30 and re.search(
                "八项规定|过紧日子|厉行节约|预算管理|一般性支出", a["evidence"]
            )
    for a in by_code["RSN005"]:
        if a["variant"] == "large_change_without_reason":
            assert a["planted"]["rate"] >= 15 and "原因" not in a["evidence"]
        if a["variant"] == "budget_gap_without_reason":
            ev = re.sub(r"\s+", "", a["evidence"])
            assert f"{a['planted']['completion']:.2f}" in ev and "原因" not in ev
            assert a["planted"]["completion"] <= 85 or a["planted"]["completion"] >= 115
    for a in by_code["SUM009"] + by_code["SUM007"]:
        if "printed" in a["planted"]:
            assert f"{a['planted']['printed']:.2f}" in re.sub(r"\s+", "", a["evidence"])
            if a["variant"] == "zero_over_zero":  # 预算数0, 决算数0, 差异率0.00%
                continue
            assert abs(a["planted"]["printed"] - a["planted"]["expected"]) >= 0.5
    for a in by_code["RSN002"]:
        assert _flat(a["planted"]["reason"]) in _flat(a["evidence"]) or a["variant"] == "restates_spending"


def test_change_matches():
    t = {"amount": 12.5, "rate": 8.33, "direction": "减少"}
    assert change_matches(t, {"amount": 12.5, "rate": 8.33, "direction": "减少"})
    assert change_matches(t, {"amount": None, "rate": 8.33, "direction": "减少"})
    assert not change_matches(t, {"amount": 12.5, "rate": 8.33, "direction": "增加"})
    assert not change_matches(t, {"amount": 125.0, "rate": 8.33, "direction": "减少"})
    assert not change_matches(t, {"amount": None, "rate": None, "direction": "减少"})
    assert not change_matches(t, None)
    assert change_matches(
        {"amount": None, "rate": None, "direction": "增加"}, {"amount": 3.0, "direction": "增加"}
    )


def test_eval_reports_form_families(forms40):
    res = evaluate(forms40 / "manifest.jsonl", limit=6)
    nb = res["narrative"]
    allx = nb["explanations"]["all"]
    assert allx["explanations"] >= 50 and 0 <= allx["with_change"] <= allx["found"] <= allx["explanations"]
    assert any(k.startswith("marker=") for k in nb["explanations"])
    assert any(k.startswith("section=sangong.") for k in nb["explanations"])
    for k, c in nb["codes_by_form"].items():
        assert k.split("=")[0] in (
            "style",
            "section",
            "marker",
            "position",
            "base",
            "order",
            "unit",
            "punct",
            "cause",
        )
        assert c["recalled"] <= c["planted"] and c["true_positives"] <= c["findings"]
    out = format_text(res, lang="en")
    assert "explanations by form family" in out and "codes by section family" in out
    assert "codes by statement form" in out


def _forms_doc(index: int):
    from corpus.generator.agencies import AGENCIES
    from corpus.generator.build import build_doc
    from corpus.generator.regions import REGIONS

    doc = build_doc(index, "7", REGIONS[index % len(REGIONS)], AGENCIES[index % len(AGENCIES)], 2022)
    doc.style["narr"] = "forms"
    return doc


@pytest.mark.parametrize(
    "code,variant",
    [
        ("RSN005", "budget_gap_without_reason"),
        ("RSN001", "boilerplate_budget_gap"),
        ("RSN006", "unfilled_template"),
        ("SUM009", "completion_rate_wrong"),
        ("SUM009", "zero_over_zero"),
        ("SUM008", "total_change_not_sum_of_items"),
    ],
)
def test_budget_gap_plants_are_written(code, variant):
    """The plants on budget comparisons (完成预算的Y%) print what they say: no reason, a
    formula, the template, the wrong completion rate."""
    import random as _random

    from corpus.generator import plant_narr
    from corpus.generator.narr_truth import narrative_truth
    from corpus.generator.plant import _Ctx, locate
    from corpus.generator.render import render_text

    fn = {
        "RSN005": plant_narr.rsn005,
        "RSN001": plant_narr.rsn001,
        "RSN006": plant_narr.rsn006,
        "SUM009": plant_narr.sum009,
        "SUM008": plant_narr.sum008,
    }[code]
    for k in range(60):
        doc = _forms_doc(k)
        got = fn(_Ctx(doc, _random.Random(k)))
        if not got or got[0].variant != variant:
            continue
        text, spans = render_text(doc)
        rec = locate(got, text, spans)[0]
        ev = re.sub(r"\s+", "", rec["evidence"])
        what = got[0].what
        if variant == "budget_gap_without_reason":
            assert f"{what['completion']:.2f}" in ev and "原因" not in ev
        elif variant == "boilerplate_budget_gap":
            assert _flat(what["reason"]) in _flat(ev) and abs(what["rate"]) >= 30
        elif variant == "unfilled_template":
            assert re.search(r"增加[（(]减少[)）]", ev) and re.search(r"增长[（(]下降[)）]", ev)
        elif variant == "total_change_not_sum_of_items":
            stmts = {
                r["sid"]: r
                for r in (lambda n: n["reasons"] + n["unexplained"])(narrative_truth(doc, text, spans))
            }
            items = [stmts[s]["change"] for s in ("abroad", "car", "rec") if s in stmts]
            signed = sum((x["amount"] or 0) * (1 if x["direction"] == "增加" else -1) for x in items)
            total = stmts["three"]["change"]
            assert total["amount"] is not None and all(
                x["amount"] is not None for x in items if x["direction"] != "持平"
            )
            assert abs(total["amount"] * (1 if total["direction"] == "增加" else -1) - signed) >= 0.5
            assert abs(total["amount"] - abs(what["total_change"])) < 0.01 * max(1, abs(what["total_change"]))
        elif variant == "zero_over_zero":
            assert ev.startswith("0.00") and "决算数0" in re.sub(
                r"\s+", "", text[rec["start"] - 40 : rec["start"]]
            )
        else:
            assert f"{what['printed']:.2f}" in ev and "预算" in text[rec["start"] - 12 : rec["start"]]
        return
    pytest.fail(f"no document took {code} {variant}")


def test_clean_documents_print_no_zero_over_zero(forms40):
    """0/0 has no rate: a clean document writes 预算未安排此项支出, never 差异率0% (real-forms 7)."""
    pat = re.compile(r"预算数0(?:\.0+)?[万元]*[,，]决算数0(?:\.0+)?[万元]*[,，]预决算差异率")
    recs = _records(forms40)
    clean = {r["file"] for r in recs if r["kind"] == "document" and not r["planted"]}
    seen = 0
    for d, text, _ in _docs(forms40):
        if d["file"] in clean:
            seen += 1
            assert not pat.search(re.sub(r"\s+", "", text)), d["file"]
    assert seen >= 5


def test_gpb_change_is_the_sum_of_its_items():
    """In forms, last year's 一般公共预算 total is the sum of last year's items (both are
    printed, so their changes must add up), and its reason goes with its direction."""
    from corpus.generator.narr_sections import harmonise

    for k in range(8):
        doc = _forms_doc(k)
        harmonise(doc)
        g = doc.changes["gpb"]
        assert g.change == sum(c.change for c in doc.fin.items)
        assert g.current == sum(c.current for c in doc.fin.items)
        movers = [c for c in doc.fin.items if c.direction == g.direction and c.reason]
        if movers and g.direction != "持平":
            assert any(c.reason in g.reason for c in movers)


def _forms_drawn(change, draws: int = 400) -> set[str]:
    """The statement forms the writer draws for ``change`` over ``draws`` documents' habits."""
    import random

    from corpus.generator.narr_forms import Habits, NarrLog, Writer

    out = set()
    for seed in range(draws):
        rng = random.Random(seed)
        out.add(
            Writer(rng, Habits.draw(rng, {}, 2023), NarrLog())._form(change, qualitative_ok=True)["order"]
        )
    return out


def test_unchanged_nonzero_figure_never_drawn_qualitative() -> None:
    """previous == current (持平) has no qualitative word (有所增长/下降): the writer once drew
    that form for it and raised KeyError('持平') once in a few thousand reports."""
    from corpus.generator.model import Change

    flat = _forms_drawn(Change("s1", "一般公共服务支出", current=123400, previous=123400, reason=None))
    assert flat and "qualitative" not in flat
    # the form itself is still drawn for a real change
    grew = _forms_drawn(Change("s2", "一般公共服务支出", current=133400, previous=123400, reason=None))
    assert "qualitative" in grew
