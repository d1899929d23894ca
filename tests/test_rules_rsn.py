"""RSN rules and the reason labels (cause, quality)."""

from __future__ import annotations

import copy
from functools import cache

import pytest

from classify.check import check_report
from classify.reasons import CAUSES, cause_of, quality_of
from classify.rules._fragments import project_table
from extract.model import Reason, Report
from extract.pipeline import extract_source
from extract.read import read_text

from .conftest import seed_report, seed_text

CAUSE_LABELS = {c for c, _ in CAUSES} | {"其他"}
QUALITIES = {"specific", "boilerplate", "non_explanatory", "contradictory", "missing"}


def check(text: str) -> Report:
    src = read_text(text)
    return check_report(extract_source(src), src.text)


@cache
def checked(prefix: str) -> Report:
    return check_report(copy.deepcopy(seed_report(prefix)), seed_text(prefix))


def found(rep: Report, code: str) -> list[dict]:
    return [f for f in rep.findings if f["code"] == code]


def items(rep: Report, code: str) -> list[str]:
    return [f["details"].get("item") or f["location"].rsplit(" / ", 1)[-1] for f in found(rep, code)]


def test_every_reason_is_labelled(seed):
    for r in checked(seed).reasons:
        assert r.quality in QUALITIES
        assert r.cause in CAUSE_LABELS or (r.cause is None and r.quality == "missing")


@pytest.mark.parametrize(
    "text,cause",
    [
        ("主要原因是：本年新增退休人员 2 名，退休费增加。", "人员变动"),
        ("主要原因是：社保缴费基数调增。", "政策或标准调整"),
        ("主要原因是：年中追加乡村振兴专项资金。", "项目增减"),
        ("主要原因是：本年功能科目调整，单独列支。", "科目调整"),
        ("主要原因是：燃油价格上涨。", "价格或费率"),
        ("主要原因是：本部门为机构改革新组建部门。", "新设或撤并机构"),
        ("主要原因是：我单位无因公出国（境）费。", "无此项支出"),
        ("主要原因是：厉行节约，压减一般性支出。", "节约压减"),
        ("主要原因是：其他。", "其他"),
    ],
)
def test_cause_lexicon(text, cause):
    assert cause_of(text) == cause


def _q(prefix: str, item_suffix: str, kind: str = "reason") -> str:
    for r in checked(prefix).reasons:
        if r.kind == kind and (r.item or "").endswith(item_suffix):
            return r.quality  # type: ignore[return-value]
    raise AssertionError(item_suffix)


def test_quality_on_seeds():
    assert _q("000", "事业单位离退休(项)") == "contradictory"
    assert _q("000", "行政单位离退休(项)") == "specific"
    assert _q("000", '三公"经费', "variance") == "boilerplate"
    assert _q("000", "公务接待费", "variance") == "non_explanatory"
    assert _q("001", "住房公积金(项)") == "specific"
    assert _q("002", "公务用车购置及运行维护费") == "specific"  # 外出减少 names a driver
    # 严格按照预算执行，预决算无差异 answers a zero variance: there is nothing to explain, and
    # the labelling guide calls that specific (cause 无此项支出); the lexicon's label is kept.
    assert _q("004", "公务用车运行维护费", "variance") == "specific"


# ------------------------------------------------------------------ RSN001


def test_rsn001_seeds():
    got = items(checked("000"), "RSN001")
    assert got.count('财政拨款"三公"经费') == 1 and "公务用车运行费" in got  # 严格执行八项规定…
    assert items(checked("002"), "RSN001") == ['财政拨款"三公"经费']  # 厉行节约，压减…
    # 004's 严格按照预算执行，预决算无差异 explains a zero variance: not flagged; its two
    # 偏差原因 that only say the estimate was imprecise / normal are the model's boilerplate.
    assert items(checked("004"), "RSN001") == ["其他商品服务支出", "全年计划完成市委市政府接待工作"]
    f = found(checked("000"), "RSN001")[-1]
    assert f["evidence"].startswith("主要原因是")


def test_rsn001_fragments():
    text = (
        "（一）机关运行经费支出情况\n\n2023年度本部门机关运行经费支出 45.00 万元，比上年减少 5.00 万元，下降 10.00%，"
        "主要原因是：{r}\n"
    )
    assert found(check(text.format(r="严格落实过紧日子要求，进一步加强经费管理。")), "RSN001")
    assert found(check(text.format(r="本年退休 2 人，公用经费相应减少。")), "RSN001") == []
    # A table's 偏差原因 on a missed row.
    rows = [
        ("产出指标", "数量指标", "巡河次数", "≥48次", "=40次", 45, 37.5, "偏差在合理范围内"),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 45, 45, ""),
    ]
    assert len(found(check(project_table("河长制", rows)), "RSN001")) == 1


# ------------------------------------------------------------------ RSN002


