"""The one table of header synonyms every layout uses (real-forms 6.3 and 6.4).

A header cell names its column's role. Indicator columns: ``level1``, ``level2``, ``name``,
``nature`` (指标性质: the operator or 正向/反向), ``direction`` (指标方向性: 正向指标),
``target``, ``unit``, ``actual``, ``weight``,
``score``, ``note`` (偏差原因), ``basis`` (评分标准, 设定依据). Budget columns: ``label``,
``initial``, ``adjusted``, ``executed``, ``rate``, ``bweight``, ``bscore``. Goal columns:
``expected`` and ``achieved``. 分值/得分 are ``weight``/``score`` in both blocks; the block
the header row belongs to decides (:func:`budget_role`).

Matching is on the cell with all whitespace removed and a trailing bracket dropped
(``实际完成值(B)``, ``指标权重(分)``, ``执行率(B/A×100%)``), so ``年度 指标值`` and
``全年执行数（B）`` match too.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (role, synonyms), tried in order: longer and more specific names first, so 实际完成指标值
# is an actual (not a target), 指标值设定依据 a basis and 执行率得分 the budget's score.
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bscore", ("执行率得分",)),
    ("bweight", ("执行率权重",)),
    (
        "basis",
        (
            "指标值设定依据",
            "指标标准或依据",
            "评价标准",
            "评分标准",
            "评价依据",
            "设定依据",
            "评分办法",
            "计分方法",
        ),
    ),
    (
        "note",
        (
            "偏差原因分析及改进措施",
            "偏差大或目标未完成原因分析",
            "未完成原因和改进措施",
            "未完成原因及改进措施",
            "未完成原因分析",
            "偏差原因分析",
            "偏差原因",
            "未完成原因",
            "原因分析",
            "改进措施",
            "存在问题",
            "备注",
            "说明",
            "原因",
        ),
    ),
    ("achieved", ("全年实际完成情况", "年度目标完成情况", "实际完成情况", "总体目标完成情况", "完成情况")),
    (
        "expected",
        ("预期目标", "年初设定目标", "年初绩效目标", "项目年度目标", "年度总体目标", "年度目标", "总体目标"),
    ),
    (
        "actual",
        (
            "全年实际完成值",
            "实际完成指标值",
            "实际完成值",
            "全年完成值",
            "全年实际值",
            "年终完成值",
            "实际完成",
            "完成值",
            "完成量",
            "实际值",
        ),
    ),
    (
        "target",
        (
            "年度指标值",
            "年初目标值",
            "年初指标值",
            "预期指标值",
            "计划指标值",
            "预期实现值",
            "实现值",
            "指标值",
            "目标值",
            "预期值",
        ),
    ),
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标", "指标名称", "绩效指标", "指标内容")),
    ("nature", ("指标性质",)),
    ("direction", ("指标方向性", "指标方向", "指标类型")),
    ("unit", ("度量单位", "计量单位")),
    ("initial", ("年初预算数", "年初预算")),
    (
        "adjusted",
        ("全年调整预算数", "调整后预算数", "全年预算数", "调整预算数", "全年预算", "调整后预算", "预算数"),
    ),
    ("executed", ("全年执行数", "预算执行数", "实际执行数", "执行数", "全年到位资金")),
    ("rate", ("预算执行率", "执行率")),
    ("weight", ("指标权重", "分值权重", "项目权重", "分值", "权重")),
    ("score", ("自评得分", "指标得分", "评价得分", "自评分", "复核分", "得分", "终分")),
    ("label", ("项目资金", "资金来源", "资金(万元)", "资金（万元）")),
)

INDICATOR_ROLES = frozenset(
    {
        "level1",
        "level2",
        "name",
        "nature",
        "direction",
        "target",
        "unit",
        "actual",
        "weight",
        "score",
        "note",
        "basis",
    }
)
BUDGET_ROLES = frozenset({"initial", "adjusted", "executed", "rate", "bweight", "bscore"})
GOAL_ROLES = frozenset({"expected", "achieved"})

# A trailing bracket: (A), (B/A), (分), (万元), （年度/终期）, (包含数字及文字描述), (N分*执行率).
_TRAIL = re.compile(r"[（(][^（()）]{0,24}[)）]$")
_YEAR = re.compile(r"(?:19|20)\d{2}年度?")
_INNER = re.compile(r"[（(][^（()）]{0,12}[)）]")
# Leading enumerations and marks: 1., (一), ★.
_LEAD = re.compile(r"^(?:\d{1,2}[.、]|[（(][一二三四五六七八九十\d]{1,2}[)）]|[*★※])")
_SLACK = 2  # characters a header may carry beyond its synonym (全年, 年度, 其中 ...)

_BY_SYNONYM: list[tuple[str, str]] = sorted(
    ((syn, role) for role, syns in SYNONYMS for syn in syns), key=lambda p: -len(p[0])
)
# Headers that name a column only as the whole cell (指标 inside 产出指标 names none).
EXACT_HEADERS = {"指标": "name", "名称": "name", "目标": "target", "实际": "actual"}
_EXACT = EXACT_HEADERS
_ANY = re.compile("|".join(re.escape(s) for s, _ in _BY_SYNONYM))
_ROLE = {syn: role for syn, role in _BY_SYNONYM}


def squash(s: str) -> str:
    return "".join(s.split())


@lru_cache(maxsize=16384)
def header_role(cell: str) -> str | None:
    """The role of a header cell, or None when the cell is no header (a value, a name, a
    sentence that happens to contain 得分)."""
    s = squash(cell)
    if not s or len(s) > 24:
        return None
    while (m := _TRAIL.search(s)) and m.start() > 0:
        s = s[: m.start()]
    s = _YEAR.sub("", s)  # 预期2019年实现值
    inner = _INNER.sub("", s)  # 全年(调整)预算数, 部门(单位)名称
    s = inner or s
    s = _LEAD.sub("", s).rstrip(":：")
    if not s or any(ch.isdigit() for ch in s):
        return None
    if s in _EXACT:
        return _EXACT[s]
    m = _ANY.search(s)
    if m is None or len(s) - len(m.group()) > _SLACK + (2 if m.group() in ("得分", "分值") else 0):
        return None
    return _ROLE[m.group()]


@lru_cache(maxsize=16384)
def synonym_length(cell: str) -> int:
    """Length of the longest synonym a header cell names (0 for none): how complete a header
    word is (实际完成 4 < 实际完成值 5)."""
    if header_role(cell) is None:
        return 0
    s = squash(cell)
    return max((len(m.group()) for m in _ANY.finditer(s)), default=len(s) if s in _EXACT else 0)


# A header word's own trailing bracket: (A), (B/A), (分), (万元) ...
_BRACKET_AT = re.compile(r"[（(][^（()）]{0,24}[)）]")


def split_glued_header(cell: str) -> list[tuple[int, int]] | None:
    """Spans (in ``cell``) of the header words run together in one cell
    (``指标权重(分)年初目标值(A)实际完成值``, a header glued by a converter), or None when the
    cell is not such a run. The synonyms must cover the cell's visible characters: each piece
    is a synonym, with at most a bracket after it and the slack of a prefix (全年, 年度). A cell
    that reads as one header with slack (``实际完成值(B)分值`` reads as an actual) is such a run too:
    the caller keeps the split only where it adds a column the row lacked."""
    pieces = _split_glued(cell)
    return None if pieces is None else list(pieces)


@lru_cache(maxsize=16384)
def _split_glued(cell: str) -> tuple[tuple[int, int], ...] | None:
    """:func:`split_glued_header`, memoised (every row of a table is asked, cell by cell)."""
    if len(squash(cell)) < 4:
        return None
    hits = [(m.start(), m.end()) for m in _ANY.finditer(cell)]
    if len(hits) < 2:
        return None
    pieces: list[tuple[int, int]] = []
    pos = 0
    hits = [h for k, h in enumerate(hits) if not _in_bracket(cell, h[0])]
    for k, (s, e) in enumerate(hits):
        b = _BRACKET_AT.match(cell, e)
        end = b.end() if b else e
        nxt = hits[k + 1][0] if k + 1 < len(hits) else len(cell)
        if end > nxt:  # a bracket running into the next word: not a run of headers
            return None
        lead = cell[pos:s].strip()
        if len(lead) > _SLACK or any(ch.isdigit() for ch in lead):
            return None
        start = pos + (len(cell[pos:s]) - len(cell[pos:s].lstrip()))
        pieces.append((start, end))
        pos = end
    if cell[pos:].strip():
        return None
    return tuple(pieces)


def _in_bracket(cell: str, pos: int) -> bool:
    """``pos`` lies inside a bracket (``得分(10分*执行率)``: the 执行率 is the formula's)."""
    opened = max(cell.rfind("(", 0, pos), cell.rfind("（", 0, pos))
    return opened != -1 and max(cell.rfind(")", 0, pos), cell.rfind("）", 0, pos)) < opened


def budget_role(role: str | None) -> str | None:
    """A role read inside the budget block: 分值/得分 are the budget's weight and score."""
    return {"weight": "bweight", "score": "bscore"}.get(role or "", role)


def roles_in(text: str) -> set[str]:
    """Every role whose synonym occurs anywhere in ``text`` (squashed): how header-like a
    line or a window of lines is, for finding tables."""
    return {_ROLE[m.group()] for m in _ANY.finditer(squash(text))}


# Names of the budget block's total and fund-source rows (real-forms 6.4).
BUDGET_TOTAL = re.compile(r"资金总额|总金额|支出总额|总额|合计|总计")
FUND_SOURCE = re.compile(
    r"其中|财政|拨款|结转|自筹|单位资金|其他资金|专户|补助|中央|省级|市级|县级|本级|"
    r"地方|一般公共预算|政府性基金|国有资本|自有资金|其他收入|彩票"
)
TOTAL_ROW = re.compile(r"^(?:自评)?总(?:得)?分|^项目总得分|^合计得分|^综合得分|^总计得分")
HEAD_LABELS = {
    "project": re.compile(r"^项目名称[:：]?$"),
    "department": re.compile(r"^(?:主管部门|部门[（(]单位[)）]名称|部门名称|单位名称|预算部门)[:：]?$"),
}
