"""The standard indicator framework and the lexicon that maps printed level names onto it.

Printed level-1/level-2 cells vary (产出指标, 产出, 履职效能, 经济成本指标, 社会效益 指标 ...);
the checks reason about the framework categories, so each row gets ``category1``
(产出 / 效益 / 满意度 / 成本) and ``category2`` (数量 / 质量 / 时效 / 成本 / 经济 / 社会 /
生态 / 可持续 / 满意度). Matching is on the text with whitespace removed, so labels
broken by line wraps (``经济\\n成本\\n指标``) are recognised.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")

# Level-2 names -> (category1, category2). Longest keys are tried first.
LEVEL2 = {
    "数量指标": ("产出", "数量"),
    "质量指标": ("产出", "质量"),
    "时效指标": ("产出", "时效"),
    "成本指标": ("成本", "经济"),
    "经济成本指标": ("成本", "经济"),
    "社会成本指标": ("成本", "社会"),
    "生态环境成本指标": ("成本", "生态"),
    "生态成本指标": ("成本", "生态"),
    "经济效益指标": ("效益", "经济"),
    "社会效益指标": ("效益", "社会"),
    "生态效益指标": ("效益", "生态"),
    "可持续影响指标": ("效益", "可持续"),
    "可持续发展指标": ("效益", "可持续"),
    "满意度指标": ("满意度", "满意度"),
    "服务对象满意度指标": ("满意度", "满意度"),
    "效能指标": ("产出", "质量"),
}
# Level-1 names (project framework and the overall-table framework) -> category1.
LEVEL1 = {
    "产出指标": "产出",
    "效益指标": "效益",
    "满意度指标": "满意度",
    "成本指标": "成本",
    "履职效能": "产出",
    "管理效率": "产出",
    "运行成本": "成本",
    "社会效益": "效益",
    "经济效益": "效益",
    "生态效益": "效益",
    "可持续发展能力": "效益",
    "服务对象满意度": "满意度",
}
_L2_KEYS = sorted(LEVEL2, key=len, reverse=True)
_L1_KEYS = sorted(LEVEL1, key=len, reverse=True)


def squash(s: str) -> str:
    return _WS.sub("", s or "")


def level2_category(label: str | None) -> tuple[str, str] | None:
    s = squash(label or "")
    if not s:
        return None
    for k in _L2_KEYS:
        if k in s:
            return LEVEL2[k]
    # Unsuffixed forms (数量, 社会效益) as some converters print them.
    for k in _L2_KEYS:
        if s and k.startswith(s) and len(s) >= 2:
            return LEVEL2[k]
    return None


def level1_category(label: str | None) -> str | None:
    s = squash(label or "")
    if not s:
        return None
    for k in _L1_KEYS:
        if k in s or (len(s) >= 2 and k.startswith(s)):
            return LEVEL1[k]
    return None


def categorise(level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    """Framework categories from the printed level cells (either may be missing)."""
    c2 = level2_category(level2)
    c1 = level1_category(level1)
    if c2 is not None:
        return (c1 or c2[0]), c2[1]
    return c1, None


# Pairs of the standard framework. A printed pair outside it (产出指标 over 经济成本指标)
# means one of the two cells is misfiled, so the printed levels are not trusted.
FRAMEWORK_PAIRS = frozenset(
    {
        ("产出", "数量"),
        ("产出", "质量"),
        ("产出", "时效"),
        ("成本", "经济"),
        ("成本", "社会"),
        ("成本", "生态"),
        ("效益", "经济"),
        ("效益", "社会"),
        ("效益", "生态"),
        ("效益", "可持续"),
        ("满意度", "满意度"),
    }
)
