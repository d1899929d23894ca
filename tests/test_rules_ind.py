"""IND rules: positive and negative cases on the seeds and on fragments in other layouts."""

from __future__ import annotations

import copy
from functools import cache

import pytest

from classify.check import check_report
from classify.label import is_bad_rate, is_good_rate
from classify.rules._fragments import project_table
from extract.model import Report
from extract.pipeline import extract_source
from extract.read import read_text

from .conftest import seed_report, seed_text


def check(text: str, select: list[str] | None = None) -> Report:
    src = read_text(text)
    return check_report(extract_source(src), src.text, select=select)


@cache
def checked(prefix: str) -> Report:
    return check_report(copy.deepcopy(seed_report(prefix)), seed_text(prefix))


def found(rep: Report, code: str) -> list[dict]:
    return [f for f in rep.findings if f["code"] == code]


def names(rep: Report, code: str) -> list[str]:
    return [f["location"].rsplit(" / ", 1)[-1] for f in found(rep, code)]


OK = "完全达到预期目标"

# One cell per line, wrapped cells (the converter layout of seed 001), another department.
CELL_LINES = """ 项目支出绩效自评表

（2023 年）

项目名称 农村环境整治补助

主管部门 某县生态环境局 实施单位
某县生态环境局

项目资金

（万元）

年初预
算数
全年预算数 全年执行数 分值 执行率 得分

年度资金总额 60.00 60.00 60.00 10 100.00% 10

其中：当年财政拨
款
60.00 60.00 60.00 — — —

其他资金 0.00 0.00 0.00 — — —

年度
总体
目标

预期目标 实际完成情况

完成 20 个村庄生活污水治理。

完成 12 个村庄生活污水治理。

一级
指标
二级
指标
三级指标 年度指标值
实际完成
值
分值 得分
偏差原因分
析及改进措
施

产出
指标
数量
指标
治理村庄数量 >=20 个 =12 个 30 {score}

质量
指标
设施验收合格率 >=95% =100% 20 20

成本
指标
经济
成本
指标
治理工程成本 <=55 万元 =55 万元 20 20

满意
度指
标
满意
度指
标
村民满意度 >=90% =95% 20 20

总分 100 {total} 分
"""

# Indicators written as paragraphs (the layout of seed 003), another phrasing of the operator.
NARRATIVE = """三、部门单位整体支出绩效分析

我单位 2023 年全年预算金额为 100.00 万元，执行金额为 90.00万元，执行率为 90.00%，得 9分。

（一）指标一：

老旧设备更新数量：该指标预期指标值为大于等于 10台，本次评价老旧设备更新数量 {actual}台，该指标完成率为 {pct}%，该指标权重分值为 20 分，自评得分 {score}分。

（二）指标二：

群众满意度：该指标预期指标值为大于等于 90%，本次评价群众满意度 95%，该指标完成率为 100%。该指标权重分值为 70分，自评得分 70分。

四、评价结论

2023年度部门整体支出绩效自评综合得分 {total}分。
"""


# ------------------------------------------------------------------ IND001


def test_ind001_seeds():
    assert names(checked("001"), "IND001") == ["开展就业技能培训次数"]  # >=1 次, =0 次, 6 of 6
    assert names(checked("004"), "IND001") == ["补偿费用下调率"]  # <=42 %, =44 %, full
    assert names(checked("002"), "IND001") == ["网站建设成本"]  # cost 20 万元 spent 30, full
    assert found(checked("000"), "IND001") == [] and found(checked("003"), "IND001") == []
    f = found(checked("001"), "IND001")[0]
    assert f["severity"] == "error" and f["details"]["target"] == 1 and f["details"]["actual"] == 0
    assert f["details"]["weight"] == 6 and f["details"]["score"] == 6 and f["details"]["rule"] == "none"
    assert f["evidence"].startswith("开展就业技能培训次数")


