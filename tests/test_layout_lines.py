"""cell_lines tables: one cell per line, wrapped mid-word (PDF converter output).

Real values from seed 001 (12 tables, checked by hand against the text) and three tables
of other departments written in the same shape, to show the parser reads the layout, not
this seed's phrases.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.layout_lines import parse_lines_table
from extract.model import Quantity, Table
from extract.tables import extract_tables

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
SEED001 = (SEEDS / "001_600f8d7deff56880.txt").read_text(encoding="utf-8")

_TITLE = re.compile(r"^ ?(项目支出绩效自评表|部门（单位）整体支出绩效目标自评表)[ \t]*$", re.M)
_TOTAL = re.compile(r"总分[\s\d.]*分")


def regions(text: str) -> list[tuple[int, int, str]]:
    """Table regions: title line to the end of the 总分 row (or to the next title)."""
    titles = list(_TITLE.finditer(text))
    out = []
    for i, m in enumerate(titles):
        nxt = titles[i + 1].start() if i + 1 < len(titles) else len(text)
        tot = _TOTAL.search(text, m.start(), nxt)
        end = tot.end() if tot else len(text[:nxt].rstrip())
        out.append((m.start(), end, "overall" if "整体" in m.group(1) else "project"))
    return out


def parse_all(text: str) -> list[Table]:
    return [parse_lines_table(text, s, e, k) for s, e, k in regions(text)]


@pytest.fixture(scope="module")
def seed_tables() -> list[Table]:
    return parse_all(SEED001)


def compact(s: str) -> str:
    return re.sub(r"\s", "", s)


_QTY = re.compile(r"^(>=|<=|=)?(\d+(?:\.\d+)?)")


def check_quantity(q: Quantity, want: str) -> None:
    """``want`` is the cell without whitespace; op/value follow from it."""
    assert compact(q.raw) == want
    m = _QTY.match(want)
    if re.search(r"\d年", want):  # a date: one cell, no single value
        assert q.op == "=" and q.value is None
    elif m:
        assert q.op == (m.group(1) or "=")
        assert q.value == pytest.approx(float(m.group(2)))
    else:
        assert q.op == "qualitative"
        assert q.value is None


# Per table: title, declared total, budget (initial, adjusted, executed, rate, weight,
# score), fund rows (name, initial, adjusted, executed), indicator rows (level2, name,
# target, actual, weight, score, note).
SEED_EXPECTED = [
    # 0
    (
        "昌吉回族自治州政务服务和公共资源交易中心",
        None,
        (1223.12, 1810.22, 1810.22, 100, 10, 10),
        [
            ("中央安排", 0, 0, 0),
            ("自治区安排", 0, 0, 0),
            ("地（州、市）安排", 993.12, 1511.95, 1511.95),
            ("县（市、区）安排", 0, 0, 0),
            ("其他资金", 230, 298.27, 298.27),
        ],
        [
            ("数量指标", "做好 2023年民生实事相关诉求分析月报", ">=24期", "=30期", 15, 15, ""),
            ("数量指标", "加强“政邮合作”，推动政务服务事项入驻邮政网点", ">=5个", "=12个", 15, 15, ""),
            ("数量指标", "“吉速办”小程序热门服务专区建设", ">=5个", "=12个", 15, 15, ""),
            ("数量指标", "严格落实“好差评”制度，使实名差评按期整改率", "=100%", "=99.29%", 15, 14.89, ""),
            ("数量指标", "全面落实自治区政务服务事项标准化任务", ">=1400个", "=2710个", 10, 10, ""),
            (
                "数量指标",
                "优化健全自治区一体化平台数据共享系统，完善更新数据资源挂载，提升政务数据目录准确关联率",
                ">=70%",
                "=70%",
                10,
                10,
                "",
            ),
            (
                "数量指标",
                "组织第三方专业机构开展一体化政务服务平台、公共资源交易平台的信息安全等级保护测评（三级）工作",
                ">=2次",
                "=2次",
                10,
                10,
                "",
            ),
        ],
    ),
    # 1
    (
        "“为民办实事”工作队经费（区级）",
        88,
        (5, 5, 5, 100, 10, 10),
        [("其中：当年财政拨款", 5, 5, 5), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "开展访问、帮扶弱势群体工作次数", ">=2次", "=2次", 6, 6, ""),
            (
                "数量指标",
                "开展各类型活动次数",
                ">=4次",
                "=2次",
                6,
                0,
                "为民办实事工作队 7月撤回，剩余部分工作由村委开展，我单位定期开展调研",
            ),
            ("数量指标", "开展就业技能培训次数", ">=1次", "=0次", 6, 6, ""),
            ("数量指标", "组织开展人居环境整治建设改造次数", ">=2次", "=2次", 6, 6, ""),
            (
                "数量指标",
                "向村民发放菜苗",
                ">=10000株",
                "=0株",
                6,
                0,
                "为民办实事工作队 7月撤回，剩余部分工作由村委开展，我单位定期开展调研",
            ),
            ("质量指标", "工作质量达标率", ">=90%", "=100%", 10, 10, ""),
            ("经济成本指标", "开展访问、帮扶弱势群体工作成本", "<=0.55万元", "=0.55万元", 4, 4, ""),
            ("经济成本指标", "开展各类活动", "<=1.15万元", "=1.15万元", 4, 4, ""),
            ("经济成本指标", "就业技能培训成本", "<=0.50万元", "=0.5万元", 4, 4, ""),
            ("经济成本指标", "组织开展人居环境整治建设改造成本", "<=1.80万元", "=1.8万元", 4, 4, ""),
            ("经济成本指标", "发放菜苗成本", "<=1万元", "=1万元", 4, 4, ""),
            (
                "社会效益指标",
                "努力使全村社会大局稳定和谐，经济和社会各项事业得到持续、协调、健康发展",
                "提高",
                "提高",
                30,
                30,
                "",
            ),
        ],
    ),
    # 2
    (
        "12345 云呼叫中心平台技术服务运维费",
        86.7,
        (239, 239, 226.54, 94.79, 10, 8.7),
        [("其中：当年财政拨款", 239, 239, 226.54), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "平台维护数量", "=1套", "=1套", 7, 7, ""),
            ("数量指标", "保障办公人数", ">=39人", "=39人", 7, 7, ""),
            (
                "数量指标",
                "发送短信",
                ">=285万条",
                "=61.99万条",
                7,
                0,
                "短信发送数量根据全平台群众使用数量变化，诉求人群较少，故短信发送较少",
            ),
            ("数量指标", "提供光纤数量", "=1条", "=1条", 7, 7, ""),
            ("数量指标", "热线服务天数", ">=365天", "=365天", 7, 7, ""),
            ("质量指标", "服务质量达标率", ">=90%", "=100%", 5, 5, ""),
            ("经济成本指标", "保障热线服务成本", "<=209.62万元", "=209.62万元", 5, 5, ""),
            ("经济成本指标", "平台租赁及运维成本", "<=14.38万元", "=14.38万元", 5, 5, ""),
            ("经济成本指标", "短信费成本", "<=10万元", "=10万元", 5, 5, ""),
            (
                "经济成本指标",
                "光纤费成本",
                "=5万元",
                "=2.54万元",
                5,
                0,
                "光纤费主要为单位电话费，部分开支由公用经费支付",
            ),
            (
                "社会效益指标",
                "确保企业和群众反映的问题和合理诉求及时得到处置和办理",
                "保障",
                "保障",
                20,
                20,
                "",
            ),
            ("满意度指标", "群众满意度", ">=90%", "=99%", 10, 10, ""),
        ],
    ),
    # 3
    (
        "昌吉州政资局“吉速办”微信公众号运维项目",
        100,
        (15, 15, 15, 100, 10, 10),
        [("其中：当年财政拨款", 15, 15, 15), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "公众号宣传任务", ">=24次", "=45次", 15, 15, ""),
            ("质量指标", "各项工作完成率", ">=95%", "=100%", 15, 15, ""),
            ("时效指标", "公众号宣传频率", ">=2次/月", "=2次/月", 10, 10, ""),
            ("经济成本指标", "预算成本控制率", "<=100%", "=100%", 20, 20, ""),
            ("社会效益指标", "为人民群众提供高效、规范、便捷的政务服务", "保障", "保障", 10, 10, ""),
            ("社会效益指标", "营造高效透明的政务环境", "保障", "保障", 10, 10, ""),
            ("满意度指标", "群众满意度", ">=90%", "=90%", 10, 10, ""),
        ],
    ),
    # 4
    (
        "昌吉州政资局公共资源交易平台和 12345 政务服务便民热线平台国密算法改造测评服务项目",
        100,
        (70, 70, 69.91, 99.87, 10, 10),
        [("其中：当年财政拨款", 70, 70, 69.91), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "12345 政府热线平台测评三级改造服务次数", ">=1次", "=1次", 8, 8, ""),
            ("数量指标", "公共资源交易系统密评三级改造服务次数", ">=1次", "=1次", 8, 8, ""),
            ("数量指标", "采购云服务器密码机", ">=1台", "=1台", 8, 8, ""),
            ("质量指标", "改造验收合格率", ">=90%", "=100%", 8, 8, ""),
            ("时效指标", "工作完成及时率", ">=90%", "=100%", 8, 8, ""),
            ("经济成本指标", "12345 政府热线平台测评三级服务成本", "<=21万元", "=20.98万元", 6, 6, ""),
            ("经济成本指标", "公共资源交易系统密评三级服务成本", "<=21万元", "=20.98万元", 6, 6, ""),
            ("经济成本指标", "云服务器密码机采购成本", "<=28万元", "=27.95万元", 8, 8, ""),
            ("社会效益指标", "保障信息资产安全", "保障", "保障", 15, 15, ""),
            ("社会效益指标", "保障业务持续稳定运行", "保障", "保障", 15, 15, ""),
        ],
    ),
    # 5
    (
        "昌吉州政资局公共资源交易系统和 12345 政务服务便民热线平台等保测评项目",
        100,
        (20, 20, 20, 100, 10, 10),
        [("其中：当年财政拨款", 20, 20, 20), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "12345 政务服务便民热线平台等保三级测评服务次数", "=1次", "=1次", 10, 10, ""),
            ("数量指标", "公共资源交易平台等保三级测评服务次数", "=1次", "=1次", 10, 10, ""),
            ("质量指标", "测评流程按要求完成率", ">=95%", "=100%", 10, 10, ""),
            ("时效指标", "测评服务完成时间", "<=25天", "=20天", 10, 10, ""),
            (
                "经济成本指标",
                "12345 政务服务便民热线平台等保三级测评服务成本",
                "<=10万元",
                "=10万元",
                10,
                10,
                "",
            ),
            ("经济成本指标", "公共资源交易平台等保三级测评服务成本", "<=10万元", "=10万元", 10, 10, ""),
            ("社会效益指标", "保障重要信息系统安全", "保障", "保障", 15, 15, ""),
            ("社会效益指标", "全面提高信息安全防护能力", "提高", "提高", 15, 15, ""),
        ],
    ),
    # 6
    (
        "电子政务内网建设项目",
        100,
        (2.8, 2.8, 2.8, 100, 10, 10),
        [("其中：当年财政拨款", 2.8, 2.8, 2.8), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "购置设备", "=4台", "=4台", 8, 8, ""),
            ("数量指标", "配套软件", "=1套", "=1套", 8, 8, ""),
            ("质量指标", "设备质量合格率", ">=95%", "=100%", 8, 8, ""),
            ("质量指标", "设备验收合格率", ">=95%", "=100%", 8, 8, ""),
            ("时效指标", "工作完成及时率", ">=90%", "=100%", 8, 8, ""),
            ("经济成本指标", "电子政务内网涉密域建设成本", "<=1.50万元", "=1.5万元", 10, 10, ""),
            ("经济成本指标", "电子政务内网内部域建设成本", "<=1.30万元", "=1.3万元", 10, 10, ""),
            (
                "社会效益指标",
                "有效提升昌吉州电子政务内网网络安全水平和应用支撑能力",
                "提升",
                "提升",
                30,
                30,
                "",
            ),
        ],
    ),
    # 7
    (
        "“放管服”改革优化营商环境运维费",
        100,
        (6, 6, 6, 100, 10, 10),
        [("其中：当年财政拨款", 6, 6, 6), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "印刷“放管服”改革简报", ">=1500张", "=1500张", 8, 8, ""),
            ("数量指标", "“放管服”改革政策汇编", ">=20套", "=20套", 8, 8, ""),
            ("质量指标", "印刷“放管服”改革简报合格率", ">=98%", "=100%", 8, 8, ""),
            ("质量指标", "政策汇编合格率", ">=98%", "=100%", 8, 8, ""),
            ("时效指标", "印刷“放管服”改革简报及时率", ">=95%", "=100%", 8, 8, ""),
            ("经济成本指标", "印刷“放管服”改革简报成本", "<=3万元", "=3万元", 10, 10, ""),
            ("经济成本指标", "印刷“放管服”改革政策汇编成本", "<=3万元", "=3万元", 10, 10, ""),
            ("社会效益指标", "提升政务服务能力和优化营商环境重点领域关键环节", "提高", "提高", 20, 20, ""),
            ("满意度指标", "群众满意度", ">=90%", "=90%", 10, 10, ""),
        ],
    ),
    # 8
    (
        "公告费",
        100,
        (16.43, 16.43, 16.43, 100, 10, 10),
        [("其中：当年财政拨款", 16.43, 16.43, 16.43), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "刊登宣传专栏信息", ">=10篇", "=19篇", 8, 8, ""),
            ("数量指标", "制作视频宣传", ">=2部", "=2部", 8, 8, ""),
            ("数量指标", "全年宣传次数", ">=12次", "=19次", 8, 8, ""),
            ("质量指标", "全年宣传次数完成率", ">=90%", "=100%", 8, 8, ""),
            ("时效指标", "工作完成及时率", ">=95%", "=100%", 8, 8, ""),
            ("经济成本指标", "报刊、网站媒体公告宣传成本", "<=2万元", "=2万元", 5, 5, ""),
            ("经济成本指标", "视频媒体制作成本", "<=12.43万元", "=12.43万元", 10, 10, ""),
            ("经济成本指标", "其他宣传文档制作成本", "<=2万元", "=2万元", 5, 5, ""),
            ("社会效益指标", "提高知晓率，最大限度发现竞买方，实现保值增值", "提升", "提升", 20, 20, ""),
            ("满意度指标", "群众满意度", ">=90%", "=90%", 10, 10, ""),
        ],
    ),
    # 9
    (
        "公共资源与政采云平台整合运维费",
        100,
        (8, 8, 8, 100, 10, 10),
        [("其中：当年财政拨款", 8, 8, 8), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "运维系统数量", "=1个", "=1个", 8, 8, ""),
            ("质量指标", "系统正常运行率", ">=98%", "=100%", 8, 8, ""),
            ("质量指标", "系统故障率", "<=5%", "=0%", 8, 8, ""),
            ("时效指标", "系统故障修复处理时间", "<=3小时", "=0小时", 8, 8, ""),
            ("时效指标", "系统运行维护响应时间", "<=1天", "=0天", 8, 8, ""),
            ("经济成本指标", "预算成本控制率", "<=100%", "=100%", 20, 20, ""),
            (
                "社会效益指标",
                "持续推进昌吉州公共资源交易网与新疆政府采购网的互联互通、并联运行",
                "持续推进",
                "持续推进",
                20,
                20,
                "",
            ),
            ("满意度指标", "使用人员满意度", ">=90%", "=95%", 10, 10, ""),
        ],
    ),
    # 10
    (
        "机构运行补助",
        74.01,
        (192.23, 192.23, 127.56, 66.36, 10, 1.59),
        [("其中：当年财政拨款", 0, 0, 0), ("其他资金", 192.23, 192.23, 127.56)],
        [
            ("数量指标", "保障正常办公人数", ">=34人", "=34人", 8, 6.8, "2023 年退休2人"),
            ("数量指标", "保障公务用车数量", ">=4辆", "=3辆", 8, 3, "2023 年机关事务管理局收回一辆车"),
            ("数量指标", "维修设备次数", ">=1次", "=1次", 8, 8, ""),
            ("数量指标", "购置办公设备数量", ">=1批", "=1批", 8, 8, ""),
            ("质量指标", "各项工作完成率", ">=90%", "=100%", 8, 8, ""),
            ("经济成本指标", "办公费用成本", "<=30万元", "=30万元", 4, 4, ""),
            (
                "经济成本指标",
                "公务用车运行维护成本",
                "<=6.50万元",
                "=3.14万元",
                4,
                0,
                "此项经费主要用于弥补公用经费不足，故没有用完",
            ),
            (
                "经济成本指标",
                "其他支出成本",
                "<=122.73万元",
                "=81.28万元",
                4,
                0.62,
                "此项经费主要用于弥补公用经费不足，故没有用完",
            ),
            ("经济成本指标", "办公设备购置成本", "<=10万元", "=10万元", 4, 4, ""),
            (
                "经济成本指标",
                "维修维护成本",
                "<=23万余",
                "=3.14万余",
                4,
                0,
                "此项经费主要用于弥补公用经费不足，故没有用完",
            ),
            ("社会效益指标", "保障单位正常运转", "保障", "保障", 30, 30, ""),
        ],
    ),
    # 11
    (
        "快递费",
        100,
        (5, 5, 5, 100, 10, 10),
        [("其中：当年财政拨款", 5, 5, 5), ("其他资金", 0, 0, 0)],
        [
            ("数量指标", "快递邮寄件数", ">=2500件", "=2500件", 20, 20, ""),
            ("质量指标", "寄件业务覆盖率", "=100%", "=100%", 10, 10, ""),
            ("时效指标", "寄件及时率", ">=90%", "=100%", 10, 10, ""),
            ("经济成本指标", "EMS 邮寄费用成本", "<=20元/件", "=10元/件", 20, 20, ""),
            (
                "社会效益指标",
                "进一步推进政务服务运行标准化、服务供给规范化、企业和群众办事便利化",
                "提高",
                "提高",
                10,
                10,
                "",
            ),
            ("社会效益指标", "持续优化政务服务能力", "提升", "提升", 10, 10, ""),
            ("满意度指标", "快递寄件服务评价满意度", ">=90%", "=90%", 10, 10, ""),
        ],
    ),
]

LEVEL1_OF = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济成本指标": "成本指标",
    "社会效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "满意度指标": "满意度指标",
}


def check_table(t: Table, expected: tuple, overall_l1: str | None = None) -> None:
    title, total, budget, funds, rows = expected
    assert t.title == title
    assert t.layout == "cell_lines"
    assert t.declared_total == (pytest.approx(total) if total is not None else None)
    b = t.budget
    assert b is not None
    got = (b.initial, b.adjusted, b.executed, b.rate, b.weight, b.score)
    assert got == pytest.approx(budget)
    assert [(f.name, f.initial, f.adjusted, f.executed) for f in t.funds] == [
        (n, pytest.approx(a), pytest.approx(c), pytest.approx(d)) for n, a, c, d in funds
    ]
    assert len(t.rows) == len(rows)
    for r, (level2, name, target, actual, weight, score, note) in zip(t.rows, rows, strict=True):
        assert r.level2 == level2, r.name
        assert r.level1 == (overall_l1 or LEVEL1_OF.get(level2, level2)), r.name
        assert r.name == name
        check_quantity(r.target, target)
        check_quantity(r.actual, actual)
        assert r.weight == pytest.approx(weight), r.name
        assert r.score == pytest.approx(score), r.name
        assert r.note == note, r.name


def test_seed_finds_twelve_tables(seed_tables: list[Table]) -> None:
    assert [t.kind for t in seed_tables] == ["overall"] + ["project"] * 11
    assert [len(t.rows) for t in seed_tables] == [7, 12, 12, 7, 10, 8, 8, 9, 10, 8, 11, 7]


@pytest.mark.parametrize("n", range(12))
def test_seed_table(seed_tables: list[Table], n: int) -> None:
    check_table(seed_tables[n], SEED_EXPECTED[n], overall_l1="履职效能" if n == 0 else None)


def test_seed_project_header_fields(seed_tables: list[Table]) -> None:
    for t in seed_tables[1:]:
        assert t.project == t.title
        assert t.department == "昌吉回族自治州政务服务和公共资源交易管理局"
    assert seed_tables[0].department == "昌吉回族自治州政务服务和公共资源交易中心"
    assert seed_tables[0].project is None


def test_seed_categories(seed_tables: list[Table]) -> None:
    rows = seed_tables[1].rows
    assert (rows[0].category1, rows[0].category2) == ("产出", "数量")
    assert (rows[6].category1, rows[6].category2) == ("成本", "经济")
    assert (rows[-1].category1, rows[-1].category2) == ("效益", "社会")
    assert (seed_tables[2].rows[-1].category1, seed_tables[2].rows[-1].category2) == ("满意度", "满意度")


def closure(t: Table) -> float:
    return sum(r.score or 0 for r in t.rows) + ((t.budget.score or 0) if t.budget else 0)


def test_seed_closure(seed_tables: list[Table]) -> None:
    """Every table with a 总分 closes: row scores + budget score == declared total.
    The overall table has no 总分 row; its scores add up to 99.89 of 100 weight."""
    for t in seed_tables:
        weights = sum(r.weight or 0 for r in t.rows) + (t.budget.weight or 0)
        assert weights == pytest.approx(100)
        if t.declared_total is None:
            assert t.kind == "overall"
            assert closure(t) == pytest.approx(99.89)
            continue
        assert closure(t) == pytest.approx(t.declared_total, abs=0.01), t.title


def test_seed_goals(seed_tables: list[Table]) -> None:
    goals = [t.goal for t in seed_tables]
    assert all(g is not None and g.table == t.title for g, t in zip(goals, seed_tables, strict=True))
    assert goals[0].expected.startswith("保障行政审批、政务服务")
    assert goals[0].expected.endswith("提升平台安全防护能力")
    assert goals[0].actual.startswith("2023 年我单位全年预算数为 1810.22 万元")
    assert goals[2].expected.endswith("及时得到处置和办理。")
    assert goals[2].actual.startswith("平台维护数量 1；")
    assert goals[6].actual == "购置设备 4 台，配套软件，有效提升昌吉州电子政务内网网络安全水平和应用支撑能力"
    assert goals[9].actual == "1"
    assert goals[10].actual.startswith("保障正常办公人数 34 人")


def is_subsequence(small: str, big: str) -> bool:
    """The characters of ``small`` appear in ``big`` in order (a span may hold label pieces)."""
    it = iter(big)
    return all(ch in it for ch in small)


def check_spans(text: str, t: Table) -> None:
    """Every span indexes the original text exactly."""
    assert text[t.start : t.end].lstrip().startswith(("项目支出", "部门（单位）", "社区", "项目"))
    for r in t.rows:
        for q in (r.target, r.actual):
            assert text[q.start : q.end] == q.raw
        assert r.weight_span and float(text[slice(*r.weight_span)]) == r.weight
        assert r.score_span and float(re.sub(r"\s", "", text[slice(*r.score_span)])) == r.score
        assert r.start <= r.target.start and r.score_span[1] <= r.end
        if r.name:
            s, e = r.name_span
            assert text[s] == r.name[0] and text[e - 1] == r.name[-1]
            assert r.start <= s and e <= r.end
        if r.note:
            s, e = r.note_span
            assert text[s] == r.note[0] and text[e - 1] == r.note[-1]
            assert is_subsequence(compact(r.note), compact(text[s:e]))
        assert t.start <= r.start < r.end <= t.end
    for f in [t.budget, *t.funds]:
        assert f is not None and t.start <= f.start < f.end <= t.end
        for cell in f.cells.values():
            assert text[cell.start : cell.end] == cell.raw
    if t.declared_total is not None:
        assert float(text[slice(*t.declared_total_span)]) == t.declared_total
    g = t.goal
    if g and g.expected:
        assert compact(text[slice(*g.expected_span)]) == compact(g.expected)
    if g and g.actual:
        assert compact(text[slice(*g.actual_span)]) == compact(g.actual)


def test_seed_spans(seed_tables: list[Table]) -> None:
    for t in seed_tables:
        check_spans(SEED001, t)


def test_seed_budget_cells_keep_wrapped_raw(seed_tables: list[Table]) -> None:
    b = seed_tables[1].budget
    assert b.cells["rate"].raw == "100.0\n\n0%" and b.rate == 100.0
    assert b.cells["score"].raw == "10.0\n\n0" and b.score == 10.0
    b = seed_tables[2].budget
    assert b.cells["rate"].raw == "94.79\n\n%" and b.score == pytest.approx(8.7)
    # overall table: the merged weight/rate/score cells printed on the first source row
    b = seed_tables[0].budget
    assert b.name == "合计" and (b.weight, b.rate, b.score) == (10, 100, 10)
    assert seed_tables[0].funds[0].weight is None


def test_seed_declared_total_spans(seed_tables: list[Table]) -> None:
    spans = [SEED001[slice(*t.declared_total_span)] if t.declared_total_span else None for t in seed_tables]
    assert spans == [None, "88", "86.7", "100", "100", "100", "100", "100", "100", "100", "74.01", "100"]


# ------------------------------------------------------------ other departments, same shape

PROJECT = """前文说明。
 项目支出绩效自评表

