"""Corpus-level checks: DUP001 near-copies, DUP002 corpus templates, year-on-year stickiness.

The near-copies are made from the real seeds the way copies happen in practice: a report
re-issued under another department and year, a goal pasted into another report's table
(re-wrapped, in <p> tags), a block of reasons copied. ``python -m tests.test_corpus_checks N``
times the checks on N synthetic documents made by perturbing the seeds.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from functools import cache

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from classify import corpus as C
from classify import corpus_index as CI
from classify import corpus_pass as P
from classify import corpus_text as CT
from classify.risk import risk_score
from extract.read import read_path, read_text
from service.screen import screen_source

from .conftest import seed_path, seed_text

PREFIXES = ("000", "001", "002", "003", "004")


def screen(text: str, name: str) -> dict:
    return screen_source(read_text(text, name), checks=False, include_text=True)


@cache
def seed_dict(prefix: str) -> dict:
    return screen_source(read_path(seed_path(prefix)), checks=False, include_text=True)


def seeds() -> list[dict]:
    return [seed_dict(p) for p in PREFIXES]


@cache
def renamed_002() -> dict:
    """Seed 002 re-issued by another district office for another year."""
    t = seed_text("002").replace("克拉玛依市乌尔禾区人民政府办公室", "克拉玛依市白碱滩区人民政府办公室")
    return screen(t.replace("2023", "2022"), "renamed_002.txt")


@cache
def pasted_goal_004() -> dict:
    """Seed 004 with one project goal replaced by a goal of seed 001, re-wrapped in <p>."""
    goal = seed_dict("001")["goals"][1]["expected"]
    wrapped = "<p>" + "\n".join(goal[i : i + 17] for i in range(0, len(goal), 17)) + "</p>"
    s, e = seed_dict("004")["goals"][1]["expected_span"]
    t = seed_text("004")
    return screen(t[:s] + wrapped + t[e:], "pasted_goal_004.txt")


@cache
def copied_reasons_000() -> dict:
    """Seed 000 whose every reason is replaced by seed 002's reasons (in turn)."""
    t = seed_text("000")
    mine = C._distinct_reasons(seed_dict("000"))
    theirs = C._distinct_reasons(seed_dict("002"))
    out, pos = [], 0
    for i, r in enumerate(mine):
        out += [t[pos : r["start"]], theirs[i % len(theirs)]["text"]]
        pos = r["end"]
    return screen("".join(out) + t[pos:], "copied_reasons_000.txt")


def dups(result: C.CorpusResult, doc: dict, kind: str | None = None) -> list[dict]:
    return [
        f
        for f in result.findings.get(doc["doc_id"], [])
        if f["code"] == "DUP001" and (kind is None or f["details"]["kind"] == kind)
    ]


def assert_spans(result: C.CorpusResult, reports: list[dict]) -> None:
    by_id = {r["doc_id"]: r for r in reports}
    for doc_id, fs in result.findings.items():
        text = by_id[doc_id]["text"]
        for f in fs:
            assert f["start"] >= 0 and text[f["start"] : f["end"]] == f["evidence"], f


# --- DUP001 ---------------------------------------------------------------------------------


def test_five_distinct_seeds_have_no_dup001():
    result = P.analyse_corpus(seeds())
    assert not any(f["code"] == "DUP001" for fs in result.findings.values() for f in fs)
    kinds = result.stats["dup001"]["per_kind"]
    assert kinds["document"]["units"] == 5
    assert kinds["goal"]["units"] == 35  # 4 + 12 + 4 + 0 + 15 goals of >= 20 characters
    assert kinds["reasons"]["units"] == 5


def test_seed_pairs_are_far_below_the_thresholds():
    """The margin the thresholds rest on: distinct reports share at most a third of shingles."""
    sets = {p: CT._shingle_set(CT.mask_chars(seed_dict(p)["text"])) for p in PREFIXES}
    worst = max(CT.jaccard(sets[a], sets[b]) for a in PREFIXES for b in PREFIXES if a < b)
    assert 0.2 < worst < 0.3


