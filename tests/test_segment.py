"""Header (title/department/year) and heading outline on the five seeds and fragments."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.normalize import normalize
from extract.segment import extract_header, extract_sections

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- header

HEADERS = [
    ("000", "乌鲁木齐市政务服务管理局(汇总)2023年度部门决算公开说明", "乌鲁木齐市政务服务管理局(汇总)", 2023),
    # Title split over three lines.
    (
        "001",
        "昌吉回族自治州政务服务和公共资源交易中心2023年度部门决算公开说明",
        "昌吉回族自治州政务服务和公共资源交易中心",
        2023,
    ),
    (
        "002",
        "克拉玛依市乌尔禾区人民政府办公室2023年度部门决算公开说明",
        "克拉玛依市乌尔禾区人民政府办公室",
        2023,
    ),
    # No title at all (a bare self-evaluation report): the department introduces itself in
    # 部门机构设置, the year is the first ``XXXX年度``.
    ("003", None, "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）政务服务管理局", 2023),
    ("004", "乌鲁木齐市机关事务管理局(部门)2024年度部门决算公开说明", "乌鲁木齐市机关事务管理局(部门)", 2024),
]


@pytest.mark.parametrize("seed,title,dept,year", HEADERS)
def test_header_seeds(seed: str, title: str | None, dept: str, year: int) -> None:
    text = _seed(seed)
    assert extract_header(text, normalize(text)) == (title, dept, year)


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "2023年度乌鲁木齐市财政局部门决算\n\n第一部分 部门概况\n",
            ("2023年度乌鲁木齐市财政局部门决算", "乌鲁木齐市财政局", 2023),
        ),
        (
            "附件1\n某某县教育局 2022 年部门决算公开说明\n目录\n",
            ("某某县教育局2022年部门决算公开说明", "某某县教育局", 2022),
        ),
        (
            "某某县教育局\n\n２０２３年度单位决算公开说明\n一、主要职能\n",
            ("某某县教育局2023年度单位决算公开说明", "某某县教育局", 2023),
        ),
        (
            "某某区卫生健康委员会2023年度部门整体支出绩效自评报告\n\n一、基本情况\n",
            ("某某区卫生健康委员会2023年度部门整体支出绩效自评报告", "某某区卫生健康委员会", 2023),
        ),
    ],
)
def test_header_other_title_forms(text: str, expected: tuple) -> None:
    assert extract_header(text, normalize(text)) == expected


def test_header_falls_back_to_name_cell() -> None:
    text = "一、基本情况\n\n部门（单位）名称\t某某县水利局\t\t\n2022 年度 本部门整体支出情况良好。\n"
    assert extract_header(text, normalize(text)) == (None, "某某县水利局", 2022)


# --------------------------------------------------------------------------- sections

LEVEL_COUNTS = {
    # level 0 第X部分, 1 一、, 2 （一）, 3 1., 4 （1）
    "000": [4, 37, 6, 15, 0],
    "001": [4, 37, 6, 18, 0],
    "002": [4, 37, 6, 33, 0],
    "003": [0, 6, 15, 17, 3],
    "004": [4, 37, 6, 27, 0],
}


@pytest.mark.parametrize("seed", sorted(LEVEL_COUNTS))
def test_section_counts_and_offsets(seed: str) -> None:
    text = _seed(seed)
    secs = extract_sections(text)
    assert [sum(1 for s in secs if s.level == lv) for lv in range(5)] == LEVEL_COUNTS[seed]
    for i, s in enumerate(secs):
        # The span starts at the printed number and the title follows it on the line.
        assert text[s.start :].startswith(s.number)
        eol = text.find("\n", s.start)
        line = text[s.start : eol if eol != -1 else len(text)]
        assert s.title.replace(" ", "") in line.replace(" ", "").replace("**", "")
        # It ends where the next heading of the same or a higher level starts.
        nxt = next((t.start for t in secs[i + 1 :] if t.level <= s.level), len(text))
        assert s.end == nxt


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_table_of_contents_skipped(seed: str) -> None:
    text = _seed(seed)
    secs = extract_sections(text)
    toc = text.index("目")
    body = text.index("第一部分", text.index("第一部分") + 1)  # its second occurrence
    assert toc < body
    assert secs[0].start == body and secs[0].title in ("部门概况", "单位概况")
    assert all(s.start >= body for s in secs)
    assert [s.number for s in secs if s.level == 0] == ["第一部分", "第二部分", "第三部分", "第四部分"]


def test_seed000_outline() -> None:
    text = _seed("000")
    secs = extract_sections(text)
    parts = [s for s in secs if s.level == 0]
    assert [s.title for s in parts] == [
        "部门概况",
        "部门决算情况说明",
        "专业名词解释",
        "部门决算报表(见附表)",
    ]
    part2 = parts[1]
    ones = [s for s in secs if s.level == 1 and part2.start <= s.start < part2.end]
    assert [s.number for s in ones] == [
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
        "十二",
    ]
    assert ones[6].title == '财政拨款"三公"经费支出决算情况说明'
    # A heading run into its first sentence keeps the heading only.
    assert ones[7].title == "政府性基金预算财政拨款收入支出决算情况说明"
    assert ones[10].title == "预算绩效的情况说明"
    # Duty items spilled out of the goal table ((五)..(七) with no (一)..(四)) are no headings.
    inside11 = [s for s in secs if ones[10].start < s.start < ones[10].end]
    assert inside11 == []
    assert ones[11].end == parts[2].start
    # Numbered list items keep their leading phrase; a thousands separator is no cut.
    items = [s for s in secs if s.level == 3 and s.title.startswith("一般公共服务支出(类)1")]
    assert items[0].title == "一般公共服务支出(类)1,850.66万元"
    assert parts[3].end == len(text)


def test_seed001_without_toc() -> None:
    text = _seed("001")
    secs = extract_sections(text)
    assert secs[0].number == "第一部分" and secs[0].title == "单位概况"
    assert text[secs[0].start - 1 : secs[0].start] == " "  # indented heading, offset at the number
    l2 = [(s.number, s.title) for s in secs if s.level == 2]
    assert l2[0] == ("（一）", "一般公共预算财政拨款支出决算总体情况")
    eleven = next(s for s in secs if s.title == "预算绩效的情况说明")
    # The tables inside 十一 (one cell per line) yield no headings.
    assert [s for s in secs if eleven.start < s.start < eleven.end] == []


def test_seed003_outline() -> None:
    text = _seed("003")
    secs = extract_sections(text)
    assert [s.title for s in secs if s.level == 1] == [
        "基本概况",
        "部门单位整体支出管理及使用情况",
        "部门单位整体支出绩效分析",
        "评价结论",
        "存在的主要问题及原因分析",
        "改进措施和建议",
    ]
    perf = next(s for s in secs if s.title == "部门单位整体支出绩效分析")
    inds = [s for s in secs if s.level == 2 and perf.start < s.start < perf.end]
    assert [s.title for s in inds] == [f"指标{n}" for n in "一二三四五六七八"]
    assert [s.number for s in inds][:2] == ["（一）", "（二）"]
    assert inds[-1].end == perf.end == text.index("四、评价结论")
    l4 = [s for s in secs if s.level == 4]
    assert [(s.number, s.title) for s in l4] == [
        ("（1）", "管理制度健全性"),
        ("（2）", "资金使用合规性和安全性"),
        ("（1）", "本级财力项目"),
    ]


def test_skip_ranges() -> None:
    text = _seed("003")
    perf = next(s for s in extract_sections(text) if s.title == "部门单位整体支出绩效分析")
    inner = (text.index("（一）指标一"), text.index("四、评价结论"))
    secs = extract_sections(text, skip=[inner, (0, 5)])
    assert not [s for s in secs if inner[0] <= s.start < inner[1]]
    assert all(s.title != "基本概况" for s in secs)  # its heading sits at offset 1
    # The enclosing section now runs to the next level-1 heading without children.
    perf2 = next(s for s in secs if s.title == "部门单位整体支出绩效分析")
    assert (perf2.start, perf2.end) == (perf.start, perf.end)


def test_fragments() -> None:
    text = (
        "三、绩效情况\n\n## （一）总体情况\n\n１．预算执行\n\n正文。\n\n"
        "2.4万元的支出不是标题。\n"
        "(五)受理投诉举报;协调各部门处理争议纠纷和违法违规行为。\n"
        "四、结论\n"
    )
    secs = extract_sections(text)
    assert [(s.level, s.number, s.title) for s in secs] == [
        (1, "三", "绩效情况"),
        (2, "（一）", "总体情况"),
        (3, "１", "预算执行"),
        (1, "四", "结论"),
    ]
    assert secs[0].end == secs[3].start and secs[3].end == len(text)
    assert text[secs[1].start : secs[1].end].startswith("（一）总体情况")


@pytest.mark.parametrize("seed", sorted(LEVEL_COUNTS))
def test_crlf_text_gives_the_same_outline(seed: str) -> None:
    text = _seed(seed)
    crlf = text.replace("\n", "\r\n")
    assert [(s.level, s.number, s.title) for s in extract_sections(crlf)] == [
        (s.level, s.number, s.title) for s in extract_sections(text)
    ]
    assert extract_header(crlf, normalize(crlf)) == extract_header(text, normalize(text))
