"""RSN and SUM judged on the narrative reader's structure (Reason + Change), built directly:
every phrasing of a change reaches the checks the same way (issue 11)."""

from __future__ import annotations

import pytest

from classify import changes
from classify.check import check_report
from extract.model import Change, Reason, Report


def _at(text: str, part: str, after: int = 0) -> tuple[int, int]:
    i = text.index(part, after)
    return i, i + len(part)


def reason(text: str, clause: str, why: str | None, item: str, **change) -> Reason:
    """A Reason as the reader gives it: the change clause located in ``text``, the reason
    text after it (None: kind ``missing``)."""
    cs, ce = _at(text, clause)
    c = Change(raw=clause, start=cs, end=ce, **change)
    sent_end = text.find("。", ce)
    sent_end = len(text) if sent_end < 0 else sent_end + 1
    sent_start = text.rfind("\n", 0, cs) + 1
    if why is None:
        return Reason(
            "", ce, ce, item=item, change=c, kind="missing", sentence_start=sent_start, sentence_end=sent_end
        )
    rs, re_ = _at(text, why, ce)
    return Reason(
        text[rs:re_],
        rs,
        re_,
        item=item,
        change=c,
        kind="reason",
        marker="主要原因是",
        sentence_start=sent_start,
        sentence_end=sent_end,
    )


def run(text: str, reasons: list[Reason], select: list[str] | None = None) -> Report:
    rep = Report("t", "t.txt", None, None, 2023, reasons=reasons)
    return check_report(rep, text, select=select)


def codes(rep: Report, code: str) -> list[dict]:
    return [f for f in rep.findings if f["code"] == code]


# ------------------------------------------------------------------ changes.py


def test_direction_size_of_every_kind():
    assert changes.direction(Change(rate=45.0, rate_kind="completion")) == "减少"
    assert changes.size(Change(rate=45.0, rate_kind="completion")) == pytest.approx(55)
    assert not changes.is_change(Change(rate=100.0, rate_kind="completion"))
    assert not changes.is_change(Change(rate=30.0, rate_kind="share"))
    # An unfilled template: the direction comes from the printed amounts or not at all.
    assert changes.direction(Change(amount=2, direction_source="template")) is None
    assert (
        changes.direction(Change(amount=2, current=8, base_value=10, direction_source="template")) == "减少"
    )
    # amount / base when no rate is printed; the base is current ∓ change.
    assert changes.size(Change(amount=3, current=12, direction="减少")) == pytest.approx(20)
    assert (
        changes.describe(Change(rate=45.0, rate_kind="completion", base="年初预算"))
        == "（完成年初预算的45%）"
    )


def test_printed_numbers_keep_units_and_spans():
    t = "较上年减少1,234,500元，下降12.5 %，为2.1亿元"
    nums = changes.printed_numbers(t, 0, len(t))
    amt = changes.find_printed(nums, 123.45, False)
    assert (
        amt
        and t[amt.start : amt.end] == "1,234,500"
        and amt.unit == "元"
        and amt.half_wan == pytest.approx(5e-5)
    )
    rate = changes.find_printed(nums, 12.5, True)
    assert rate and t[rate.start : rate.end] == "12.5" and rate.decimals == 1
    assert changes.find_printed(nums, 21000, False).unit == "亿元"


# ------------------------------------------------------------------ RSN001

SANGONG = "（一）“三公”经费支出决算情况\n“三公”经费支出决算为{cur}万元，完成年初预算的{rate}%，决算数小于预算数的主要原因是：{why}\n"


def test_rsn001_formula_under_a_half_spent_budget():
    why = "加强公务用车管理，严控一般性支出，只减不增。"
    text = SANGONG.format(cur="5.50", rate="45.08", why=why)
    r = reason(
        text,
        "完成年初预算的45.08%",
        why,
        "“三公”经费",
        rate=45.08,
        rate_kind="completion",
        base="年初预算",
        current=5.5,
        base_value=12.2,
        direction="减少",
    )
    (f,) = codes(run(text, [r], ["RSN001"]), "RSN001")
    assert "与预算相差54.92%" in f["message"] and f["evidence"] == why
    assert f["details"]["change"]["size"] == pytest.approx(54.92)