def test_renamed_and_redated_copy_is_found_with_its_original():
    corpus = seeds() + [renamed_002()]
    result = P.analyse_corpus(corpus)
    assert_spans(result, corpus)
    copy, orig = renamed_002(), seed_dict("002")
    assert (copy["department"], copy["year"]) == ("克拉玛依市白碱滩区人民政府办公室", 2022)
    (f,) = dups(result, copy)
    assert f["details"]["kind"] == "document" and f["severity"] == "warning"
    assert f["details"]["other"]["doc_id"] == orig["doc_id"]
    assert f["details"]["jaccard"] >= 0.99
    assert f["evidence"] == "克拉玛依市白碱滩区人民政府办公室\n2022 年度部门决算公开说明"
    assert "克拉玛依市乌尔禾区人民政府办公室" in f["location"] and "2023年" in f["location"]
    (g,) = dups(result, orig)
    assert g["details"]["other"]["doc_id"] == copy["doc_id"]
    # Its goals and reasons are the same copy: said once, by the document finding.
    assert result.stats["dup001"]["suppressed_inside_document_copies"] == {"goal": 8, "reasons": 2}
    others = [d for d in seeds() if d["doc_id"] != orig["doc_id"]]
    assert not any(dups(result, d) for d in others)


def test_goal_pasted_with_wraps_and_tags_is_found():
    pasted, source = pasted_goal_004(), seed_dict("001")
    corpus = seeds() + [pasted]
    result = P.analyse_corpus(corpus)
    assert_spans(result, corpus)
    (f,) = dups(result, pasted)
    assert f["details"]["kind"] == "goal"
    assert f["evidence"].startswith("<p>坚持以习近平新时代") and "\n" in f["evidence"]
    assert f["details"]["other"]["doc_id"] == source["doc_id"]
    assert f["details"]["other"]["table"] == "“为民办实事”工作队经费（区级）"
    assert f["details"]["jaccard"] == 1.0  # wraps and tags are masked out
    assert f["location"].startswith("预期目标 / 市委市政府二楼礼堂")
    (g,) = dups(result, source)
    assert g["details"]["other"]["doc_id"] == pasted["doc_id"]
    assert g["start"] == source["goals"][1]["expected_span"][0]
    # The pasted report is a revision of seed 004 (same department, same year): not a copy.
    assert not dups(result, seed_dict("004"))


def test_copied_reason_block_is_found():
    copied, source = copied_reasons_000(), seed_dict("002")
    corpus = seeds() + [copied]
    result = P.analyse_corpus(corpus)
    assert_spans(result, corpus)
    (f,) = dups(result, copied)
    assert f["details"]["kind"] == "reasons"
    assert f["details"]["other"]["doc_id"] == source["doc_id"]
    assert 0.9 < f["details"]["jaccard"] < 1.0
    first = C._distinct_reasons(copied)[0]
    assert (f["start"], f["end"]) == (first["start"], first["end"])
    assert [x["details"]["kind"] for x in dups(result, source)] == ["reasons"]


def test_all_near_copies_together_keep_their_pairs():
    corpus = seeds() + [renamed_002(), pasted_goal_004(), copied_reasons_000()]
    result = P.analyse_corpus(corpus)
    assert_spans(result, corpus)
    kinds = {d["source"]: sorted(f["details"]["kind"] for f in dups(result, d)) for d in corpus}
    assert kinds["renamed_002.txt"] == ["document", "reasons"]  # + the third copy of the block
    assert kinds["pasted_goal_004.txt"] == ["goal"]
    assert kinds["copied_reasons_000.txt"] == ["reasons"]
    assert not any(dups(result, seed_dict(p)) for p in ("000", "003", "004"))
    (r,) = dups(result, renamed_002(), "reasons")
    # The reasons finding names the copy the document finding does not already name.
    assert r["details"]["other"]["doc_id"] == copied_reasons_000()["doc_id"]


def test_the_report_keys_are_all_the_checks_read():
    """The batch loads REPORT_KEYS (and the text) only: the results must not change."""
    corpus = seeds() + [renamed_002(), pasted_goal_004(), copied_reasons_000()]
    slim = [{k: d.get(k) for k in (*C.REPORT_KEYS, "text")} for d in corpus]
    full, part = P.analyse_corpus(corpus), P.analyse_corpus(slim)
    assert part.findings == full.findings and part.findings
    del full.stats["seconds"], part.stats["seconds"]
    assert part.stats == full.stats


