"""Reason labels: ``cause`` and ``quality`` for every 主要原因是 / 偏差原因 text (lexicons).

``cause`` (first match in this order, most specific first): 无此项支出, 新设或撤并机构,
科目调整, 人员变动, 政策或标准调整, 项目增减, 价格或费率, 节约压减, 其他.

``quality``:

- ``missing``: no reason where one is stated to follow (empty text, extraction kind
  ``missing``);
- ``contradictory``: the reason states the opposite direction from the change it explains,
  or names a sibling item (same 类/款, or another 三公 item) and never its own;
- ``boilerplate``: a generic formula (严格执行八项规定, 厉行节约, 严格按照预算执行, 偏差在合理
  范围内 …) and nothing concrete once those formulas, unit names and the restated change
  are removed;
- ``non_explanatory``: describes what the money was spent on (…产生的餐费支出, …发生的费用
  支出, 用于…) with no driver beside it, or
  only restates that cost items rose or fell (办公费支出减少), naming no driver;
- ``specific``: anything else.

The lexicons are the report template's own vocabulary (the phrases the 决算公开 template
and its instructions use), not phrases lifted from one report.
"""

from __future__ import annotations

import re

from extract.model import Reason, Report

from . import changes
from .memo import memo
from .reason_text import SPACE, body, leaf  # noqa: F401 - body and leaf are used from here too

_SPACE = SPACE

CAUSES: list[tuple[str, re.Pattern[str]]] = [
    (
        "无此项支出",
        re.compile(
            r"无[^，。；,;]{0,14}(?:费|支出|经费|收入)|未(?:安排|发生|列支)|无此项|均未|没有发生|不涉及"
        ),
    ),
    (
        "新设或撤并机构",
        re.compile(r"新增部门|新成立|新设|撤并|撤销|合并|划转|划入|划出|机构改革|新组建|转隶"),
    ),
    ("科目调整", re.compile(r"科目|列支渠道|功能分类|经济分类|单独列支")),
    (
        "人员变动",
        re.compile(
            r"人员(?:增加|减少|调入|调出|变动|调动|离职|辞职|新增|退休)|(?:新增|增加|减少|调入|调出)\s*\d*\s*(?:名|人)"
            r"|退休|调入|调出|辞职|离职|新进|招录|在职人员|人数(?:增加|减少)|编制"
        ),
    ),
    (
        "政策或标准调整",
        re.compile(
            r"政策|标准|调资|调薪|增资|基数|调增|调标|提标|绩效奖|考核奖|工资调整|缴费比例|规定调整|补发"
        ),
    ),
    ("项目增减", re.compile(r"项目|专项|追加|调减|任务|业务量|工作量|频次|次数|检查|接待|外出|会议|活动")),
    ("价格或费率", re.compile(r"价格|单价|费率|涨价|市场|油价|物价|老化|年限")),
    ("节约压减", re.compile(r"节约|压减|厉行|八项规定|缩减|严控|过紧日子|节支")),
]