def test_rsn001_not_on_a_specific_reason_or_full_execution():
    why = "本年未购置公务用车，车辆购置费减少。"
    text = SANGONG.format(cur="5.50", rate="45.08", why=why)
    r = reason(text, "完成年初预算的45.08%", why, "“三公”经费", rate=45.08, rate_kind="completion")
    assert codes(run(text, [r], ["RSN001"]), "RSN001") == []
    why = "严格执行八项规定，厉行节约。"
    text = SANGONG.format(cur="12.20", rate="100", why=why)
    r = reason(text, "完成年初预算的100%", why, "“三公”经费", rate=100.0, rate_kind="completion")
    assert codes(run(text, [r], ["RSN001"]), "RSN001") == []  # nothing to explain


# ------------------------------------------------------------------ RSN002

YOY = "2023年公务接待费支出{cur}万元，较上年减少{amt}万元，下降{rate}%。{lead}{why}\n"


@pytest.mark.parametrize(
    "why",
    [
        "公务接待费与上年估计持平。",
        "支出减少有所致。",
        "执行进度偏慢。",
        "主要用于接待上级部门检查工作餐。",
        "接待经费用于接待工作。",
    ],
)
def test_rsn002_restated_or_purpose(why):
    text = YOY.format(cur="0.40", amt="0.60", rate="60.00", lead="原因主要是：", why=why)
    r = reason(
        text,
        "较上年减少0.60万元，下降60.00%",
        why,
        "公务接待费",
        amount=0.6,
        rate=60.0,
        direction="减少",
        current=0.4,
        base="上年",
    )
    (f,) = codes(run(text, [r], ["RSN002"]), "RSN002")
    assert "变动幅度达60%" in f["message"]


def test_rsn002_not_on_a_driver():
    why = "本年上级来访检查批次由12批减至5批。"
    text = YOY.format(cur="0.40", amt="0.60", rate="60.00", lead="主要原因是：", why=why)
    r = reason(
        text, "较上年减少0.60万元，下降60.00%", why, "公务接待费", amount=0.6, rate=60.0, direction="减少"
    )
    assert codes(run(text, [r], ["RSN002"]), "RSN002") == []


# ------------------------------------------------------------------ RSN003


def test_rsn003_one_character_verb_against_an_increase():
    why = "公用经费增加。"
    text = f"商品和服务支出较上年减3.00万元，减幅15.00%。主要原因是：{why}\n"
    r = reason(
        text, "较上年减3.00万元，减幅15.00%", why, "商品和服务支出", amount=3.0, rate=15.0, direction="减少"
    )
    (f,) = codes(run(text, [r], ["RSN003"]), "RSN003")
    assert "增加" in f["details"]["contradiction"]


# ------------------------------------------------------------------ RSN004


def test_rsn004_one_reason_for_items_moving_apart():
    why = "严格落实中央八项规定精神，压减一般性支出。"
    text = (
        "因公出国（境）费0万元，与上年持平；公务接待费1.20万元，比上年增加0.20万元；"
        f"公务用车运行维护费3.00万元，与上年持平。主要原因是：{why}\n"
    )
    r1 = reason(text, "比上年增加0.20万元", why, "公务接待费", amount=0.2, direction="增加", current=1.2)
    r1.also = ["因公出国（境）费", "公务用车运行维护费"]
    flat1 = Reason(
        "", 0, 0, item="因公出国（境）费", change=Change(amount=0.0, direction="持平"), kind="missing"
    )
    flat2 = Reason(
        "", 0, 0, item="公务用车运行维护费", change=Change(amount=0.0, direction="持平"), kind="missing"
    )
    (f,) = codes(run(text, [flat1, r1, flat2], ["RSN004"]), "RSN004")
    assert f["details"]["directions"] == ["增加", "持平", "持平"] and f["evidence"] == why