（2023 年度）

项目名称 乡镇农村饮水安全巩固提升
工程

主管部门 某某县水利局 实施单位
某某县农村供水
管理站

项目资金

（万元）

年初预算数 全年预算数
全年执行

数
分值 执行率 得分

年度资金总额 120.50 118.00 96.76 10
82.0

0%

8.2

0

其中：当年财政拨

款
100.00 98.00 80.00 — — —

上年结转资金 20.50 20.00 16.76 — — —

其他资金 0.00 0.00 0.00 — — —

年

度

总

体

目

标

预期目标 实际完成情况

新建供水管网 12 公里，改造入户水表 300 户，水质检测合格率达到
95%以上，进一步改善农村居民饮水条件，提升供水保障水平。

完成供水管网 10.5 公里，改造入
户水表 320 户，水质检测合格率
96.5%，农村居民饮水条件得到改善

一级指
标
二级
指标
三级指标 年度指标值 实际完成值 分
值
得分
偏差原
因分析
及改进
措施
年
度
绩
效
指
标
完
成
情
况
产出指
标
数量
指标
新建供水管网长
度
>=12 公
里
=10.5
公里
10 8.75
部分村
组管网
因征地
延后施
工
数量
指标
改造入户水表 >=300 户 =320 户 10 10
质量
指标
水质检测合格率 >=95% =96.5% 10 10
时效
指标
工程完工时间 =2023 年 10 月 =2023 年 12 月 10 6
受雨季
影响，工
期顺延
成本指
标
经济
成本
指标
单位管网造价 <=350 元/米 =342 元/米 10 10
社会
成本
指标
生态
环境
成本
指标
效益指
标
经济
效益
指标
社会效益指 改善农村居民饮 有效改善 有效改善 20 20
 标