def test_ind001_other_layouts():
    rep = check(CELL_LINES.format(score=30, total=100))
    assert names(rep, "IND001") == ["治理村庄数量"]
    rep = check(NARRATIVE.format(actual=6, pct=60, score=20, total=99))
    assert names(rep, "IND001") == ["老旧设备更新数量"]


def test_ind001_negative():
    # Scored proportionally (12/20 × 30 = 18): not flagged.
    rep = check(CELL_LINES.format(score=18, total=88))
    assert found(rep, "IND001") == [] and found(rep, "IND004") == []
    # An exact target passed (=131 人 → 138 人) is exceeded, not missed.
    rows = [
        ("产出指标", "数量指标", "服务人员人数", "=131人", "=138人", 40, 40, "服务需求增加"),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 50, 50, ""),
    ]
    assert found(check(project_table("物业服务", rows)), "IND001") == []
    # Lower-better met (time within the bound).
    rows = [
        ("产出指标", "时效指标", "故障响应时间", "≤2小时", "=1.5小时", 45, 45, ""),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 45, 45, ""),
    ]
    assert found(check(project_table("系统运维", rows)), "IND001") == []


# ------------------------------------------------------------------ IND002


def test_ind002_seeds():
    assert "保障正常办公人数" in names(checked("001"), "IND002")  # >=34 人, =34 人, 6.8 of 8
    # Both-ways scoring of cost rows, consistent in 000 and 004: not anomalies.
    for prefix, row in (
        ("004", "水、电、燃气费"),
        ("004", "劳务费"),
        ("000", "委托费支付成本"),
        ("000", "邮政寄递业务月均成本费用"),
        ("000", "引导员人数"),
    ):
        assert row not in names(checked(prefix), "IND002")
    assert found(checked("000"), "IND002") == [] and found(checked("003"), "IND002") == []


def test_ind002_positive_and_negative():
    rows = [
        ("产出指标", "数量指标", "培训人次", "≥500人次", "=520人次", 30, 24, ""),
        ("满意度指标", "满意度指标", "学员满意度", "≥90%", "=95%", 60, 60, ""),
    ]
    assert names(check(project_table("职业技能培训", rows)), "IND002") == ["培训人次"]
    # A document that scores cost rows both ways in two rows explains a third.
    rows = [
        ("成本指标", "经济成本指标", "印刷费", "≤10万元", "=8万元", 20, 16, ""),
        ("成本指标", "经济成本指标", "场地租赁费", "≤20万元", "=15万元", 20, 15, ""),
        ("产出指标", "数量指标", "培训人次", "≥500人次", "=520人次", 50, 50, ""),
    ]
    rep = check(project_table("职业技能培训", rows, budget=(40, 40, 23), exec_score=5.75))
    assert found(rep, "IND002") == []
    assert rep.rulebook["rules"][0]["rule"] == "both_ways"


# ------------------------------------------------------------------ IND003


def test_ind003():
    rows = [
        ("产出指标", "数量指标", "巡查次数", "≥12次", "=12次", 30, 35, ""),
        ("产出指标", "质量指标", "问题整改率", "≥90%", "=95%", 30, -2, ""),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 30, 30, ""),
    ]
    rep = check(project_table("河道巡查", rows))
    assert names(rep, "IND003") == ["巡查次数", "问题整改率"]
    for prefix in ("000", "001", "002", "003", "004"):
        assert found(checked(prefix), "IND003") == []


# ------------------------------------------------------------------ IND004


def test_ind004():
    rows = [
        ("产出指标", "数量指标", "改造户数", "≥200户", "=150户", 30, 20, "资金到位晚"),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 60, 60, ""),
    ]
    rep = check(project_table("农村危房改造", rows))
    f = found(rep, "IND004")
    assert [x["location"].rsplit(" / ", 1)[-1] for x in f] == ["改造户数"]
    assert f[0]["details"]["expected"]["standard"] == 22.5
    # The proportional score is fine; a zero on a miss is a lawful convention.
    for score in (22.5, 0):
        rows[0] = ("产出指标", "数量指标", "改造户数", "≥200户", "=150户", 30, score, "资金到位晚")
        assert found(check(project_table("农村危房改造", rows)), "IND004") == []
    for prefix in ("000", "001", "002", "003", "004"):
        assert found(checked(prefix), "IND004") == []