def test_rsn002_seeds():
    assert "公务接待费" in items(checked("000"), "RSN002")  # …接待产生的餐费支出 for −60 %
    assert "机关运行经费" in items(checked("000"), "RSN002")  # 办公费支出减少
    # 003's 全程网办事项有所变动 says that it changed, not why.
    assert items(checked("003"), "RSN002") == ["全程网办事项比例"]
    assert found(checked("004"), "RSN002") == []
    # a (项) line explained only by the fees under it that rose: its spending restated (the
    # word 人员 inside 单位人员工伤保险缴费 is no staffing driver)
    assert any("其他行政事业单位医疗支出" in i for i in items(checked("001"), "RSN002"))


def test_rsn002_fragments():
    text = (
        "七、财政拨款“三公”经费支出决算情况说明\n\n2023 年度公务接待费支出 1.00 万元，比上年增加 0.40 万元，"
        "增长 66.67%，主要原因是：{r}\n"
    )
    assert found(check(text.format(r="公务接待费支出增加。")), "RSN002")
    assert found(check(text.format(r="主要用于上级部门来访工作餐。")), "RSN002")
    assert found(check(text.format(r="本年承接全省现场会 2 次，接待批次增加。")), "RSN002") == []


_ACCOUNT = (
    "七、财政拨款“三公”经费支出决算情况说明\n\n2023 年度公务接待费支出 1.00 万元，比上年增加 0.40 万元，"
    "增长 66.67%，主要原因是：{r}\n"
)


@pytest.mark.parametrize(
    "reason",
    [
        "邮电费和办公耗材发生的费用支出。",
        "水电费及物业费发生的费用支出。",
        "机关公务接待产生的餐费支出。",
        "日常办公形成的印刷费支出。",
        "差旅费和培训费所发生的各项费用。",
    ],
)
def test_rsn002_spent_on_lexicon(reason, monkeypatch):
    # Any verb of incurring (产生, 发生, 形成) + the money it cost says what was bought,
    # never why the amount changed.
    monkeypatch.setenv("JXSCAN_MODELS", "off")
    assert quality_of(Reason(f"主要原因是：{reason}", 0, 0, item="公务接待费")) == "non_explanatory"
    assert len(found(check(_ACCOUNT.format(r=reason)), "RSN002")) == 1


@pytest.mark.parametrize(
    "reason",
    [
        "本年新增 2 名人员，差旅费和培训费发生的费用支出相应增加。",  # a driver: people
        "承接全省现场会 2 次，接待任务增加，发生的餐费支出增加。",  # a driver: tasks
        "本年未发生此项费用支出。",  # nothing was spent: a fact, not a restatement
    ],
)
def test_rsn002_spent_on_with_a_driver_is_not_flagged(reason, monkeypatch):
    monkeypatch.setenv("JXSCAN_MODELS", "off")
    assert quality_of(Reason(f"主要原因是：{reason}", 0, 0, item="公务接待费")) == "specific"
    assert found(check(_ACCOUNT.format(r=reason)), "RSN002") == []


# ------------------------------------------------------------------ RSN003


def test_rsn003_seeds():
    (f,) = found(checked("000"), "RSN003")
    assert f["severity"] == "error"
    assert f["details"]["item"].endswith("事业单位离退休(项)")
    assert "行政单位离退休" in f["details"]["contradiction"]
    for prefix in ("001", "002", "003", "004"):
        assert found(checked(prefix), "RSN003") == []


def test_rsn003_direction_and_mixed():
    text = (
        "五、一般公共预算财政拨款支出决算情况说明\n\n1. 教育支出（类）普通教育（款）小学教育（项）："
        "支出决算数为 90.00 万元，比上年决算减少 10.00 万元，下降 10.00%，主要原因是：{r}\n"
    )
    assert found(check(text.format(r="本年教师人数增加，人员经费支出增加。")), "RSN003")
    # Mixed statements (one unit up, another down) do not contradict the net change.
    mixed = "甲校人员经费支出减少，乙校公用经费支出增加。"
    assert found(check(text.format(r=mixed)), "RSN003") == []
    assert found(check(text.format(r="本年教师退休 3 人，人员经费支出减少。")), "RSN003") == []


def test_rsn003_sibling_subject_but_not_a_unit_named_after_it():
    text = (
        "五、一般公共预算财政拨款支出决算情况说明\n\n"
        "1. 社会保障和就业支出（类）残疾人事业（款）残疾人康复（项）：支出决算数为 80.00 万元，比上年决算增加 "
        "10.00 万元，增长 14.29%，主要原因是：新增残疾儿童康复救助对象 20 人。\n"
        "2. 社会保障和就业支出（类）残疾人事业（款）事业运行（项）：支出决算数为 60.00 万元，比上年决算减少 "
        "5.00 万元，下降 7.69%，主要原因是：{r}\n"
    )
    (f,) = found(check(text.format(r="残疾人康复支出减少。")), "RSN003")
    assert "残疾人康复" in f["details"]["contradiction"]
    # The sibling's name inside a unit's name (the unit that spends on 事业运行) is no contradiction.
    for r in (
        "县残疾人康复中心部分干部长期病休，奖励性绩效发放减少。",
        "县残疾人康复\n服务中心退休 2 人，人员支出减少。",
    ):
        assert found(check(text.format(r=r)), "RSN003") == [], r