水条件
生态
效益
指标
可持续
影响
指标
供水设施长效运行机制 建立 已建立 10 10
满 满意度指标 受益群众满意度 >=90% =93% 10 10
 意
度
指
标
总分
10
0
92.95
分
后文。
"""

OVERALL = """ 部门（单位）整体支出绩效目标自评表
（2023 年度）

部门（单位）名称 某某市城市管理综合执法局

部门资

金（万

元）

资金来源 年初预算数 全年预算数
全年执

行数
分值权重 执行率 得分

中央安排 0.00 0.00 0.00 10 97.5% 9.75

自治区安排 0.00 0.00 0.00 - - -

地（州、市）

安排
812.40 900.00 877.50 - - -

其他资金 0.00 0.00 0.00 - - -

合计 812.40 900.00 877.50 - - -

年度总

体目标

预期目标 实际完成情况

开展市容环境综合整治，规范

占道经营行为，全年巡查不少

于 300 次，保障城市道路整洁

有序。

全年开展巡查 320 次，查处占道经营行为 150 起，

城市道路整洁有序，群众满意度进一步提升。

一级指标 二级指标 三级指标 预期指标值
指标值设定

依据
分值权重

实际完成指标

值
得分

产出指标 数量指标

开展市容

巡查次数

>=300 次