def test_banding_matches_datasketch_minhashlsh():
    """Our compact band keys find every pair datasketch.MinHashLSH finds (same bands/rows)."""
    rng = random.Random(7)
    base = CT.mask_chars(seed_text("001"))[:3000]
    texts = [base]
    for _ in range(60):
        chars = list(base)
        for _ in range(rng.randrange(0, 900)):
            chars[rng.randrange(len(chars))] = chr(0x4E00 + rng.randrange(20000))
        texts.append("".join(chars))
    b, r = CI.BANDS["goal"]
    lsh = MinHashLSH(num_perm=C.NUM_PERM, params=(b, r))
    ours = CI._KindIndex("goal")
    mhs = [CT._minhash(t) for t in texts]
    for i, (t, m) in enumerate(zip(texts, mhs, strict=True)):
        lsh.insert(i, m)
        ours.add(i, 0, t)
    theirs = {(min(i, j), max(i, j)) for i, m in enumerate(mhs) for j in lsh.query(m) if i != j}
    mine = {tuple(p) for p in ours.candidates().tolist()}
    assert len(theirs) > 100 and theirs <= mine
    assert len(mine - theirs) <= 2  # only 32-bit band-key collisions can add a pair


def test_minhash_is_datasketch_minhash():
    m = CT._minhash("坚持以习近平新时代中国特色社会主义思想为指导")
    assert isinstance(m, MinHash) and len(m.hashvalues) == C.NUM_PERM


# --- DUP002 ---------------------------------------------------------------------------------

ALWAYS = "主要原因是：严格执行中央八项规定精神，厉行勤俭节约，压减一般性支出。"
HALF = "主要原因是：根据财政部门统一安排部署，按照预算执行进度要求据实调整项目支出。"
UNIQUE = [
    "本年新增城市绿化养护项目，支付苗木采购及栽植费用",
    "河道清淤疏浚工程完工结算，支付工程尾款",
    "单位新招录公务员三名，工资福利支出相应增加",
    "办公楼屋面防水维修改造，发生维修费",
    "承办全区职业技能大赛，场地租赁费用增加",
    "退休人员较上年增加两人，离退休费增加",
    "购置执法记录仪等执法装备",
    "疫情防控物资储备任务取消，相关采购不再发生",
    "机构改革划入信访接待职能，人员随职能划转",
    "燃气价格上调导致供暖费上涨",
    "第三方审计服务合同于上年到期未再续签",
    "农村饮水安全巡检车辆报废，运行维护费减少",
    "档案数字化加工项目分两年实施，本年为第二期",
    "举办对口援疆干部培训班，培训费增加",
    "租用的临时办公用房退租，租金减少",
    "森林防火瞭望塔监控设备更新换代",
    "社区网格员补贴标准提高",
    "政务外网线路扩容，通信费用增加",
    "上年一次性支付征地补偿款，本年无此项支出",
    "图书馆古籍修复项目通过验收并支付余款",
]
DEPTS = [
    "水利局",
    "林业和草原局",
    "教育局",
    "卫生健康委员会",
    "民政局",
    "司法局",
    "统计局",
    "审计局",
    "档案馆",
    "信访局",
    "退役军人事务局",
    "应急管理局",
    "文化体育广播电视和旅游局",
    "农业农村局",
    "交通运输局",
    "自然资源局",
    "生态环境局",
    "医疗保障局",
    "市场监督管理局",
    "人力资源和社会保障局",
]


def small_report(dept: str, year: int, reasons: list[str]) -> str:
    """A minimal 部门决算公开说明 whose sections each state one change and its reason."""
    parts = [f"乌鲁木齐市{dept}\n{year} 年度部门决算公开说明\n\n第二部分 部门决算情况说明\n"]
    items = [
        "收入支出决算总体",
        "收入决算",
        "支出决算",
        "财政拨款收入支出决算总体",
        "一般公共预算财政拨款支出",
    ]
    for k, reason in enumerate(reasons):
        amount = 10 + 7 * k + len(dept)
        parts.append(
            f"\n{'一二三四五'[k]}、{items[k]}情况说明\n\n{year} 年度{items[k]}比上年增加 {amount}.25 万元，"
            f"增长 {k + 3}.5%。{reason}\n"
        )
    return "".join(parts)