# Generic formulas: fit any item, name no cause.
_BOILER = re.compile(
    r"严格执行(?:中央)?八项规定(?:精神)?|厉行节约|过紧日子|严格(?:按照|按)预算(?:执行)?|按照预算执行|"
    r"(?:进一步)?加强(?:预算|财务|经费)?管理|严控(?:一般性)?(?:经费)?支出?|压减(?:一般性)?(?:经费)?支出|"
    r"秉持节约原则|节约原则|偏差在合理范围内|在合理范围内|属于正常(?:情况|范围)|正常(?:起伏|波动)|"
    r"根据(?:实际)?(?:工作)?(?:需求|需要)|按(?:照)?实际(?:工作)?(?:需要|需求)|工作需要|确认无误|"
    r"实际数据波动|预算可控范围内|控制在预算范围内|只减不增|(?:从严|严格)?控制(?:一般性|三公)?(?:经费)?支出|"
    r"(?:进一步)?加强[^，。；,;]{0,10}?管理|严控[^，。；,;]{0,10}|压减[^，。；,;]{0,6}?(?:一般性)?支出|"
    r"(?:严格)?落实[^，。；,;]{0,8}?(?:要求|规定|精神)|勤俭节约|节约开支|压缩[^，。；,;]{0,8}?支出"
)
# Restating the money: "X 支出 增加/减少" or "增加/减少 … 支出".
_MONEY_NOUN = r"(?:费|支出|经费|资金|缴费|费用|收入|工资|补贴|奖金|耗材|用品)"
# (with the fiscal verbs of real-forms 2.2: 增收/减收, 增支/减支, 超收/短收)
_UP = r"增加|增长|上升|提高|调增|加大|增多|增收|增支|超收"
_DOWN = r"减少|下降|降低|调减|缩减|节约|压减|减小|减收|减支|短收"
_STATEMENT = re.compile(
    rf"{_MONEY_NOUN}[^，。；,;、]{{0,6}}?(?P<v1>{_UP}|{_DOWN})|(?P<v2>{_UP}|{_DOWN})[^，。；,;]{{0,15}}?{_MONEY_NOUN}"
)
# Describing the spending: "<items> 产生/发生/形成 的 <cost noun>" (邮电费和办公耗材发生的费用支出,
# 公务接待产生的餐费支出), the template's 开支内容 / 主要用于 / 用于支付. Any verb of incurring
# (产生, 发生, 形成) says what the money went on, never why the amount changed.
_SPENT_ON = re.compile(
    r"(?:产生|发生|形成)的[^，。；]{0,12}(?:费|支出|费用)|开支内容|主要用于|用于支付|"
    r"支付[^，。；]{0,10}(?:费|费用)$"
)
# Drivers: words that name why money moved (people, policy, tasks, prices, organisation).
_DRIVER = re.compile(
    r"人员|人数|退休|调入|调出|辞职|新增|政策|标准|基数|调资|调薪|增资|项目|专项|追加|调减|任务|业务量|"
    r"工作量|频次|次数|检查|接待(?:增加|减少|批次|人次)|外出|会议|活动|价格|单价|费率|老化|年限|科目|"
    r"撤并|合并|划转|新设|成立|机构|报废|购置|维修|建设|升级|改造|采购|疫情|搬迁|调整|合同|招标|结算|"
    r"未(?:支付|完成|到位|实施)|延期|滞后|进度"
)
_CLAUSE = re.compile(r"[，。；,;]")
_ORG = re.compile(
    r"^[\u4e00-\u9fff()（）]{2,20}?(?:局|中心|办公室|委员会|单位|部门|办|院|所|站|队)(?=[\u4e00-\u9fff])"
)


@memo(4096)
def cause_of(text: str) -> str:
    s = body(text)
    for label, pat in CAUSES:
        if pat.search(s):
            return label
    return "其他"


_UP_RE = re.compile(_UP)


@memo(4096)
def directions_stated(text: str) -> tuple[str, ...]:
    """增加/减少 of every "money noun + change verb" statement in the reason."""
    out = []
    for m in _STATEMENT.finditer(body(text)):
        v = m.group("v1") or m.group("v2")
        out.append("增加" if _UP_RE.fullmatch(v) else "减少")
    return tuple(out)


_KUAN = re.compile(r"^(.*?[(（]款[)）])")
_XIANG = re.compile(r"[(（]项[)）]")


@memo()
def parent(item: str | None) -> str | None:
    s = _SPACE.sub("", item or "")
    m = _KUAN.search(s)
    if m:
        return m.group(1)
    if _XIANG.search(s):
        return "(项)"  # a 项 named without its 类/款 path: the 项 of the list are siblings
    if any(k in s for k in ("因公出国", "公务用车", "公务接待")) and "三公" not in s:
        return "三公"
    return None


def change_direction(r: Reason) -> str | None:
    """增加 / 减少 of what the reason explains (a completion below 100 % is 减少; 持平 and
    unknown directions give None)."""
    d = changes.direction(r.change)
    return d if d in ("增加", "减少") else None


def has_change(r: Reason) -> bool:
    """A non-zero change (year-on-year or budget-vs-final, a completion off 100 %)."""
    return changes.is_change(r.change)