# ------------------------------------------------------------------ RSN004


def test_rsn004_seeds():
    (f,) = found(checked("004"), "RSN004")
    assert f["details"]["item"] == "南湖28号房产维修改造面积"
    assert f["details"]["same_as"] == "市委市政府二楼礼堂维修面积"
    # Same text for items moving the same way (nested totals, 004's 新增部门) is fine.
    for prefix in ("000", "001", "002", "003"):
        assert found(checked(prefix), "RSN004") == []


def test_rsn004_narrative():
    text = (
        "五、一般公共预算财政拨款支出决算情况说明\n\n"
        "1. 农林水支出（类）农业农村（款）病虫害控制（项）：支出决算数为 30.00 万元，比上年决算增加 5.00 万元，"
        "增长 20.00%，主要原因是：根据县委县政府工作安排，调整农业项目资金。\n"
        "2. 农林水支出（类）农业农村（款）农业生产发展（项）：支出决算数为 40.00 万元，比上年决算减少 10.00 万元，"
        "下降 20.00%，主要原因是：根据县委县政府工作安排，调整农业项目资金。\n"
    )
    (f,) = found(check(text), "RSN004")
    assert f["details"]["item"].endswith("农业生产发展(项)")


# ------------------------------------------------------------------ RSN005


def test_rsn005_seeds():
    assert items(checked("001"), "RSN005") == ["开展就业技能培训次数"]  # target missed, no 偏差原因
    assert items(checked("004"), "RSN005") == ["补偿费用下调率"]
    assert found(checked("000"), "RSN005") == [] and found(checked("003"), "RSN005") == []


def test_rsn005_fragments():
    rows = [
        ("产出指标", "数量指标", "巡河次数", "≥48次", "=40次", 45, 37.5, ""),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 45, 45, ""),
    ]
    assert len(found(check(project_table("河长制", rows)), "RSN005")) == 1
    rows[0] = ("产出指标", "数量指标", "巡河次数", "≥48次", "=40次", 45, 37.5, "汛期道路中断 2 个月")
    assert found(check(project_table("河长制", rows)), "RSN005") == []


@pytest.mark.parametrize(
    "reason,quality",
    [
        ("严格执行中央八项规定精神。", "boilerplate"),
        ("厉行节约，勤俭办事。", "boilerplate"),
        ("“三公”经费只减不增。", "boilerplate"),
        ("进一步加强公务用车管理。", "boilerplate"),
        ("严控一般性支出。", "boilerplate"),
        ("压减一般性支出。", "boilerplate"),
        ("公务接待费与上年估计持平。", "non_explanatory"),
        ("支出减少有所致。", "non_explanatory"),
        ("项目执行进度偏慢。", "non_explanatory"),
        ("主要用于接待上级检查工作餐。", "non_explanatory"),
        ("债券资金用于道路建设工程。", "non_explanatory"),
        ("新增债券资金用于道路建设工程。", "specific"),
        ("—", "missing"),
        ("本年上级来访检查批次减少。", "specific"),
    ],
)
def test_rule_lexicon_forms_of_other_regions(reason, quality, monkeypatch):
    # The lexicons alone (what labels a reason when the model abstains).
    monkeypatch.setenv("JXSCAN_MODELS", "off")
    assert quality_of(Reason(f"主要原因是：{reason}", 0, 0, item="公务接待费")) == quality


def test_one_finding_for_a_reason_shared_by_a_list() -> None:
    """A reason written once after a 分别 list is one Reason per item (one span): a hollow one
    is one RSN001, not one per item, and no RSN004 (the items move the same way)."""
    text = (
        "某某县财政局2023年度部门决算公开说明\n三、支出决算情况说明\n"
        "办公费、印刷费、差旅费分别为20.00万元、15.00万元、10.00万元，比上年分别增加5.00万元、"
        "3.00万元、2.00万元，主要原因是工作需要。\n"
    )
    src = read_text(text, "list.txt")
    rep = check_report(extract_source(src), src.text)
    shared = [r for r in rep.reasons if "工作需要" in r.text]
    assert [r.item for r in shared] == ["办公费", "印刷费", "差旅费"]
    assert len({(r.start, r.end) for r in shared}) == 1
    codes = [f["code"] for f in rep.findings if f["code"].startswith("RSN")]
    assert codes == ["RSN001"]
    f = next(f for f in rep.findings if f["code"] == "RSN001")
    assert "工作需要" in text[f["start"] : f["end"]]