@cache
def template_corpus() -> tuple[dict, ...]:
    docs = []
    for i, dept in enumerate(DEPTS):
        reasons = [ALWAYS, f"主要原因是：{UNIQUE[i]}。"]
        if i % 2 == 0:
            reasons.insert(1, HALF)
        docs.append(screen(small_report(dept, 2023, reasons), f"t{i:02d}.txt"))
    return tuple(docs)


def test_dup002_flags_the_half_template_only():
    corpus = list(template_corpus())
    assert all(len(d["reasons"]) == (3 if i % 2 == 0 else 2) for i, d in enumerate(corpus))
    result = P.analyse_corpus(corpus)
    assert_spans(result, corpus)
    st = result.stats["dup002"]
    assert st["status"] == "ok" and st["documents_with_reasons"] == 20
    flagged = {
        (d["source"], f["evidence"])
        for d in corpus
        for f in result.findings.get(d["doc_id"], [])
        if f["code"] == "DUP002"
    }
    assert flagged == {(d["source"], HALF) for i, d in enumerate(corpus) if i % 2 == 0}
    f = next(f for f in result.findings[corpus[0]["doc_id"]] if f["code"] == "DUP002")
    assert f["severity"] == "info" and f["details"]["template_share"] == 1.0
    assert f["details"]["top_templates"][0]["doc_share"] == 0.5
    # The sentence in every document is the form's own wording: dropped, not a template.
    assert st["dropped_too_common"] > 0
    assert all(t["doc_share"] < 0.75 for t in st["top_templates"])


def test_dup002_document_frequencies_from_a_sample(monkeypatch):
    """Past DF_SAMPLE documents the frequencies come from a hash-chosen sample."""
    monkeypatch.setattr(C, "DF_SAMPLE", 12)
    corpus = list(template_corpus())
    st = P.analyse_corpus(corpus).stats["dup002"]
    assert st["status"] == "ok" and st["documents_with_reasons"] == 20
    assert 6 <= st["sampled_documents"] < 20
    again = P.analyse_corpus(corpus).stats["dup002"]
    assert again["sampled_documents"] == st["sampled_documents"]  # the same sample every run


def test_dup002_needs_ten_documents():
    result = P.analyse_corpus(list(template_corpus())[:9])
    st = result.stats["dup002"]
    assert st["status"] == "skipped" and "at least 10" in st["why"]
    assert not any(f["code"] == "DUP002" for fs in result.findings.values() for f in fs)


def test_mask_of_long_texts_is_the_substitution():
    """mask_chars picks a long text's characters on the code-point array: the same text as
    the regular expressions (tags, then everything not CJK or Latin), on the seeds and on
    characters around every boundary of the kept ranges."""
    edges = "".join(chr(c) for c in (0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0xC0, 0xE1))
    edges += "".join(chr(c) for c in (0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xFF21, 0x1F600, 0x20000))
    texts = [seed_text(p) for p in PREFIXES]
    texts += [(edges + "<p>一段<b>文字</b>，123abc\n") * 200]
    for t in texts:
        assert len(t) >= CT._LONG
        assert CT.mask_chars(t) == CT._NOT_WORD.sub("", CT._TAG.sub("", t))


def test_segmenter_gives_jiebas_words():
    """classify/corpus_seg.py's cut is jieba.lcut(HMM=False), word for word, by either route
    (pure Python; jieba_fast_dat's over jieba's dictionary): on every reason
    of the seeds (numbers masked as the n-grams see them, and raw), mutated ones, mixed
    Latin/digit/space strings and random ideographs (words jieba does not know)."""
    import jieba

    from classify import corpus_seg

    texts = [r.get("text") or "" for d in seeds() for r in C._distinct_reasons(d)]
    rng = random.Random(7)
    texts += [_mutate(t, rng, 0.12) for t in texts]
    texts += [CT.reason_body(t) for t in texts]
    texts += ["", " ", "\t\r\n", "A1b2 c#3", "PPP项目abc12#x。", "2023年度\r\n增长#%", "。。，"]
    texts += ["".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(60)) for _ in range(50)]
    assert corpus_seg.cut(texts[0]) and corpus_seg._mode in ("native", "python")  # not jieba's
    native = corpus_seg._native or corpus_seg._load_native()
    for t in texts:
        want = jieba.lcut(t, HMM=False)
        assert corpus_seg._cut(t) == want, t
        if native is not None:  # jieba_fast_dat installed (pyproject.toml): its route too
            assert corpus_seg._cut(t, native) == want, t