# The change restated as its own cause: 与上年持平, …导致增加(减少), 支出减少有所致, 执行进度偏慢;
# what is left once these and the item's own words are removed says nothing more.
_RESTATED = re.compile(
    r"(?:与|和|同)?(?:上年|上一年|去年)(?:度)?(?:估计|预计|基本)?(?:持平|一致|相当)|基本持平|"
    rf"导致(?:{_UP}|{_DOWN})\s*[(（]\s*(?:{_UP}|{_DOWN})\s*[)）]|"
    rf"[^，。；,;]{{0,12}}?(?:{_UP}|{_DOWN})?有所致|"
    r"(?:预算)?执行进度(?:偏慢|较慢|缓慢|滞后|不快)|支出进度(?:偏慢|较慢|缓慢|滞后)"
)


_RESTATED_WORDS = ("持平", "一致", "相当", "导致", "有所致", "执行进度", "支出进度")


def restates_change(r: Reason) -> bool:
    """The reason is the change restated (a lexicon of the forms real reports use), with
    no driver beside it."""
    s = body(r.text)
    # every form of _RESTATED contains one of these words: a text without them cannot match
    if not s or not any(w in s for w in _RESTATED_WORDS) or not _RESTATED.search(s):
        return False
    rest = _RESTATED.sub("", s)
    return len(_strip_generic(rest, r.item)) <= 4 or not _drivers(rest, r.item)


# A purpose given instead of a cause: 主要用于〈用途〉, 〈资金〉用于〈工程〉 as the whole reason.
_PURPOSE = re.compile(
    r"^(?:主要|全部|均|资金|经费|该项?(?:资金|经费)|[^，。；,;]{1,16}?(?:资金|经费|费))?用于"
)


_PURPOSE_DRIVER = re.compile(rf"新增|{_UP}|{_DOWN}|追加|取消|未|调整|上涨|变动|变化|人员|退休|标准|政策|价格")


def purpose_only(r: Reason) -> bool:
    s = body(r.text)
    # Whatever follows 用于 is what was bought; a change word anywhere names a driver.
    return bool(s) and bool(_PURPOSE.search(s)) and not _PURPOSE_DRIVER.search(s)


def contradiction(r: Reason, siblings: dict[str | None, set[str]]) -> str | None:
    """Why the reason contradicts the change it explains, or None."""
    s = body(r.text)
    if not s:
        return None
    want = change_direction(r)
    stated = directions_stated(r.text)
    if want and stated and all(d != want for d in stated):
        return f"说明为“{stated[0]}”，与实际{want}方向相反"
    own = leaf(r.item)
    p = parent(r.item)
    if own and p is not None and own not in s:
        for sib in siblings.get(p, ()):
            if sib != own and len(sib) >= 4 and sib not in own and own not in sib and _names_item(s, sib):
                return f"说明的是“{sib}”，而非本项“{own}”"
    return None


# What follows an item's name when it is part of an organisation's name instead
# (残疾人康复中心 is the unit that spends on 事业运行, not the item 残疾人康复).
_ORG_TAIL = re.compile(r"(?:服务)?(?:中心|局|站|所|院|队|馆|办公室|办|委员会|协会|学校|医院)")


def _names_item(s: str, item: str) -> bool:
    """Does ``s`` mention ``item`` other than inside an organisation's name?"""
    if not item:  # an empty name "occurs" everywhere: the pattern's own answer
        return any(not _ORG_TAIL.match(_SPACE.sub("", s[m.end() : m.end() + 8])) for m in re.finditer("", s))
    i = s.find(item)  # each occurrence, left to right, not overlapping (as re.finditer)
    while i >= 0:
        e = i + len(item)
        if not _ORG_TAIL.match(_SPACE.sub("", s[e : e + 8])):
            return True
        i = s.find(item, e)
    return False


def sibling_leaves(report: Report) -> dict[str | None, set[str]]:
    out: dict[str | None, set[str]] = {}
    items = {r.item for r in report.reasons if r.item} | {
        f.item for f in report.figures if f.kind in ("yoy_change", "budget_variance") and f.item
    }
    for it in items:
        out.setdefault(parent(it), set()).add(leaf(it))
    return out


_FILLER = re.compile(
    r"较上年|比上年|与上年相比|本年|我单位|本单位|本部门|财政拨款|“|”|\"|等|的|故|导致|所以|因此|有所|出现"
)
_PUNCT_RUNS = re.compile(r"[，。；、,.;:：()（）\s]+")
_PUNCT = re.compile(r"[，。；、,.;:：\s]")