《城市管

理工作计

划》

30 =320 次 30

查处占道

经营行为

>=200 起

《城市管

理工作计

划》

30 =150 起 22.5

产出指标 质量指标

道路保洁

达标情况

达标

《环卫作

业标准》

30 达标 30

总分 100 92.25 分"""

PROJECT2 = """ 项目支出绩效自评表
（2024 年度）
项目名
称
社区养老服务站运营补贴
主管部
门
某某区民政局 实施单位 某某区民政局
项目资金
（万元）
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总
额
48.00 50.00 46.50 10 93.00% 9.30
其中：当年财
政拨款
48.00 50.00 46.50 — — —
年度
总体
目标
预期目标 实际完成情况
为辖区老年人提供助餐、日间照料服务，全年服务不少于 1.2 万人次。
全年服务 1.3 万人次，老年人生活质量得到提高。
一级
指标
二级
指标
三级指标 年度指标值 实际完成值 分值 得分
偏差原因分析及改进措施
产出
指标
数量
指标
助餐服务人次 12000 人次 13000 人次 20 20
日间照料床位使用率 85% 72.5% 20 17.0
6
部分床位
维修停用
日间照料服务天数 >=250 天 =260 天 10 10
成本
指标
经济成本指标 人均助餐补贴 <=8 元/餐 =7.5 元/餐 10 10
效益
指标
社会效益指标
老年人生活质量 明显提高 明显提高 20 20
满意度
指标
满意度指标 老人满意度 >=95% =96% 10 10
总分 100 96.36 分
"""


def _synthetic(text: str, kind: str) -> Table:
    start = _TITLE.search(text).start()
    end = _TOTAL.search(text).end()
    return parse_lines_table(text, start, end, kind)


def test_water_project_table() -> None:
    t = _synthetic(PROJECT, "project")
    check_table(
        t,
        (
            "乡镇农村饮水安全巩固提升工程",
            92.95,
            (120.5, 118, 96.76, 82, 10, 8.2),
            [("其中：当年财政拨款", 100, 98, 80), ("上年结转资金", 20.5, 20, 16.76), ("其他资金", 0, 0, 0)],
            [
                (
                    "数量指标",
                    "新建供水管网长度",
                    ">=12公里",
                    "=10.5公里",
                    10,
                    8.75,
                    "部分村组管网因征地延后施工",
                ),
                ("数量指标", "改造入户水表", ">=300户", "=320户", 10, 10, ""),
                ("质量指标", "水质检测合格率", ">=95%", "=96.5%", 10, 10, ""),
                ("时效指标", "工程完工时间", "=2023年10月", "=2023年12月", 10, 6, "受雨季影响，工期顺延"),
                ("经济成本指标", "单位管网造价", "<=350元/米", "=342元/米", 10, 10, ""),
                ("社会效益指标", "改善农村居民饮水条件", "有效改善", "有效改善", 20, 20, ""),
                ("可持续影响指标", "供水设施长效运行机制", "建立", "已建立", 10, 10, ""),
                ("满意度指标", "受益群众满意度", ">=90%", "=93%", 10, 10, ""),
            ],
        ),
    )
    assert t.department == "某某县水利局"
    assert t.goal.expected.endswith("提升供水保障水平。")
    assert t.goal.actual.startswith("完成供水管网 10.5 公里")
    assert closure(t) == pytest.approx(t.declared_total)
    check_spans(PROJECT, t)


def check_quantity_dates(t: Table) -> None:
    row = t.rows[3]
    assert row.target.raw == "=2023 年 10 月" and row.target.value is None


def test_water_project_dates_are_one_cell() -> None:
    check_quantity_dates(_synthetic(PROJECT, "project"))


def test_city_overall_table() -> None:
    t = _synthetic(OVERALL, "overall")
    check_table(
        t,
        (
            "某某市城市管理综合执法局",
            92.25,
            (812.4, 900, 877.5, 97.5, 10, 9.75),
            [
                ("中央安排", 0, 0, 0),
                ("自治区安排", 0, 0, 0),
                ("地（州、市）安排", 812.4, 900, 877.5),
                ("其他资金", 0, 0, 0),
            ],
            [
                ("数量指标", "开展市容巡查次数", ">=300次", "=320次", 30, 30, ""),
                ("数量指标", "查处占道经营行为", ">=200起", "=150起", 30, 22.5, ""),
                ("质量指标", "道路保洁达标情况", "达标", "达标", 30, 30, ""),
            ],
        ),
        overall_l1="产出指标",
    )
    assert (
        t.goal.expected
        == "开展市容环境综合整治，规范占道经营行为，全年巡查不少于 300 次，保障城市道路整洁有序。"
    )
    assert t.goal.actual.startswith("全年开展巡查 320 次")
    assert closure(t) == pytest.approx(t.declared_total)
    check_spans(OVERALL, t)


def test_elderly_care_table_without_operators_and_merged_labels() -> None:
    """Values without operators (``85% 72.5%``), a score wrapped in its fraction
    (``17.0\n6``), a note followed by the next row with no label in between."""
    t = _synthetic(PROJECT2, "project")
    check_table(
        t,
        (
            "社区养老服务站运营补贴",
            96.36,
            (48, 50, 46.5, 93, 10, 9.3),
            [("其中：当年财政拨款", 48, 50, 46.5)],
            [
                ("数量指标", "助餐服务人次", "12000人次", "13000人次", 20, 20, ""),
                ("数量指标", "日间照料床位使用率", "85%", "72.5%", 20, 17.06, "部分床位维修停用"),
                ("数量指标", "日间照料服务天数", ">=250天", "=260天", 10, 10, ""),
                ("经济成本指标", "人均助餐补贴", "<=8元/餐", "=7.5元/餐", 10, 10, ""),
                ("社会效益指标", "老年人生活质量", "明显提高", "明显提高", 20, 20, ""),
                ("满意度指标", "老人满意度", ">=95%", "=96%", 10, 10, ""),
            ],
        ),
    )
    assert t.department == "某某区民政局"
    assert t.rows[1].score_span and PROJECT2[slice(*t.rows[1].score_span)] == "17.0\n6"
    assert closure(t) == pytest.approx(t.declared_total)
    check_spans(PROJECT2, t)


@pytest.mark.parametrize(
    ("tail", "want", "raw"),
    [
        ("总分 100\n88\n\n分", 88.0, "88"),
        ("总分 100 100 分", 100.0, "100"),
        ("总分 100 74.01 分", 74.01, "74.01"),
        ("总分 100 100分", 100.0, "100"),
        ("总分\n10\n\n0\n\n100\n\n分", 100.0, "100"),
        ("总分\n10\n\n0\n\n95.5\n\n分", 95.5, "95.5"),
        ("总分 100\n86.7\n\n分", 86.7, "86.7"),
        ("总分 100", None, None),
        ("总分", None, None),
    ],
)
def test_total_row_readings(tail: str, want: float | None, raw: str | None) -> None:
    head = PROJECT2[: PROJECT2.index("总分")]
    text = head + tail + "\n 十二、其他需说明的事项"
    t = parse_lines_table(text, 0, len(head) + len(tail), "project")
    assert t.declared_total == want
    assert (text[slice(*t.declared_total_span)] if t.declared_total_span else None) == raw


def test_region_without_title_falls_back() -> None:
    """A region that starts at the budget header (title not found by the caller)."""
    start = SEED001.index("年初预算数", SEED001.index("称\n公告费"))
    end = SEED001.index("总分", start) + len("总分 100 100分")
    t = parse_lines_table(SEED001, start, end, "project")
    assert t.title == "项目支出绩效自评表" and t.project is None
    assert len(t.rows) == 10 and t.declared_total == 100
    assert t.budget.executed == pytest.approx(16.43)


def test_name_fragment_like_a_label_stays_text(seed_tables: list[Table]) -> None:
    """``满意度`` ending a name is a prefix of 满意度指标 but no rest follows: it is text."""
    assert seed_tables[11].rows[-1].name == "快递寄件服务评价满意度"


def test_cut_labels_around_a_row(seed_tables: list[Table]) -> None:
    """``社会效益指 <row> 标`` and ``经济\n成本 <row> ... 指标 <note>``: the rest of the label
    never leaks into the note or the next name."""
    assert seed_tables[4].rows[8].name == "保障信息资产安全"
    assert seed_tables[4].rows[9].name == "保障业务持续稳定运行"
    row = seed_tables[10].rows[7]
    assert row.name == "其他支出成本" and row.level2 == "经济成本指标"
    assert row.note == "此项经费主要用于弥补公用经费不足，故没有用完"


@pytest.mark.parametrize(
    ("row", "name", "target", "actual", "weight", "score"),
    [
        ("助餐服务人次 >=90% 达标 20 20", "助餐服务人次", ">=90%", "达标", 20, 20),
        ("助餐服务人次 ≥ 90 % ＝95% 20 20", "助餐服务人次", "≥90%", "＝95%", 20, 20),
        ("助餐服务人次 ＞＝90％ ＝95％ 20 20", "助餐服务人次", "＞＝90％", "＝95％", 20, 20),
        ("助餐服务人次 90%以上 95% 20 20", "助餐服务人次", "90%以上", "95%", 20, 20),
        ("助餐服务人次 是 是 20 20", "助餐服务人次", "是", "是", 20, 20),
        ("助餐服务人次 >=1 次 =1 次 20 19.5", "助餐服务人次", ">=1次", "=1次", 20, 19.5),
        ("第 2 期助餐培训 >=1 次 =1 次 20 20", "第 2 期助餐培训", ">=1次", "=1次", 20, 20),
        (
            "提升老年人\n生活质量 有效提升\n有效提升 20 20",
            "提升老年人生活质量",
            "有效提升",
            "有效提升",
            20,
            20,
        ),
    ],
)
def test_value_cell_shapes(
    row: str, name: str, target: str, actual: str, weight: float, score: float
) -> None:
    text = PROJECT2.replace("助餐服务人次 12000 人次 13000 人次 20 20", row)
    t = _synthetic(text, "project")
    assert len(t.rows) == 6
    r = t.rows[0]
    assert (r.name, compact(r.target.raw), compact(r.actual.raw), r.weight, r.score) == (
        name,
        target,
        actual,
        weight,
        score,
    )
    assert r.target.op != "qualitative" or r.target.value is None
    check_spans(text, t)


def test_range_target() -> None:
    text = PROJECT2.replace("助餐服务人次 12000 人次 13000 人次 20 20", "助餐服务人次 10%-20% 15% 20 20")
    r = _synthetic(text, "project").rows[0]
    assert (r.target.op, r.target.value, r.target.high, r.actual.value) == ("range", 10, 20, 15)


def test_funds_label_between_rows_is_skipped() -> None:
    """The 项目资金（万元） group label printed between the fund rows is not a row name."""
    text = PROJECT2.replace(
        "项目资金\n（万元）\n年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总\n额\n48.00 50.00 46.50 10 93.00% 9.30\n",
        "年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总\n额\n48.00 50.00 46.50 10 93.00% 9.30\n项目资金\n（万元）\n",
    )
    t = _synthetic(text, "project")
    assert t.budget.name == "年度资金总额" and t.budget.rate == 93
    assert [f.name for f in t.funds] == ["其中：当年财政拨款"]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(SEED001) - 1), st.integers(1, 4000), st.sampled_from(["project", "overall"]))
def test_any_region_parses_without_error(start: int, length: int, kind: str) -> None:
    """Arbitrary slices never raise and every span stays inside the region."""
    end = min(len(SEED001), start + length)
    t = parse_lines_table(SEED001, start, end, kind)
    for r in t.rows:
        assert SEED001[r.target.start : r.target.end] == r.target.raw
        assert start <= r.start <= r.end <= end
    if t.declared_total_span:
        assert start <= t.declared_total_span[0] < t.declared_total_span[1] <= end


# A head whose labels wrap mid-word into one- to three-character fragments (as seed 001
# table 8's ``项目名`` / ``称`` / ``公告费``): the table is still found from its title, so
# the project name is read. Another department's wording.
FORESTRY = """前文说明。

 项目支出绩效自评表