def test_segmenter_without_the_accelerator_uses_the_python_route(monkeypatch):
    """jieba_fast_dat missing or broken: the pure-Python route, with the same words."""
    import jieba

    from classify import corpus_seg

    def broken():
        raise RuntimeError("no accelerator")

    monkeypatch.setattr(corpus_seg, "_mode", None)
    monkeypatch.setattr(corpus_seg, "_native", None)
    monkeypatch.setattr(corpus_seg, "_load_native", broken)
    text = "根据财政部门统一安排部署，按照预算执行进度要求据实调整项目支出。"
    assert corpus_seg.cut(text) == jieba.lcut(text, HMM=False)
    assert corpus_seg._mode == "python"


# --- stickiness -----------------------------------------------------------------------------


def test_stickiness_of_a_department_in_two_years():
    earlier = [f"主要原因是：{UNIQUE[0]}。", f"主要原因是：{UNIQUE[1]}。", f"主要原因是：{UNIQUE[2]}。"]
    # Two of the three reasons come back, one re-wrapped across lines; one is new.
    later = [
        f"主要原因是：{UNIQUE[0][:6]}\n\n{UNIQUE[0][6:]}。",
        f"主要原因是：{UNIQUE[2]}。",
        f"主要原因是：{UNIQUE[5]}。",
    ]
    d22 = screen(small_report("水利局", 2022, earlier), "water2022.txt")
    d23 = screen(small_report("水利局(汇总)", 2023, later), "water2023.txt")
    other = screen(small_report("教育局", 2023, later), "edu2023.txt")
    (s,) = P.analyse_corpus([d22, d23, other]).stats["stickiness"]
    assert (s["department_key"], s["year_from"], s["year_to"]) == ("乌鲁木齐市水利局", 2022, 2023)
    assert (s["sentences"], s["repeated_sentences"], s["sentence_share"]) == (3, 2, 0.6667)
    assert 0.5 < s["ngram_share"] < 0.8
    assert s["documents_from"] == [d22["doc_id"]] and s["documents_to"] == [d23["doc_id"]]


def test_department_key_ignores_suffix_and_bracket_width():
    assert CT.department_key("乌鲁木齐市机关事务管理局(部门)") == "乌鲁木齐市机关事务管理局"
    assert CT.department_key("乌鲁木齐市政务服务管理局（汇总）") == "乌鲁木齐市政务服务管理局"
    assert (
        CT.department_key("乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）政务服务管理局")
        == "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）政务服务管理局"
    )


def test_merge_findings_replaces_dup_and_recounts():
    rep = {
        "findings": [{"code": "IND001", "severity": "error"}, {"code": "DUP001", "severity": "warning"}],
        "counts": {"error": 1, "warning": 1, "info": 0},
    }
    P.merge_findings(rep, [{"code": "DUP002", "severity": "info"}])
    assert [f["code"] for f in rep["findings"]] == ["IND001", "DUP002"]
    assert rep["counts"] == {"error": 1, "warning": 0, "info": 1}
    assert rep["risk"] == risk_score(rep["findings"], 0)  # the per-document risk formula, recomputed
    P.merge_findings(rep, [{"code": "DUP002", "severity": "info"}], items=200)  # a longer document: lower
    assert rep["risk"] == risk_score(rep["findings"], 200) < risk_score(rep["findings"], 0)


# --- the catalogue --------------------------------------------------------------------------


