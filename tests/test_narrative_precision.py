"""Forms of real disclosures the reader once got wrong (texts written here): a 分别 list
read item by item, an explanation on its own paragraph, before the change (由于/受…影响)
after a list number or a heading, across ；and wrapped lines, and a total's reason after
its sub-items. Each test asserts the change the explanation carries."""

from __future__ import annotations

from extract.clauses import parse_clauses
from extract.model import Reason
from extract.narrative_reasons import extract_reasons
from extract.normalize import normalize


def _reasons(text: str) -> list[Reason]:
    return extract_reasons(text, normalize(text), [])


def _explained(reasons: list[Reason]) -> list[Reason]:
    return [r for r in reasons if r.kind != "missing"]


def _missing(reasons: list[Reason]) -> list[Reason]:
    return [r for r in reasons if r.kind == "missing"]


def _offsets_ok(text: str, reasons: list[Reason]) -> None:
    for r in reasons:
        assert text[r.start : r.end] == r.text


def test_each_list_gives_every_item_its_own_amount() -> None:
    # ``A、B分别为X、Y，比上年分别增加a、b，分别增长p、q``: item i has current X_i
    for comma in ("，", ","):
        nt = normalize(
            f"3.差旅费、培训费支出分别为120.50万元、35.20万元{comma}比上年分别增加20.50万元、5.20万元"
            f"{comma}分别增长20.50%、17.33%{comma}主要原因是业务量增加。"
        ).text
        got = {c.item: c.change for c in parse_clauses(nt).changes}
        assert set(got) == {"差旅费", "培训费"}
        assert (got["差旅费"].current, got["差旅费"].amount, got["差旅费"].rate) == (120.5, 20.5, 20.5)
        assert (got["培训费"].current, got["培训费"].amount, got["培训费"].rate) == (35.2, 5.2, 17.33)


def test_reason_in_the_next_paragraph_after_a_blank_line() -> None:
    text = (
        "2.机关服务(项)支出86.40万元，比上年减少12.60万元（12.73%）。\n\n"
        "这主要是部分事务外包，劳务费用下降。\n\n"
        "3.信息化建设(项)支出40.00万元，与上年持平。"
    )
    rs = _reasons(text)
    _offsets_ok(text, rs)
    (r,) = _explained(rs)
    assert r.marker == "这主要是" and r.text.startswith("这主要是部分事务外包")
    assert (r.change.amount, r.change.rate, r.change.direction) == (12.6, 12.73, "减少")
    assert not _missing(rs)


def test_due_to_after_a_list_number() -> None:
    text = (
        "5.由于上年集中清缴欠费，本年无此项支出，住房公积金(项)支出70.10万元，比上年减少9.90万元(12.38%)。\n"
        "6.其他支出3.00万元。"
    )
    rs = _reasons(text)
    _offsets_ok(text, rs)
    (r,) = _explained(rs)
    assert r.marker == "由于" and r.text == "由于上年集中清缴欠费，本年无此项支出"
    assert (r.change.amount, r.change.rate) == (9.9, 12.38)
    assert not _missing(rs)


def test_due_to_after_a_heading_line_and_no_result_link_in_shiyong() -> None:
    # the heading has no final punctuation (the normaliser glues it to its paragraph);
    # 使用 inside the reason is no 使 result link
    text = (
        "二、公务用车购置及运行维护费\n"
        "由于车辆使用年限较长,维修费用增加,2023年公务用车运行维护费15.00万元,较上年增加3.00万元,增长25.00%。"
    )
    rs = _reasons(text)
    _offsets_ok(text, rs)
    (r,) = _explained(rs)
    assert r.text == "由于车辆使用年限较长,维修费用增加"
    assert (r.change.amount, r.change.rate) == (3.0, 25.0)
    assert "公务用车运行维护费" in (r.item or "")


def test_due_to_with_reasons_split_by_semicolon_and_a_wrapped_line() -> None:
    text = (
        "由于年中追加专项经费，项目支出增加；\n"
        "新招录人员2名，工资福利支出增加，本年支出合计较上年增加56.00万元（增长8.00%）。"
    )
    rs = _reasons(text)
    _offsets_ok(text, rs)
    (r,) = _explained(rs)
    assert r.text.startswith("由于年中追加专项经费") and r.text.endswith("工资福利支出增加")
    assert (r.change.amount, r.change.rate) == (56.0, 8.0)


def test_comparison_clause_then_amount_and_rate_in_parenthesis_is_one_change() -> None:
    nt = normalize("公务接待费支出6.00万元，与上年相比，减少1.50万元（下降20.00%）。").text
    (c,) = parse_clauses(nt).changes
    assert (c.item, c.change.amount, c.change.rate, c.change.current) == ("公务接待费", 1.5, 20.0, 6.0)


def test_total_reason_after_its_sub_items() -> None:
    text = (
        "七、“三公”经费支出决算情况说明\n\n"
        "2023年度“三公”经费支出决算30.00万元，比上年减少6.00万元。\n\n"
        "一、公务接待费\n\n"
        "公务接待费10.00万元，比上年减少2.00万元，主要原因是接待批次减少。\n\n"
        "二、公务用车运行维护费\n\n"
        "公务用车运行维护费20.00万元，比上年减少4.00万元，主要原因是车辆减少1辆。\n\n"
        "“三公”经费较上年减少的主要原因是严格控制接待和用车。"
    )
    rs = _reasons(text)
    _offsets_ok(text, rs)
    assert not _missing(rs)
    total = [r for r in rs if r.text.startswith("主要原因是严格控制")]
    assert len(total) == 1 and total[0].change.amount == 6.0


def test_generic_restatement_does_not_reach_a_far_change() -> None:
    # ``支出增长主要原因是`` names no item: it explains the change right before it only
    text = (
        "1.行政运行支出100.00万元，比上年增加10.00万元。\n\n"
        "2.事业运行支出50.00万元，比上年减少5.00万元，减少的原因是人员退休。\n\n"
        "3.其他支出20.00万元，比上年增加2.00万元。\n\n"
        "支出增长主要原因是新增临时项目。"
    )
    rs = _reasons(text)
    growth = [r for r in _explained(rs) if "新增临时项目" in r.text]
    assert len(growth) == 1 and growth[0].change.amount == 2.0