# ------------------------------------------------------------------ RSN005


def test_rsn005_completion_without_reason():
    text = "2023年公务接待费决算0.80万元，完成预算的40.00%。\n"
    r = reason(text, "完成预算的40.00%", None, "公务接待费", rate=40.0, rate_kind="completion", current=0.8)
    (f,) = codes(run(text, [r], ["RSN005"]), "RSN005")
    assert f["evidence"] == text.strip() and "与预算相差60%" in f["message"]
    # 完成预算的98% or a bare 增长3% asks for no reason; an amount does (the template's slot).
    text = "一般公共预算支出完成预算的98.00%，增长3.00%。\n"
    ok = [
        reason(text, "完成预算的98.00%", None, "一般公共预算支出", rate=98.0, rate_kind="completion"),
        reason(text, "增长3.00%", None, "一般公共预算支出", rate=3.0, direction="增加"),
    ]
    assert codes(run(text, ok, ["RSN005"]), "RSN005") == []
    text = "公务用车购置费0万元，较上年减少12.00万元，下降100%。\n"
    r = reason(
        text,
        "较上年减少12.00万元，下降100%",
        None,
        "公务用车购置费",
        amount=12.0,
        rate=100.0,
        direction="减少",
    )
    assert len(codes(run(text, [r], ["RSN005"]), "RSN005")) == 1


# ------------------------------------------------------------------ RSN006


@pytest.mark.parametrize(
    "clause,n",
    [
        ("比上年增加（减少）0.50万元，增长（下降）20.00%", 2),
        ("比上年增加(减少)0.50 万元, 增长(下降) 20.00 %", 2),
        ("较上年减少（增加）0.50万元，同比下降（增加）20.00%", 2),
        ("较上年减少0.50万元，（减）幅20.00%", 1),
    ],
)
def test_rsn006_unfilled(clause, n):
    text = f"因公出国（境）费预算2.00万元，{clause}。\n"
    assert len(codes(run(text, [], ["RSN006"]), "RSN006")) == n


def test_rsn006_not_on_a_header_or_a_filled_word():
    text = "项目\t本年比上年增加（减少）\n因公出国（境）费预算2.00万元，比上年增加0.50万元，增长33.33%。\n"
    assert codes(run(text, [], ["RSN006"]), "RSN006") == []


def test_rsn006_change_marked_template_and_reason_inside():
    why = "人员变动导致增加（减少）。"
    text = f"公务接待费1.00万元，比上年增加或减少0.20万元。主要原因是：{why}\n"
    r = reason(text, "比上年增加或减少0.20万元", why, "公务接待费", amount=0.2, direction_source="template")
    got = codes(run(text, [r], ["RSN006"]), "RSN006")
    assert [f["evidence"] for f in got] == ["比上年增加或减少0.20万元", "增加（减少）"]


# ------------------------------------------------------------------ SUM007


def _yoy(text: str, clause: str, item: str = "公务接待费", **kw) -> Report:
    return run(text, [reason(text, clause, None, item, **kw)], ["SUM007"])


def test_sum007_rate_on_the_current_base():
    text = "公务接待费支出8.00万元，比上年减少2.00万元，降幅达到25.00%。\n"
    (f,) = codes(
        _yoy(
            text, "比上年减少2.00万元，降幅达到25.00%", amount=2.0, rate=25.0, direction="减少", current=8.0
        ),
        "SUM007",
    )
    assert f["evidence"] == "25.00" and f["details"]["rate_base"] == "current"
    assert f["details"]["expected"] == pytest.approx(20.0) and "本年数" in f["message"]
    ok = "公务接待费支出8.00万元，比上年减少2.00万元，降幅达到20.00%。\n"
    assert (
        codes(
            _yoy(
                ok, "比上年减少2.00万元，降幅达到20.00%", amount=2.0, rate=20.0, direction="减少", current=8.0
            ),
            "SUM007",
        )
        == []
    )