def _names(item: str | None) -> list[str]:
    """The item's leaf and its whole name, longest first: the longer one holds the shorter,
    so removing it first leaves the same text whatever the hash seed (a set's order did not)."""
    return sorted({n for n in (leaf(item), _SPACE.sub("", item or "")) if n}, key=lambda n: (-len(n), n))


def _strip_generic(s: str, item: str | None, boiled: str | None = None) -> str:
    """``s`` without formulas, unit names, the item's name and the restated change;
    ``boiled``: ``s`` with the formulas already removed."""
    s = _BOILER.sub("", s) if boiled is None else boiled
    s = _ORG.sub("", s)
    for lf in _names(item):
        s = s.replace(lf, "")
    s = _STATEMENT.sub("", s)
    s = _FILLER.sub("", s)
    return _PUNCT_RUNS.sub("", s)


def _drivers(s: str, item: str | None) -> bool:
    """Does the reason name a driver, apart from words of the item's own name?"""
    for name in _names(item):
        s = s.replace(name, "")
    return bool(_DRIVER.search(s))


def _clauses(s: str) -> list[tuple[int, int]]:
    """Spans of the non-empty pieces of ``_CLAUSE.split(s)``. The formulas' pattern never
    matches across a clause break (its literals hold no separator, its free parts exclude
    them): a clause holds a formula exactly when a match over ``s`` starts inside it."""
    out = []
    prev = 0
    for m in _CLAUSE.finditer(s):
        if m.start() > prev:
            out.append((prev, m.start()))
        prev = m.end()
    if len(s) > prev:
        out.append((prev, len(s)))
    return out


def quality_of(r: Reason, siblings: dict[str | None, set[str]] | None = None) -> str:
    s = body(r.text)
    if r.kind == "missing" or not s or _PLACEHOLDER.match(s):
        return "missing"
    if siblings is not None and contradiction(r, siblings):
        return "contradictory"
    if restates_change(r) or purpose_only(r):
        return "non_explanatory"
    if cause_of(r.text) == "无此项支出":
        return "specific"
    if _SPENT_ON.search(s) and not _drivers(_SPENT_ON.sub("", s), r.item):
        return "non_explanatory"
    # One pass of the formulas' pattern over the reason (the longest pattern of the labels)
    # answers the three questions asked of it: is there a formula, the reason without
    # them, and which clauses hold one (no formula spans a clause break: see _clauses).
    formulas = [m.span() for m in _BOILER.finditer(s)]
    generic = bool(formulas)
    boiled = "".join(
        s[a:b]
        for a, b in zip([0] + [e for _, e in formulas], [st for st, _ in formulas] + [len(s)], strict=True)
    )
    rest = _strip_generic(s, r.item, boiled)
    if generic and len(rest) <= 4:
        return "boilerplate"
    clauses = _clauses(s)
    restating = clauses and all(
        _STATEMENT.search(s, a, b) or any(a <= st < b for st, _ in formulas) for a, b in clauses
    )
    if restating and not _drivers(s, r.item):
        return "boilerplate" if generic else "non_explanatory"
    if generic and not _drivers(s, r.item):
        return "boilerplate"
    return "specific"


# Labels the rules *prove* from the report itself; the model's judgement never overrides
# them: an empty reason is missing, a reason stating the opposite direction or a sibling
# item is contradictory (RSN003). The other quality labels and every cause come from the
# models when they are available (classify/learn, models/MODEL_CARD.md).
PROVABLE_QUALITY = ("missing", "contradictory")


def reason_direction(r: Reason, status: dict[tuple[str | None, str], str | None]) -> str | None:
    """The direction of what a reason explains, as the models saw it in training: the change
    of a narrative reason, the status of the row a 偏差原因 belongs to."""
    if r.kind == "deviation":
        return {"unmet": "未达标", "exceeded": "超额", "met": "达标"}.get(
            status.get((r.table, r.item or "")) or ""
        )
    d = change_direction(r)
    return d or (r.change.direction if r.change else None)


def _row_status(report: Report) -> dict[tuple[str | None, str], str | None]:
    out: dict[tuple[str | None, str], str | None] = {}
    for t in report.tables:
        for row in t.rows:
            out.setdefault((t.title, row.name), row.status)
    return out