def _mixed_document(patrol_score: float) -> str:
    """Four project tables whose budget executions are scored weight × rate (97-98 %) while
    the indicator rows lose 2.5 % of the weight per percentage point missed."""
    sat = ("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 30, 30, "")
    return "\n".join(
        [
            project_table(
                "入户走访",
                [
                    ("产出指标", "数量指标", "入户走访户数", "≥100户", "=90户", 20, 15, "部分农户外出"),
                    ("产出指标", "数量指标", "宣传活动场次", "≥20场", "=18场", 20, 15, "天气原因取消"),
                    ("成本指标", "经济成本指标", "走访成本", "≤9万元", "=9万元", 20, 20, ""),
                    sat,
                ],
                budget=(50, 50, 48.5),
            ),
            project_table(
                "村级阵地维护",
                [
                    ("产出指标", "数量指标", "维护村级阵地数量", "≥12个", "=12个", 40, 40, ""),
                    ("成本指标", "经济成本指标", "维护成本", "≤27万元", "=27万元", 20, 20, ""),
                    sat,
                ],
                budget=(30, 30, 29.1),
            ),
            project_table(
                "河道巡查",
                [
                    ("产出指标", "数量指标", "巡查次数", "≥50次", "=45次", 40, patrol_score, "汛期道路中断"),
                    ("成本指标", "经济成本指标", "巡查成本", "≤19万元", "=19万元", 20, 20, ""),
                    sat,
                ],
                budget=(20, 20, 19.5),
            ),
            project_table(
                "政策宣传",
                [
                    ("产出指标", "数量指标", "发放宣传资料份数", "≥5000份", "=5200份", 40, 40, ""),
                    ("成本指标", "经济成本指标", "印制成本", "≤14万元", "=14万元", 20, 20, ""),
                    sat,
                ],
                budget=(16, 16, 15.6),
            ),
        ]
    )


def test_ind004_deduction_beside_rate_scored_execution():
    # 90 % → 15 of 20 and 90 % → 30 of 40: k = 0.025 from the indicator rows; the four
    # execution scores (weight × rate) are their own rule family and do not outvote them.
    rep = check(_mixed_document(30))
    assert rep.rulebook["k"] == 0.025
    assert {r["rule"] for r in rep.rulebook["rules"]} >= {"deduction", "rate"}
    assert found(rep, "IND004") == [] and found(rep, "SUM004") == []
    # A partial score that no rule gives is still flagged in such a document (k = 0.025
    # gives 30, the proportional reading 36; 26 is neither).
    rep = check(_mixed_document(26))
    assert rep.rulebook["k"] == 0.025
    assert names(rep, "IND004") == ["巡查次数"]
    assert found(rep, "IND004")[0]["details"]["expected"]["deduction"] == 30


# ------------------------------------------------------------------ IND005


def test_ind005():
    assert len(found(checked("002"), "IND005")) == 7  # 整体支出 table: actuals with ≤/≥
    assert all("整体支出绩效自评表" in f["location"] for f in found(checked("002"), "IND005"))
    assert found(checked("002"), "IND005")[0]["evidence"] == "≤376.03万元"
    for prefix in ("000", "001", "003", "004"):
        assert found(checked(prefix), "IND005") == []
    # Full-width operator and the word form in the actual column.
    rows = [
        ("产出指标", "数量指标", "新建步道长度", "≥5公里", "＞＝5公里", 30, 30, ""),
        ("产出指标", "质量指标", "验收合格率", "大于等于95%", "大于等于95%", 30, 30, ""),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=90%", 30, 30, ""),
    ]
    assert names(check(project_table("全民健身步道", rows)), "IND005") == ["新建步道长度", "验收合格率"]


# ------------------------------------------------------------------ IND006


def test_ind006():
    assert names(checked("000"), "IND006") == ["电子印章年使用费用(200元/个)"]  # <=4 元 vs =398 元
    assert names(checked("001"), "IND006") == ["维修维护成本"]  # 万余
    assert found(checked("004"), "IND006") == [] and found(checked("002"), "IND006") == []
    rows = [
        ("成本指标", "经济成本指标", "设备采购成本", "≤30万元", "=298000元", 30, 30, ""),
        ("成本指标", "经济成本指标", "耗材成本", "≤2万元", "=1.8万元", 30, 30, ""),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 30, 30, ""),
    ]
    assert names(check(project_table("设备更新", rows, budget=(40, 40, 32))), "IND006") == ["设备采购成本"]


