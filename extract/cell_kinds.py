"""What one table cell is: the kind :func:`cell_type` names from the cell's own text
(:mod:`extract.cells` cuts glued lines into cells with it).

A table reader that does not know the layout in advance assigns cells to columns by what
each cell *is* (a target reads ``≥90万元``, a weight is a bare number, a level-1 label reads
``产出指标``). :func:`cell_type` names that kind, from the cell's own text:

``empty``        blank, ``/``, ``—``, ``-``, ``无``: no value (an 无 target or reason says nothing
                 to compare either);
``op``           a lone operator (``≥``, ``=``, ``不低于``): pipes and one-cell-per-line tables
                 print operator, value and unit in three cells (real-forms 6.2);
``unit``         a lone unit (``%``, ``万元``, ``人/年``, ``台（套）``): a 度量单位 column, or
                 the unit cell of a split target;
``quantity``     operator-number-unit, number-unit, a range, a date or a deadline
                 (``≥90万元``, ``12个``, ``10%-20%``, ``2024年10月前``, ``9月前``): a target or an
                 actual;
``number``       a bare number (``8``, ``2,124.45``, and ``10分``): weight, score or amount
                 candidates;
``percent``      a number with ``%`` and no operator (``96%``): an actual, a rate or a target;
``grade``        优/良/中/差 (and 优秀/中等): printed beside or instead of scores (良好 and
                 较差 are common text targets and stay ``qualitative``);
``qualitative``  a short text value (``是``, ``有效改善``, ``达到预期``, ``不超过预算``);
``label``        a level-1/level-2 label (``产出指标``, ``数量指标``, ``满意度指标``, spaced
                 ``产 出 指 标``, or with its weight ``产出指标(50分)``);
``text``         anything else (indicator names, reasons, headers).

:func:`quantity_run` tells how many cells of a pipes or one-cell-per-line row print one
target (``=`` / ``100`` / ``%``); :func:`extract.fields.join_quantity` reads them as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from extract.field_words import OPERATOR_PATTERNS, QUALITATIVE_WORDS, UNIT_PATTERN
from extract.fields import (
    clean_cell,
    is_empty,
    is_unit,
    parse_quantity,
    text_bound,
)
from extract.normalize import fold_width

__all__ = ["CELL_TYPES", "cell_type", "quantity_run"]

CELL_TYPES = ("empty", "op", "unit", "quantity", "number", "percent", "grade", "qualitative", "label", "text")

# --------------------------------------------------------------------------- vocabulary

# Operator spellings that may stand alone or start a value. 达到/达/为 are left out: they
# start qualitative text (达到预期) and names (为民办实事) far more often than a value.
_NOT_OPS = {"达到", "达", "为"}
_OP_SPELLINGS = sorted(
    {fold_width(sp) for sps in OPERATOR_PATTERNS.values() for sp in sps if sp not in _NOT_OPS},
    key=len,
    reverse=True,
)
_OP_SRC = "|".join(re.escape(sp) for sp in _OP_SPELLINGS)
_LONE_OP = re.compile(rf"^(?:{_OP_SRC})$")
_OP_PREFIX = re.compile(rf"(?:{_OP_SRC})\s*")
# OCR-damaged operators (see extract.fields), and 达到/达/为 (see _NOT_OPS): only before a
# number.
_OCR_OP_SRC = r"工|\^|W|二|5[ \t]?=(?![=<>])"

# Grades printed beside or instead of scores. 良好/较差 are left to ``qualitative``: they are
# common text targets (社会效益: 良好) and read the same either way.
_GRADES = frozenset(
    {"优", "良", "中", "差", "优秀", "优等", "良等", "中等", "差等", "优级", "良级", "中级", "差级"}
)

# Level-1/level-2 labels: a short stem ending in 指标 whose stem names a dimension of the
# standard indicator tree (产出/效益/满意度 at level 1; 数量/质量/时效/成本, 经济/社会/生态
# 效益, 可持续影响 ... at level 2), or the bare dimension. Header words (一级指标, 指标名称)
# and section titles (绩效指标) are not labels.
_LABEL_STEMS = (
    "产出",
    "效益",
    "满意",
    "成本",
    "数量",
    "质量",
    "时效",
    "时间",
    "进度",
    "可持续",
    "影响",
    "效果",
    "效率",
    "效能",
    "履职",
    "管理",
    "决策",
    "过程",
    "投入",
    "运行",
    "经济",
    "社会",
    "生态",
    "环境",
    "服务对象",
    "公众",
    "效性",
)
_LABEL_BARE = frozenset(
    {
        "产出",
        "效益",
        "满意度",
        "数量",
        "质量",
        "时效",
        "成本",
        "经济效益",
        "社会效益",
        "生态效益",
        "可持续影响",
        "服务对象满意度",
        "经济成本",
        "社会成本",
        "生态环境成本",
        "项目产出",
        "项目效益",
    }
)
_NOT_LABELS = frozenset(
    {
        "一级指标",
        "二级指标",
        "三级指标",
        "四级指标",
        "指标",
        "绩效指标",
        "年度绩效指标",
        "指标名称",
        "指标内容",
        "指标值",
        "年度指标值",
        "指标性质",
        "指标方向性",
        "指标类型",
        "指标权重",
        "绩效指标完成情况",
        "年度绩效指标完成情况",
    }
)
_LABEL_WEIGHT = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]\s*[:：]?$")
_LABEL_RE = re.compile(r"^[\u4e00-\u9fff]{2,12}指标$")
_LABEL_HEAD = re.compile(r"[\u4e00-\u9fff]{2,10}?指标")

# Qualitative values: the fields vocabulary plus the echoes and text targets of real forms
# (6.6), and the morphemes a short evaluative phrase carries. A phrase ending in a name
# suffix (率, 度, 数 ...) is an indicator name, not a value.
_QUAL_EXTRA = frozenset(
    {
        "高",
        "低",
        "有",
        "达标",
        "满意",
        "基本满意",
        "专款专用",
        "稳步提高",
        "有效改善",
        "明显改善",
        "逐步提高",
        "不断提高",
        "规范",
        "合规",
        "正常",
        "稳定",
        "达成",
        "部分达成",
        "未达成",
        "基本达到",
        "全部完成",
        "按时完成",
        "及时完成",
        "有所提高",
        "有所提升",
        "持续提升",
        "符合要求",
        "符合",
        "到位",
        "落实",
        "较高",
        "较低",
        "增加",
        "减少",
        "降低",
    }
)
_QUAL_WORDS = frozenset(QUALITATIVE_WORDS) | _QUAL_EXTRA
# A short phrase is a value when it ends in a result (…提高, …改善, …完成, …到位) or starts
# with an evaluative adverb (有效…, 基本…, 按时…); indicator names end in a measured noun
# (…率, …度, …数, …时效) instead, which the name-suffix check rules out first.
_QUAL_END = re.compile(
    r"(?:提高|提升|改善|增强|增加|减少|降低|达到|达标|达成|完成|保障|预期|满意|规范|合规|稳定|良好|较好|好转"
    r"|专用|符合|到位|落实|合格|有效|明显|显著|及时|按时|按期|正常|充分|加强|推进|实现|满足|要求)$"
)
_QUAL_START = re.compile(
    r"^(?:有效|明显|显著|基本|全部|全面|完全|部分|按时|及时|按期|稳步|逐步|持续|不断|进一步|有所|未|已)"
)
_NAME_SUFFIX = re.compile(
    r"(?:率|度|数|量|性|额|费|比例|比重|时间|时限|时效|成本|效益|覆盖面|情况|指标|目标|名称|标准|内容|制度|机制"
    r"|水平|人次|面积|金额|资金|项目|工程|任务)$"
)
_QUAL_MAX = 12
_SENTENCE_PUNCT = re.compile(r"[，。；,;：:！？!?]")  # a value is a phrase, a reason is a sentence

# --------------------------------------------------------------------------- cell_type

_NUM_SRC = r"[+-]?(?:\d{1,3}(?:,[ \t]?\d{3})+|\d+)(?:\.[ \t]?\d+)?"
# A weight or score may carry its unit (``10分``): still a number candidate, not a target.
_BARE_NUMBER = re.compile(rf"^{_NUM_SRC}(?:\s*分)?$")
_PERCENT = re.compile(rf"^{_NUM_SRC}\s*[%$]$")
_SPACES = re.compile(r"\s+")
# A quantity cell: [operator] number-or-date [unit] [suffix]; the value itself is read by
# parse_quantity, this only checks the shape (no text before the number, no second value).
_QTY_SHAPE = re.compile(
    rf"^(?:(?:{_OP_SRC}|{_OCR_OP_SRC}|约|累计|全年|共计|共|合计|达到|达|完成|实现|为)\s*)?"
    rf"(?:(?:19|20)\d{{2}}\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*[日号])?)?"
    rf"|(?:19|20)\d{{2}}\s*[-/.]\s*\d{{1,2}}(?:\s*[-/.]\s*\d{{1,2}})?"
    rf"|{_NUM_SRC}(?:\s*[~\-—至到]\s*{_NUM_SRC})?|[0-9IlOo]*\d[0-9IlOo]*(?=\s*[%$]))"
    rf"\s*(?:[%$‰]|{UNIT_PATTERN}|[\u4e00-\u9fff]{{1,4}}(?=\s*(?:以上|以下|以内|之内|内|前|底|$)))?"
    rf"\s*(?:[~\-—至到]\s*{_NUM_SRC}\s*(?:[%$‰]|{UNIT_PATTERN})?)?"
    r"\s*(?:及以上|或以上|以上|及以下|或以下|以下|以内|之内|内|底前|末前|底|末|以前|之前|前)?"
    r"\s*(?:完成|到位|完工|竣工|达标|左右)?\s*(?:[（(](?:含|不含|含本数|左右|暂定|预计|累计)[)）])?[。.]?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=16384)
def cell_type(text: str) -> str:
    """The kind of one cell (one of :data:`CELL_TYPES`, see the module docstring); cached,
    since a reader asks for the same cell at several column assignments."""
    if is_empty(text):
        return "empty"
    c = clean_cell(text)
    if _LONE_OP.match(c):
        return "op"
    if is_unit(c):
        return "unit"
    tight = _SPACES.sub("", c)
    if tight in _GRADES:
        return "grade"
    op = _OP_PREFIX.match(c)
    if op and is_unit(c[op.end() :]):
        return "quantity"  # ``≧ %``: operator and unit printed, the value left blank
    if any(ch.isdigit() for ch in c):
        return _numeric_type(c, tight)
    if _is_label(tight):
        return "label"
    if _is_qualitative(c, tight):
        return "qualitative"
    return "text"


def _numeric_type(c: str, tight: str) -> str:
    if _BARE_NUMBER.match(c):
        return "number"
    if _PERCENT.match(c):
        return "percent"
    if _QTY_SHAPE.match(c):
        q = parse_quantity(c)
        if q.op == "=" and q.unit == "%" and q.high is None and (c[0].isdigit() or c[0] in "IlO"):
            return "percent"  # ``IO0%``: a damaged 100%, no operator printed
        if q.op not in (None, "qualitative"):
            return "quantity"
    if _is_label(tight):  # ``产出指标(50分)``
        return "label"
    return "text"


def _is_label(tight: str) -> bool:
    core = _LABEL_WEIGHT.sub("", tight).rstrip(":：")
    if core in _NOT_LABELS:
        return False
    if core in _LABEL_BARE:
        return True
    if not _LABEL_RE.match(core):
        return False
    stem = core[:-2]
    return any(k in stem for k in _LABEL_STEMS)


def _is_qualitative(c: str, tight: str) -> bool:
    if tight in _QUAL_WORDS or text_bound(c) is not None:
        return True
    if len(tight) > _QUAL_MAX or _NAME_SUFFIX.search(tight) or _SENTENCE_PUNCT.search(tight):
        return False
    return bool(_QUAL_END.search(tight) or (len(tight) <= 8 and _QUAL_START.search(tight)))


def quantity_run(cells: Sequence[str]) -> int:
    """How many leading cells of ``cells`` print one target/actual: ``=`` / ``100`` / ``%``
    is 3, ``X`` / ``人/年`` is 2, ``≥95%`` is 1, ``≧`` / ``%`` (value left blank) is 2;
    0 when the first cell starts no value. Join them with :func:`extract.fields.join_quantity`.
    """
    if not cells:
        return 0
    kinds = [cell_type(c) for c in cells[:3]]
    i = 0
    has_op = kinds[0] == "op"
    if has_op:
        i = 1
    if i < len(kinds) and kinds[i] in ("number", "quantity", "percent"):
        value_cell = clean_cell(cells[i])
        unitless = kinds[i] == "number" or (
            kinds[i] == "quantity" and parse_quantity(value_cell).unit is None
        )
        i += 1
        if unitless and i < len(kinds) and kinds[i] == "unit":
            i += 1
        return i
    if has_op and i < len(kinds) and kinds[i] == "unit":
        return 2
    return 1 if kinds[0] in ("quantity", "percent") else 0
