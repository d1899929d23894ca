"""Shortcuts taken for speed in the labels and the checks' shared helpers answer exactly as
the plain forms they replace, on the seeds, generated reports and random strings made of
the characters the patterns care about."""

from __future__ import annotations

import random
import re

from classify import changes, reasons
from extract.model import Reason

from .conftest import ROOT

SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in SEEDS]
    rnd = random.Random(7)
    pool = "增加减少长上升提高下降低幅 (（)）\u3000\t\n，。.．,0123456789%％万元亿x致持平导有所执行进度偏慢支出一相当"
    unfilled = "增加 减少 增长 下降 上升 降低 提高 增 减 ( （ ) ） 幅".split() + [" "]
    restated = "与上年 持平 基本 一致 导致 有所致 执行进度 支出进度 偏慢 滞后 增加 减少".split()
    for i in range(6000):  # characters, and the patterns' words, at random
        words = unfilled if i % 3 else restated
        mix = 0.5 if i % 2 else 0.1
        out.append(
            "".join(rnd.choice(pool if rnd.random() < mix else words) for _ in range(rnd.randint(0, 30)))
        )
    out += ["增加（减少）", "增加 （ 减少 ）", "（增）幅", "( 减 ) 幅", "增（减", "下降(增长)", "增加(增长)"]
    return out


TEXTS = _texts()


def _sig(ms) -> list:
    return [(m.span(), m.groups()) for m in ms]


def test_unfilled_matches_equal_a_plain_scan():
    for t in TEXTS:
        assert _sig(changes.unfilled_matches(t)) == _sig(changes.UNFILLED.finditer(t)), t
    assert sum(1 for t in TEXTS for _ in changes.unfilled_matches(t)) > 100
    assert sum(1 for t in TEXTS for _ in changes.unfilled_pairs(t)) > 40


# the pattern before its lookbehind was moved after the first digit
_NUM_PLAIN = re.compile(r"(?<![\d.])(\d[\d,，]*(?:\s*[.．]\s*\d+)?)\s*(亿元|万元|万|元|亿|[%％])?")


def test_printed_number_pattern_equals_the_plain_one():
    rnd = random.Random(3)
    for t in TEXTS:
        assert _sig(changes._NUM.finditer(t)) == _sig(_NUM_PLAIN.finditer(t))
        for _ in range(5):  # from inside the text too: the lookbehind sees before ``pos``
            a = rnd.randrange(len(t) + 1)
            b = rnd.randrange(a, len(t) + 1)
            assert _sig(changes._NUM.finditer(t, a, b)) == _sig(_NUM_PLAIN.finditer(t, a, b))


def test_printed_numbers_read_separators():
    text = "支出 1,234.5 万元，增长 12．5%，共 ３０ 人"
    got = [
        (p.value, p.decimals, p.unit, text[p.start : p.end])
        for p in changes.printed_numbers(text, 0, len(text))
    ]
    assert got == [(1234.5, 1, "万元", "1,234.5"), (12.5, 1, "%", "12．5"), (30.0, 0, None, "３０")]


def test_restated_change_prefilter():
    """Without one of its words no text matches the restated-change pattern, so the
    prefilter never changes the answer."""
    hits = 0
    for text in TEXTS:
        b = reasons.body(text)
        plain = bool(b) and bool(reasons._RESTATED.search(b))
        if not any(w in b for w in reasons._RESTATED_WORDS):
            assert not plain, text
        hits += plain
        r = Reason(text=text, start=0, end=len(text), kind="reason")
        assert reasons.restates_change(r) <= plain  # True only where the pattern matches
    assert hits > 100


def _names_item_plain(s: str, item: str) -> bool:
    return any(
        not reasons._ORG_TAIL.match(reasons._SPACE.sub("", s[m.end() : m.end() + 8]))
        for m in re.finditer(re.escape(item), s)
    )


def test_names_item_equals_the_pattern_scan():
    rnd = random.Random(11)
    names = ["康复", "康复康复", "残疾人康复", "公务接待", "", "接待接"]
    pool = ["康复", "中心", "服务中心", "局", " ", "残疾人", "公务", "接待", "费", "，", "x"]
    for _ in range(3000):
        s = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12)))
        for item in names:
            assert reasons._names_item(s, item) == _names_item_plain(s, item), (s, item)


def test_formulas_found_once_answer_per_clause():
    """quality_of finds the formulas (_BOILER) once over the reason and reads the clauses
    that hold one from the matches' starts: the same as searching each clause, and the
    reason with the matches cut out is the pattern's own substitution."""
    seps = "，。；,;"
    assert not any(c in alt for alt in reasons._BOILER.pattern.split("|") for c in seps if "[^" not in alt)
    rnd = random.Random(2)
    formulas = [
        "严格执行八项规定",
        "厉行节约",
        "严控经费支出",
        "加强财务管理",
        "落实上级要求",
        "压缩办公支出",
    ]
    texts = list(TEXTS)
    for _ in range(3000):
        texts.append(
            "".join(rnd.choice(formulas + list(seps) + ["人员增加", "x", "支出减少"]) for _ in range(8))
        )
    hits = 0
    for s in texts:
        spans = [m.span() for m in reasons._BOILER.finditer(s)]
        starts = [a for a, _ in spans]
        cut = "".join(s[a:b] for a, b in zip([0] + [e for _, e in spans], starts + [len(s)], strict=True))
        assert cut == reasons._BOILER.sub("", s)
        pieces = [c for c in reasons._CLAUSE.split(s) if c]
        assert [s[a:b] for a, b in reasons._clauses(s)] == pieces
        for (a, b), c in zip(reasons._clauses(s), pieces, strict=True):
            assert bool(reasons._BOILER.search(c)) == any(a <= st < b for st in starts)
            assert bool(reasons._STATEMENT.search(c)) == bool(reasons._STATEMENT.search(s, a, b))
            hits += bool(reasons._BOILER.search(c))
    assert hits > 1000


def test_goal_enumerator_pattern_equals_the_plain_alternation():
    from classify import goals

    plain = re.compile(goals._ENUM_PLAIN)
    rnd = random.Random(4)
    pool = "（()）一二三十4５0.．、①⑳x 目标"
    texts = list(TEXTS) + ["".join(rnd.choice(pool) for _ in range(rnd.randint(0, 16))) for _ in range(6000)]
    n = 0
    for t in texts:
        assert _sig(goals._ENUM.finditer(t)) == _sig(plain.finditer(t)), t
        n += len(plain.findall(t))
    assert n > 3000


def test_reproduces_equals_any_variant():
    """scoring.reproduces tries the two-decimal variant only when the plain prediction
    misses: the same answer as trying every variant."""
    from classify import scoring
    from classify.categories import fill_categories

    from .conftest import seed_report, seed_text

    n = 0
    for p in SEEDS:
        rep = seed_report(p.name[:3])
        fill_categories(rep.tables)
        for cs in scoring.build_cases(rep, seed_text(p.name[:3])):
            for name in scoring.SCORING_RULES:
                for v in (
                    cs.score,
                    cs.score + cs.tol / 2,
                    cs.score * 0.97,
                    cs.weight * 0.38,
                    0.0,
                    float("nan"),
                    None,
                ):
                    c = scoring._completion_used(cs, name)
                    if v is None or v != v:
                        want = False
                    elif name.startswith("deduction"):
                        want = abs(v - cs.score) <= cs.tol
                    else:
                        want = any(abs(x - cs.score) <= cs.tol for x in scoring.variants(cs, v, c))
                    assert scoring.reproduces(cs, v, name) == want
                    n += want
    assert n > 100