# ------------------------------------------------------------------ IND007


def test_ind007():
    assert names(checked("000"), "IND007") == ["废标、流标率"]  # <=90 %
    assert "政府采购率" in names(checked("002"), "IND007")  # ≤98 %
    assert names(checked("001"), "IND007") == ["预算成本控制率", "预算成本控制率"]  # <=100 %
    assert found(checked("004"), "IND007") == []
    # 003: the 预算经费 target is the department's whole 年初预算数 (212.65 万元).
    assert names(checked("003"), "IND007") == ["预算经费"]
    # 002: a project's only cost row bounded by its whole 年初预算数.
    assert {"网络维修与保障成本", "驻外办项目成本"} <= set(names(checked("002"), "IND007"))
    rows = [
        ("产出指标", "质量指标", "系统故障率", "≤5%", "=1%", 30, 30, ""),  # a real bound
        ("产出指标", "质量指标", "投诉率", "≤60%", "=3%", 30, 30, ""),  # lax
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 30, 30, ""),
    ]
    assert names(check(project_table("热线运维", rows)), "IND007") == ["投诉率"]


@pytest.mark.parametrize(
    "name",
    [
        "政府采购程序合规率",
        "培训后开店率",
        "党员参学率",
        "护林员到岗率",
        "照料服务覆盖率",
        "造林成活率",
        "评价报告按期出具率",
        "信访事项及时受理率",
        "救助对象参保率",
        "消费券核销率",
    ],
)
def test_good_rates_by_their_head(name):
    assert is_good_rate(name) and not is_bad_rate(name)


@pytest.mark.parametrize(
    "name",
    [
        "服务投诉率",
        "设备故障率",
        "普查数据差错率",
        "事故发生率",
        "废标、流标率",
        "城镇调查失业率",
        "森林火灾受害率",
        "不合格率",
        "项目未完成率",
    ],
)
def test_bad_rates_by_their_head(name):
    assert is_bad_rate(name) and not is_good_rate(name)


@pytest.mark.parametrize(
    "name", ["公用经费增长率", "资产负债率", "评审审减率", "工作效率", "贷款到期率", "经费开支率"]
)
def test_rates_with_no_side(name):
    assert not is_good_rate(name) and not is_bad_rate(name)