def test_corpus_rules_are_in_the_catalogue_with_their_scope():
    from classify.registry import RULES
    from classify.rules import all_rules

    everything = {r.code: r for r in all_rules()}
    assert {c for c, r in everything.items() if r.scope == "corpus"} == {"DUP001", "DUP002"}
    assert not {"DUP001", "DUP002"} & {r.code for r in all_rules(scope="document")}
    assert {r.code for r in all_rules(scope="corpus")} == {"DUP001", "DUP002"}
    for code, severity in (("DUP001", "warning"), ("DUP002", "info")):
        r = RULES[code]
        assert r.severity == severity and r.title and "Example" in r.doc
        assert r.to_dict()["scope"] == "corpus"
    # The documented thresholds are classify.corpus's constants.
    d1, d2 = (" ".join(RULES[c].doc.split()) for c in ("DUP001", "DUP002"))
    assert f"documents ≥ {C.THRESHOLDS['document']}" in d1
    assert f"reason blocks ≥ {C.THRESHOLDS['goal']}" in d1 and C.THRESHOLDS["reasons"] == C.THRESHOLDS["goal"]
    assert f"character {C.SHINGLE}-gram" in d1 and f"{C.NUM_PERM} permutations" in d1
    assert f"{CI.BANDS['document'][0]} bands of {CI.BANDS['document'][1]} rows" in d1
    assert (
        f"under {C.MIN_CHARS['document']} (document), {C.MIN_CHARS['goal']} (goal) or "
        f"{C.MIN_CHARS['reasons']} (reasons)" in d1
    )
    assert f"≥ {C.TEMPLATE_MIN_DF:.0%} and < {C.TEMPLATE_MAX_DF:.0%}" in d2
    assert f"≥ {C.BOILERPLATE_SHARE:.0%} of its 4-grams" in d2 and C.NGRAM_N == 4
    assert f"≥ {C.MIN_DOCS_DUP002} documents" in d2 and f"{C.DF_SAMPLE:,}" in d2


def example_corpus(code: str) -> list[dict]:
    from classify.registry import RULES, example_documents

    texts = example_documents(RULES[code].example)
    return [
        screen_source(read_text(t, f"example{i}.txt"), checks=True, include_text=True)
        for i, t in enumerate(texts)
    ]


def test_dup001_example_fires_on_both_copies():
    from classify.registry import RULES

    corpus = example_corpus("DUP001")
    assert [(d["department"], d["year"]) for d in corpus] == [
        ("乌鲁木齐市水利局", 2023),
        ("乌鲁木齐市林业和草原局", 2022),
    ]
    found = P.corpus_findings(corpus, select=["DUP001"])
    assert_spans(C.CorpusResult(found), corpus)
    a, b = corpus
    (fa,), (fb,) = found[a["doc_id"]], found[b["doc_id"]]
    assert fa["details"]["other"]["doc_id"] == b["doc_id"] and fb["details"]["other"]["doc_id"] == a["doc_id"]
    assert fa["details"]["kind"] == "document" and fa["details"]["jaccard"] == pytest.approx(0.93, abs=0.01)
    assert fa["evidence"] == "乌鲁木齐市水利局\n2023 年度部门决算公开说明"
    assert {f["severity"] for f in (fa, fb)} == {RULES["DUP001"].severity}


def test_dup002_example_fires_on_the_five_template_reasons():
    from classify.registry import RULES

    corpus = example_corpus("DUP002")
    assert len(corpus) == C.MIN_DOCS_DUP002 and all(len(d["reasons"]) == 1 for d in corpus)
    found = P.corpus_findings(corpus, select=["DUP002"])
    assert_spans(C.CorpusResult(found), corpus)
    flagged = [d["department"] for d in corpus if d["doc_id"] in found]
    assert flagged == [
        "乌鲁木齐市林业和草原局",
        "乌鲁木齐市卫生健康委员会",
        "乌鲁木齐市司法局",
        "乌鲁木齐市审计局",
        "乌鲁木齐市信访局",
    ]
    for d in corpus:
        for f in found.get(d["doc_id"], []):
            assert f["code"] == "DUP002" and f["severity"] == RULES["DUP002"].severity
            assert (
                f["evidence"]
                == "主要原因是：根据财政部门统一安排部署，按照预算执行进度要求据实调整项目支出。"
            )
            assert f["details"]["template_share"] == 1.0
    assert not any(f["code"] == "DUP001" for fs in found.values() for f in fs)


def test_check_report_never_runs_a_corpus_rule(monkeypatch):
    import dataclasses

    from classify.check import check_report
    from classify.registry import RULES
    from extract.pipeline import extract_source

    def boom(*a, **kw):
        raise AssertionError("a corpus rule was run on one document")

    for code in ("DUP001", "DUP002"):
        monkeypatch.setitem(RULES, code, dataclasses.replace(RULES[code], func=boom))
    src = read_text(RULES["DUP001"].example, "example.txt")
    rep = check_report(extract_source(src), src.text, select=["DUP"])
    assert rep.findings == [] and rep.rulebook["rule_failures"] == []