def test_sum007_decline_above_100_and_100x_off():
    text = "公务用车购置费3.00万元，较上年减少9.00万元，下降300.00%。\n"
    (f,) = codes(
        _yoy(text, "较上年减少9.00万元，下降300.00%", amount=9.0, rate=300.0, direction="减少", current=3.0),
        "SUM007",
    )
    assert "不可能超过100%" in f["message"]
    text = "办公费20.00万元，较上年减少5.00万元，减幅0.20%。\n"
    (f,) = codes(
        _yoy(text, "较上年减少5.00万元，减幅0.20%", amount=5.0, rate=0.2, direction="减少", current=20.0),
        "SUM007",
    )
    assert "100倍" in f["message"]


def test_sum007_units_yuan_and_yi():
    # 1,234,500 元 = 123.45 万元 on 823.00 万元 previous (15.00 %), printed in 元 and 亿元.
    text = "支出699.55万元，较上年减少1,234,500元，下降15.00%。\n"
    assert (
        codes(
            _yoy(
                text,
                "较上年减少1,234,500元，下降15.00%",
                amount=123.45,
                rate=15.0,
                direction="减少",
                current=699.55,
                unit="元",
            ),
            "SUM007",
        )
        == []
    )
    text = "收入2.60亿元，同比增收0.60亿元，增长28.00%。\n"  # 0.60 / 2.00 = 30 %: 28 is outside the rounding
    (f,) = codes(
        _yoy(
            text,
            "同比增收0.60亿元，增长28.00%",
            amount=6000.0,
            rate=28.0,
            direction="增加",
            current=26000.0,
            unit="亿元",
        ),
        "SUM007",
    )
    assert f["details"]["expected"] == pytest.approx(30.0)


def test_sum007_two_words_and_word_against_printed_amounts():
    text = "商品和服务支出较上年减3.00万元，增15.00%。\n"
    (f,) = codes(
        _yoy(
            text,
            "较上年减3.00万元，增15.00%",
            "商品和服务支出",
            amount=3.0,
            rate=15.0,
            direction="减少",
            direction_source="word",
        ),
        "SUM007",
    )
    assert "方向矛盾" in f["message"]
    text = "决算总收入120.00万元，比2022年度决算总收入100.00万元减少了20.00万元。\n"
    (f,) = codes(
        _yoy(
            text,
            "比2022年度决算总收入100.00万元减少了20.00万元",
            "决算总收入",
            amount=20.0,
            direction="减少",
            direction_source="word",
            current=120.0,
            base_value=100.0,
        ),
        "SUM007",
    )
    assert "文中却称“减少”" in f["message"]


# ------------------------------------------------------------------ SUM008


def test_sum008_sangong_items_against_the_total():
    text = (
        "“三公”经费支出10.00万元，比上年减少2.00万元。其中：因公出国（境）费0万元，与上年持平；"
        "公务用车购置及运行维护费6.00万元，比上年减少1.50万元；公务接待费3.00万元，比上年减少0.50万元。\n"
    )
    rs = [
        reason(text, "比上年减少2.00万元", None, "“三公”经费", amount=2.0, direction="减少", current=10.0),
        reason(text, "与上年持平", None, "因公出国（境）费", amount=0.0, direction="持平", current=0.0),
        reason(
            text,
            "比上年减少1.50万元",
            None,
            "公务用车购置及运行维护费",
            amount=1.5,
            direction="减少",
            current=6.0,
        ),
        reason(text, "比上年减少0.50万元", None, "公务接待费", amount=0.5, direction="减少", current=3.0),
    ]
    got = codes(run(text, rs, ["SUM008"]), "SUM008")
    # amounts 0 + 6 + 3 = 9 ≠ 10; changes −1.5 − 0.5 = −2 agree.
    assert [f["details"]["what"] for f in got] == ["current"] and got[0]["details"]["sum"] == 9
    rs[2].change.current = 7.0
    assert codes(run(text, rs, ["SUM008"]), "SUM008") == []