（2023 年）

项目名

称
松材线虫病防治

主管部

门
某某县林业和草原局 实施单位

某某县林业有害生

物防治检疫

站

项目资

金

（万

元）

年初预算数 全年预算数 全年执行数
分

值
执行率 得分

年度资金总额 30.00 30.00 28.50 10 95.00% 9.50

其中：当年财政拨款 30.00 30.00 28.50 — — —

其他资金 0.00 0.00 0.00 — — —

年

度

总

体

目

标

预期目标 实际完成情况

完成松材线虫病疫木清理 500 株。

清理疫木 520 株。

一

级

指

标

二级指标 三级指标 年度指标值
实际完成

值

分

值
得分

偏差原因

分析及改

进措施

产

出

指

标

数量指标 清理疫木株数 >=500 株 =520 株 40 40

成

本

指

标

经济成本指标 疫木清理成本 <=30 万元 =28.5 万元 30 30

效

益

指

标

社会效益指标 林业资源安全 有效保障 有效保障 20 20

总分 100 100分

十二、其他需说明的事项
"""


def test_wrapped_head_labels_keep_the_title() -> None:
    (t,) = extract_tables(FORESTRY)
    assert t.layout == "cell_lines"
    assert (t.title, t.project) == ("松材线虫病防治", "松材线虫病防治")
    assert t.department == "某某县林业和草原局"
    assert FORESTRY[t.start :].lstrip().startswith("项目支出绩效自评表")
    assert [r.name for r in t.rows] == ["清理疫木株数", "疫木清理成本", "林业资源安全"]
    assert t.budget.executed == pytest.approx(28.5) and t.declared_total == 100


def test_seed_wrapped_project_label_found_from_the_title() -> None:
    """Seed 001 table 8 through the document-level finder: its region starts at the title."""
    tables = extract_tables(SEED001)
    t = tables[8]
    assert (t.title, t.project) == ("公告费", "公告费")
    assert t.department == "昌吉回族自治州政务服务和公共资源交易管理局"
    assert SEED001[t.start : t.start + 12].strip() == "项目支出绩效自评表"
    assert len(t.rows) == 10 and t.declared_total == 100