# A placeholder (无, /, —, 略, 见上, 详见…, 不适用, masked XX/**) is the one thing the model may
# call ``missing`` that the rules would not: anything longer is a real text.
_PLACEHOLDER = re.compile(
    r"^(?:无|/|—+|-+|略|[(（]略[)）]|见上|同上|详见\S{0,8}|不适用|无偏差|不存在偏差|[xX*＊]+)?[。.]?$"
)


def model_abstains(r: Reason, cause: str | None, quality: str | None, rule_quality: str | None) -> bool:
    """The model gave no usable label: no cause or quality, or ``missing`` for a text that
    is a real explanation (not a placeholder, and not missing by the rules)."""
    if not cause or not quality:
        return True
    if quality == "missing" and rule_quality != "missing":
        # Under four characters is no sentence (a converter's stray cell such as 此): the
        # model's missing stands.
        b = _PUNCT.sub("", body(r.text))
        return len(b) >= 4 and not _PLACEHOLDER.match(b)
    return False


# How far (characters, one line) a reason may sit after a change it was not attached to.
_ADJACENT = 40


def pair_adjacent(report: Report, text: str) -> None:
    """A reason read with no change, right after a change read as unexplained (``missing``)
    in the same line (``…完成预算的45%，决算数小于预算数的主要原因是…``), explains it: the
    reason is judged on that change and the ``missing`` record is marked explained
    (``details.explained_by``), so the checks see one explained change, not an empty
    reason and a missing one."""
    missing = [
        m for m in report.reasons if m.kind == "missing" and m.change is not None and m.change.end >= 0
    ]
    if not missing:
        return
    for r in report.reasons:
        if r.kind == "missing" or not body(r.text) or changes.is_change(r.change):
            continue
        best = None
        for m in missing:
            gap = r.start - m.change.end  # type: ignore[union-attr]
            if (
                0 <= gap <= _ADJACENT
                and "\n" not in text[m.change.end : r.start]
                and "explained_by" not in m.details
            ):  # type: ignore[union-attr]
                if best is None or m.change.end > best.change.end:  # type: ignore[union-attr]
                    best = m
        if best is None:
            continue
        r.change = best.change
        if best.item:
            r.item = best.item
        r.details["change_from"] = "adjacent"
        best.details["explained_by"] = r.start


def label_reasons(report: Report, text: str) -> None:
    """``cause`` and ``quality`` of every reason: the models' labels, the provable rule
    labels kept first; ``details`` records the rule's labels where they differ."""
    try:
        _label_reasons(report, text)
    finally:
        pair_adjacent(report, text)


def _label_reasons(report: Report, text: str) -> None:
    sib = sibling_leaves(report)
    todo: list[Reason] = []
    for r in report.reasons:
        if not r.text and 0 <= r.start < r.end:
            r.text = text[r.start : r.end]
        r.cause = cause_of(r.text) if body(r.text) else None
        r.quality = quality_of(r, sib)
        r.details = {}
        if body(r.text):
            todo.append(r)
    if not todo:
        return
    from .learn.features import ReasonInput
    from .learn.models import label_models

    models = label_models()
    if models is None:
        return
    status = _row_status(report)
    xs = [ReasonInput(r.text, r.kind, reason_direction(r, status), r.item) for r in todo]
    try:
        labels = models.reasons(xs)
    except Exception as e:  # noqa: BLE001 - a broken model must not leave reasons unlabelled
        for r in todo:
            r.details = {"label_source": "rules", "model_error": type(e).__name__}
        return
    for r, lab in zip(todo, labels, strict=True):
        rule_cause, rule_quality = r.cause, r.quality
        if model_abstains(r, lab.cause, lab.quality, rule_quality):
            # The rules' labels stand: a real explanation is never left as "missing" (or
            # without a cause) because the model did not recognise its phrasing.
            r.details = {"label_source": "rules", "model_quality": lab.quality}
            continue
        r.cause = lab.cause
        if rule_quality not in PROVABLE_QUALITY:
            r.quality = lab.quality
        r.details = {"quality_score": round(lab.quality_probs.get(r.quality or "", 0.0), 4)}
        if r.cause != rule_cause:
            r.details["rule_cause"] = rule_cause
        if r.quality != rule_quality:
            r.details["rule_quality"] = rule_quality