# ------------------------------------------------------------------ SUM009 / SUM006


def test_sum009_completion_and_undefined():
    text = "“三公”经费支出预算为12.00万元，支出决算为6.00万元，完成预算的45.00%。\n"
    r = reason(
        text,
        "完成预算的45.00%",
        None,
        "“三公”经费",
        rate=45.0,
        rate_kind="completion",
        current=6.0,
        base_value=12.0,
    )
    (f,) = codes(run(text, [r], ["SUM009"]), "SUM009")
    assert f["evidence"] == "45.00" and f["details"]["expected"] == pytest.approx(50)
    text = "因公出国（境）费预算数0万元，决算数0万元，完成预算的100%。\n"
    r = reason(
        text,
        "完成预算的100%",
        None,
        "因公出国（境）费",
        rate=100.0,
        rate_kind="completion",
        current=0.0,
        base_value=0.0,
    )
    (f,) = codes(run(text, [r], ["SUM009"]), "SUM009")
    assert f["severity"] == "error" and f["details"]["undefined"]


def test_sum009_budget_base_rate_and_truncation():
    # (7.32 − 10.00) / 10.00 = −26.8 %; a truncated −26.79… style print within 0.01 is fine.
    text = "公务接待费决算7.32万元，较年初预算减少2.68万元，下降26.80%。\n"
    ok = reason(
        text,
        "较年初预算减少2.68万元，下降26.80%",
        None,
        "公务接待费",
        amount=2.68,
        rate=26.8,
        direction="减少",
        base="年初预算",
        base_value=10.0,
        current=7.32,
    )
    assert codes(run(text, [ok], ["SUM009", "SUM007"]), "SUM009") == []
    text = "公务接待费决算7.32万元，较年初预算减少2.68万元，下降36.61%。\n"  # 2.68 / 7.32: the wrong base
    bad = reason(
        text,
        "较年初预算减少2.68万元，下降36.61%",
        None,
        "公务接待费",
        amount=2.68,
        rate=36.61,
        direction="减少",
        base="年初预算",
        current=7.32,
    )
    rep = run(text, [bad], ["SUM009", "SUM007"])
    (f,) = codes(rep, "SUM009")
    assert codes(rep, "SUM007") == [] and f["details"]["rate_base"] == "current"


def test_sum006_share_of_a_change():
    text = "因公出国（境）费支出决算2.00万元，占“三公”经费的25.00%。\n"
    r = reason(
        text,
        "占“三公”经费的25.00%",
        None,
        "因公出国（境）费",
        rate=25.0,
        rate_kind="share",
        current=2.0,
        base_value=10.0,
    )
    (f,) = codes(run(text, [r], ["SUM006"]), "SUM006")
    assert f["details"]["expected"] == pytest.approx(20)


# ------------------------------------------------------------------ reader gaps the checks survive


def test_reason_next_to_an_unattached_change_explains_it():
    why = "加强公务用车管理，严控一般性支出，只减不增。"
    text = f"“三公”经费支出预算为12.20万元，支出决算为5.50万元，完成预算的45.08%，决算数小于预算数的主要原因是：{why}\n"
    m = reason(
        text,
        "完成预算的45.08%",
        None,
        "“三公”经费",
        rate=45.08,
        rate_kind="completion",
        current=5.5,
        base_value=12.2,
    )
    rs, re_ = _at(text, why)
    r = Reason(text[text.index("主要原因是") : re_], text.index("主要原因是"), re_, item=None, kind="reason")
    rep = run(text, [m, r], ["RSN001", "RSN005"])
    assert [f["code"] for f in rep.findings] == ["RSN001"]
    assert r.change is m.change and r.details["change_from"] == "adjacent" and "explained_by" in m.details