def test_rules_listings_include_the_corpus_rules(capsys):
    from service.api import rule_catalogue
    from service.cli import main

    assert main(["rules", "--format", "json"]) == 0
    listed = {r["code"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert listed["DUP001"]["scope"] == listed["DUP002"]["scope"] == "corpus"
    assert listed["IND001"]["scope"] == "document"
    assert main(["rules", "--lang", "zh"]) == 0  # the suite runs in English (tests/conftest.py)
    text = capsys.readouterr().out
    assert (
        "DUP001  warning  跨部门或跨年度近似重复" in text and "DUP002  info     语料中的常见套话原因" in text
    )
    api = {r["code"]: r for r in rule_catalogue()}  # what GET /v1/rules answers
    assert api["DUP001"] == listed["DUP001"] and api["DUP002"]["severity"] == "info"


# --- scale ----------------------------------------------------------------------------------


def _mutate(text: str, rng: random.Random, rate: float) -> str:
    """Replace a share of the CJK characters with random ones (a distinct document at 10%)."""
    arr = np.array(list(text))
    cjk = np.flatnonzero((arr >= "\u4e00") & (arr <= "\u9fff"))
    pick = cjk[np.array([rng.random() < rate for _ in range(len(cjk))], dtype=bool)] if len(cjk) else cjk
    arr[pick] = [chr(0x4E00 + rng.randrange(20000)) for _ in range(len(pick))]
    return "".join(arr.tolist())


CITIES = [
    "哈密市",
    "吐鲁番市",
    "阿克苏地区",
    "喀什地区",
    "和田地区",
    "伊犁州",
    "塔城地区",
    "阿勒泰地区",
    "博州",
    "巴州",
    "克州",
    "石河子市",
    "五家渠市",
    "北屯市",
    "铁门关市",
    "双河市",
    "可克达拉市",
    "昆玉市",
    "胡杨河市",
    "新星市",
]


def _rename(text: str, dept: str, new: str) -> str:
    """Replace a department name wherever it is printed, also when wrapped over lines."""
    return re.sub(r"\s*".join(map(re.escape, dept)), new, text)


def synthetic_corpus(n: int, seed: int = 1) -> list[dict]:
    """n documents from the seeds: most mutated into distinct reports (12% of characters
    replaced), one in eight a near-copy issued by another department (0.5% replaced)."""
    rng = random.Random(seed)
    texts = [seed_text(p) for p in PREFIXES]
    depts = [CT.department_key(seed_dict(p)["department"]) for p in PREFIXES]
    docs = []
    for i in range(n):
        base, dept = texts[i % 5], depts[i % 5]
        if is_near_copy(i):
            new = CITIES[i % len(CITIES)] + DEPTS[(i // len(CITIES)) % len(DEPTS)]
            t = _mutate(_rename(base, dept, new), rng, 0.005)
        else:
            t = _mutate(base, rng, 0.12)
        docs.append(screen(t, f"syn{i:05d}.txt"))
    return docs


def is_near_copy(i: int) -> bool:
    return i % 40 >= 35


@pytest.mark.parametrize("n", [200])
def test_synthetic_corpus_runs_and_finds_the_near_copies(n):
    corpus = synthetic_corpus(n)
    result = P.analyse_corpus(corpus)
    assert_spans(result, corpus)
    doc_flags = {
        d["source"]
        for d in corpus
        for f in result.findings.get(d["doc_id"], [])
        if f["code"] == "DUP001" and f["details"]["kind"] == "document"
    }
    near = {f"syn{i:05d}.txt" for i in range(n) if is_near_copy(i)}
    assert near <= doc_flags
    assert len(doc_flags - near) <= n // 100


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    t0 = time.perf_counter()
    corpus = synthetic_corpus(n)
    t1 = time.perf_counter()
    res = P.analyse_corpus(corpus)
    t2 = time.perf_counter()
    print(f"{n} documents: screened in {t1 - t0:.1f} s, corpus checks {t2 - t1:.2f} s")
    print(res.stats["seconds"], res.stats["dup001"]["per_kind"], res.stats["dup001"]["flagged_units"])