def test_ind007_good_rates_bounded_from_above():
    rows = [
        ("产出指标", "质量指标", "政府采购程序合规率", "≤95%", "=95%", 15, 15, ""),
        ("产出指标", "质量指标", "培训后开店率", "≤98%", "=98%", 15, 15, ""),
        ("产出指标", "质量指标", "党员参学率", "≤98%", "=98%", 15, 15, ""),
        ("产出指标", "质量指标", "护林员到岗率", "≤99%", "=99%", 15, 15, ""),
        ("产出指标", "质量指标", "项目未完成率", "≤80%", "=2%", 10, 10, ""),  # a lax bad rate
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 20, 20, ""),
    ]
    got = names(check(project_table("基层党建", rows)), "IND007")
    assert got == ["政府采购程序合规率", "培训后开店率", "党员参学率", "护林员到岗率", "项目未完成率"]
    # Real upper bounds: a rate with no good side, a tight bound on a bad rate.
    rows = [
        ("产出指标", "质量指标", "公用经费增长率", "≤5%", "=3%", 30, 30, ""),
        ("产出指标", "质量指标", "资产负债率", "≤60%", "=41%", 30, 30, ""),
        ("产出指标", "质量指标", "城镇调查失业率", "≤5.5%", "=5.1%", 10, 10, ""),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 20, 20, ""),
    ]
    assert found(check(project_table("经费管理", rows)), "IND007") == []


def test_equal_target_named_after_a_price_or_cost():
    # A count whose subject is a price or a cost keeps its ``=`` target exact: 26 of =24 is
    # more work, not an overrun. A money row with ``=`` is still a budget bound.
    rows = [
        ("产出指标", "数量指标", "开展重要商品价格监测", "=24期", "=26期", 20, 20, ""),
        ("产出指标", "数量指标", "完成定价成本监审", "=8项", "=9项", 20, 20, ""),
        ("成本指标", "经济成本指标", "价格监测采价成本", "=5万元", "=6万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 30, 30, ""),
    ]
    rep = check(project_table("价格监测与成本调查经费", rows, budget=(6, 6, 6)))
    by_name = {r.name: r for t in rep.tables for r in t.rows}
    for n in ("开展重要商品价格监测", "完成定价成本监审"):
        assert (by_name[n].direction, by_name[n].status) == ("exact", "exceeded")
    assert (by_name["价格监测采价成本"].direction, by_name["价格监测采价成本"].status) == (
        "lower_better",
        "unmet",
    )
    assert names(rep, "IND001") == ["价格监测采价成本"]
    assert found(rep, "IND002") == [] and found(rep, "IND004") == []
    # An explicit operator is never overridden by the name.
    rows[0] = ("产出指标", "数量指标", "开展重要商品价格监测", "≥24期", "=20期", 20, 20, "")
    rep = check(project_table("价格监测与成本调查经费", rows, budget=(6, 6, 6)))
    assert "开展重要商品价格监测" in names(rep, "IND001")


# ------------------------------------------------------------------ IND008


def test_ind008():
    rep = checked("001")
    assert len(found(rep, "IND008")) >= 10 and all(f["severity"] == "info" for f in found(rep, "IND008"))
    assert found(checked("004"), "IND008") == []  # actuals say 完全达到预期目标
    rows = [
        ("效益指标", "社会效益指标", "群众获得感", "有效提升", "有效提升", 45, 45, ""),
        ("效益指标", "社会效益指标", "生态环境质量", "改善", "空气优良天数比例提高 3 个百分点", 45, 45, ""),
    ]
    assert names(check(project_table("生态修复", rows)), "IND008") == ["群众获得感"]


# ------------------------------------------------------------------ IND009


def test_ind009():
    got = names(checked("001"), "IND009")
    assert "向村民发放菜苗" in got  # 0 株 while 发放菜苗成本 fully spent
    assert "发送短信" in got and "开展就业技能培训次数" in got
    assert "开展各类型活动次数" not in got  # exactly half: not below half
    assert "保障公务用车数量" not in got  # cost not fully spent
    for prefix in ("000", "002", "003", "004"):
        assert found(checked(prefix), "IND009") == []
    rows = [
        ("产出指标", "数量指标", "免费体检人数", "≥2000人", "=1500人", 30, 22.5, "部分人员外出"),
        ("成本指标", "经济成本指标", "免费体检成本", "≤20万元", "=20万元", 30, 30, ""),
        ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 30, 30, ""),
    ]
    assert found(check(project_table("免费体检", rows, budget=(25, 25, 25))), "IND009") == []  # 75 %