def test_rate_left_unread_in_its_clause():
    text = "公务接待费3.00万元，比上年减少1.00万元，降幅达到33.33%。\n"
    (f,) = codes(
        _yoy(text, "比上年减少1.00万元，降幅达到33.33%", amount=1.0, direction="减少", current=3.0), "SUM007"
    )
    assert f["details"]["rate_base"] == "current" and f["evidence"] == "33.33"


def test_rsn004_flags_only_the_uses_that_move_differently():
    why = "根据工作安排合理调整支出。"
    text = (
        f"1.因公出国（境）费0万元，与上年持平，主要原因是{why}\n"
        f"2.公务接待费1.20万元，比上年增加0.20万元，主要原因是{why}\n"
        f"3.公务用车运行维护费3.00万元，与上年持平，主要原因是{why}\n"
    )
    rs = []
    for line, clause, item, kw in (
        (0, "与上年持平", "因公出国（境）费", {"amount": 0.0, "direction": "持平"}),
        (1, "比上年增加0.20万元", "公务接待费", {"amount": 0.2, "direction": "增加"}),
        (2, "与上年持平", "公务用车运行维护费", {"amount": 0.0, "direction": "持平"}),
    ):
        start = sum(len(x) + 1 for x in text.split("\n")[:line])
        cs = text.index(clause, start)
        rsn = text.index("主要原因是", cs)
        rs.append(
            Reason(
                text[rsn : text.index("\n", rsn)],
                rsn,
                text.index("\n", rsn),
                item=item,
                change=Change(start=cs, end=cs + len(clause), **kw),
            )
        )
    (f,) = codes(run(text, rs, ["RSN004"]), "RSN004")
    assert f["details"]["item"] == "公务接待费" and f["details"]["same_as"] == "因公出国（境）费"


@pytest.mark.parametrize(
    "after,fires",
    [
        ("，由于认真落实过紧日子要求，压减会议规模。", False),
        ("。受疫情影响，会议改为线上召开。", False),
        ("，主要用于召开全县工作会议。", True),
        ("。", True),
    ],
)
def test_rsn005_silent_when_the_sentence_explains(after, fires):
    text = f"2023年会议费0.50万元，比上年减少1.50万元，下降75.00%{after}\n"
    r = reason(
        text,
        "比上年减少1.50万元，下降75.00%",
        None,
        "会议费",
        amount=1.5,
        rate=75.0,
        direction="减少",
        current=0.5,
    )
    assert bool(codes(run(text, [r], ["RSN005"]), "RSN005")) is fires


def test_sum008_economic_classes_against_basic_spending():
    text = (
        "基本支出较上年增12.00万元，增幅8.00%。主要变动原因如下：1.工资福利支出较上年增15.00万元；"
        "2.商品和服务支出较上年减5.00万元；3.对个人和家庭的补助较上年增1.00万元。\n"
    )
    rs = [
        reason(text, "较上年增12.00万元", None, "基本支出", amount=12.0, direction="增加"),
        reason(text, "较上年增15.00万元", None, "工资福利支出", amount=15.0, direction="增加"),
        reason(text, "较上年减5.00万元", None, "商品和服务支出", amount=5.0, direction="减少"),
        reason(text, "较上年增1.00万元", None, "对个人和家庭的补助", amount=1.0, direction="增加"),
    ]
    (f,) = codes(run(text, rs, ["SUM008"]), "SUM008")
    assert f["details"]["sum"] == 11 and f["details"]["what"] == "change"
    rs[3].change.amount = 2.0
    assert codes(run(text, rs, ["SUM008"]), "SUM008") == []
