"""The narrative vocabulary, as data: reason markers, comparison bases, direction words,
units, completion forms, percentage points and qualifiers.

Everything here is matched on the normalised text (extract/normalize.py: digits and ``%``
half-width, spaces dropped, ``，：；（）`` kept as written), so each fragment accepts both
punctuation widths itself. ``extract/clauses.py`` and ``extract/explain.py`` compile these
lists once at import. Adding a form is one line here plus a test
(tests/test_narrative_forms.py).
"""

from __future__ import annotations

# ------------------------------------------------------------------------ numbers, units

# A number: thousands groups of three digits (either comma width) or plain digits, with an
# optional fraction.
NUMBER = r"(?:\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.\d+)?"

# Money units as written -> factor to 万元. Longest first (万元 before 万, 亿元 before 亿).
UNITS: tuple[tuple[str, float], ...] = (
    ("万元", 1.0),
    ("亿元", 10000.0),
    ("千元", 0.1),
    ("元", 0.0001),
    ("万", 1.0),  # 万 without 元 (``增加X万``); see NOT_MONEY_AFTER_WAN
    ("亿", 10000.0),
)
# ``X万`` is money only when no counting noun follows (X万人, X万亩, X万册 are not).
NOT_MONEY_AFTER_WAN = "人户亩个次辆件吨平公千米册份台套株头只条元余多张篇字"
# ``X元`` followed by these is a per-unit rate (X元/人/月), not an amount.
PER_UNIT = "/每"

# Counting units of activity lines (三公 批次/人次, vehicles, projects...).
COUNT_UNITS = r"批次|人次|批|次|辆|个|人|团组|项"

# ------------------------------------------------------------------------ direction words

# Words that state a change with a number after them, and the direction they give.
# Two-character words first: the alternation is built longest first.
DIRECTION_WORDS: dict[str, str] = {
    "增加": "增加",
    "增长": "增加",
    "上升": "增加",
    "提高": "增加",
    "增收": "增加",
    "增支": "增加",
    "超收": "增加",
    "上涨": "增加",
    "多了": "增加",
    "增多": "增加",
    "提升": "增加",
    "增至": "增加",
    "增加到": "增加",
    "增长到": "增加",
    "上升到": "增加",
    "提高到": "增加",
    "减少": "减少",
    "下降": "减少",
    "降低": "减少",
    "减收": "减少",
    "减支": "减少",
    "短收": "减少",
    "压缩": "减少",
    "压减": "减少",
    "负增长": "减少",
    "减至": "减少",
    "少了": "减少",
    "缩减": "减少",
    "节约": "减少",
    "减少到": "减少",
    "下降到": "减少",
    "降至": "减少",
    "降到": "减少",
    "增": "增加",
    "减": "减少",
    "降": "减少",
}
# Words that say a rate (``增幅Y%``): direction, or None for a neutral one (变动率).
RATE_NOUNS: dict[str, str | None] = {
    "增幅": "增加",
    "增长率": "增加",
    "增速": "增加",
    "涨幅": "增加",
    "降幅": "减少",
    "减幅": "减少",
    "减少率": "减少",
    "下降率": "减少",
    "降低率": "减少",
    "变动率": None,
    "变化率": None,
    "增减率": None,
    "增减幅度": None,
}
# No change.
FLAT_WORDS: tuple[str, ...] = (
    "基本持平",
    "持平",
    "无变化",
    "没有变化",
    "无增减",
    "未发生变化",
    "基本一致",
    "一致",
    "不变",
)
# An unfilled template keeps both words: 增加(减少), 增长(下降), 减少(增加), (减)幅.
TEMPLATE_PAIRS: tuple[str, ...] = (
    r"增加[（(]减少[）)]",
    r"减少[（(]增加[）)]",
    r"增长[（(]下降[）)]",
    r"下降[（(]增长[）)]",
    r"增加[（(]下降[）)]",
    r"下降[（(]增加[）)]",
    r"增[（(]减[）)]",
    r"减[（(]增[）)]",
    r"增减",
    r"[（(]增[）)]",
    r"[（(]减[）)]",
)
# Direction without a number (qualitative only): 大幅下降, 略有增长, 有所减少.
QUALITATIVE_LEAD = r"(?:大幅|略有|有所|明显|小幅|稍有|较大幅度)"

# ------------------------------------------------------------------------ comparison bases

# (regex fragment, canonical base). Tried in order: longer and more specific forms first.
# ``Y`` stands for a four-digit year and is replaced by the matched year (``2022年``).
BASES: tuple[tuple[str, str], ...] = (
    (r"(?:上年|去年|上一年)同期", "上年同期"),
    (r"年初预算(?:数)?", "年初预算"),
    (r"调整(?:后)?(?:的)?预算(?:数)?", "调整预算"),
    (r"(?:上年|去年|上一年)度?(?:决算|预算|执行)?数?", "上年"),
    (r"(?P<year>(?:19|20)\d{2})年度?(?:的)?(?:决算|预算|执行)?数?", "Y"),
    (r"(?:全年|年度)?预算(?:数)?", "预算"),
    (r"执行数", "执行数"),
    (r"上月", "上月"),
    (r"序时进度", "序时进度"),
    (r"(?:全省|全市|全国|全区)平均水平", "平均水平"),
)
# Words that introduce a comparison: 比/较/与…(相比)/对比/相较/同比.
COMPARE_OPENERS = r"(?:比|较|与|相较于?|对比|和)"
# ``与…相比`` / ``与…比较`` closers.
COMPARE_CLOSERS = r"(?:相比较?|比较|对比)"
# Forms that are a base by themselves.
SELF_BASES: tuple[tuple[str, str], ...] = (
    (r"同比", "上年同期"),
    (r"环比", "上月"),
)

# ------------------------------------------------------------------------ completion forms

# Completion of a budget: the rate is current / budget. ``完成(年初/调整)预算(X万元)(的)Y%``,
# ``为(调整)预算(数)的Y%``, ``占(调整/年初)预算(的)Y%``: a lead verb, an optional kind of
# budget, 预算, an optional printed budget amount; or a rate noun. One pattern is built
# from these lists (clauses.py); the base comes from the kind word or the rate noun.
COMPLETION_LEADS: tuple[str, ...] = ("完成了", "完成", "为", "占")
COMPLETION_KINDS: tuple[tuple[str, str], ...] = (
    ("年初", "年初预算"),
    ("调整后的", "调整预算"),
    ("调整后", "调整预算"),
    ("调整", "调整预算"),
    ("全年", "预算"),
    ("年度", "预算"),
    ("年", "预算"),
)
COMPLETION_RATES: tuple[tuple[str, str], ...] = (
    ("预算完成率", "完成率"),
    ("完成率", "完成率"),
    ("预算执行率", "执行率"),
    ("执行率", "执行率"),
    ("资金到位率", "到位"),
    ("资金使用率", "使用"),
)

# ------------------------------------------------------------------------ points, qualifiers

POINTS = r"个百分点"
QUALIFIERS: tuple[str, ...] = ("可比", "同口径", "自然口径", "全口径", "大口径", "按可比口径", "剔除")

# Shares: 占Y%, 占总收入Y%, 占〈总量〉比重为Y%, 占比Y%.
SHARE_LEAD = r"占(?:比|[^，,。；;\d%]{0,20}?(?:的比重|比重|的)?)?(?:为|达)?"

# ------------------------------------------------------------------------ reason markers

# Markers that open an explanation of a change stated BEFORE them. The regex fragment is
# the marker; the explanation runs from its end. Listed longest first where they overlap.
MARKERS_AFTER: tuple[str, ...] = (
    r"主要变动原因如下[：:]?",
    r"(?:主要|重要|根本)原因(?:是|为|在于|有)[：:]?",
    r"(?:主要|重要|根本)原因[：:]",
    r"原因主要(?:是|为|有|在于)[：:]?",
    r"原因(?:是|为|在于)[：:]?",
    r"的原因[：:]",
    # ``…下降Y%，原因(：)本年度未安排培训``: 原因 with no verb, opening its clause (real-forms 1.1)
    r"(?<=[，,。；;\n])原因(?:[：:]|(?![是为在主分如有及和与]))",
    r"主要(?:是由于|是因为|由于|因为|是因|系因|系)[：:]?",
    r"(?:这|此)(?:主要)?(?:是由于|是因为|是)",
    r"系因|系由于",
    r"主要是[：:]?",
)
# Markers that open an explanation placed BEFORE the change it explains (由于…，导致…).
MARKERS_BEFORE: tuple[str, ...] = (
    r"由于",
    r"因为",
    r"受(?=[^，,。；;]{1,40}?影响)",
    r"因(?!公|素|此|而|为|地|材|私|事)",
)
# Where a before-reason hands over to the change (``由于…，导致…``).
RESULT_LINKS = r"(?:从而|进而)?(?:导致|使得|致使|造成|使(?!用))"  # (使用 is no link)
# Explanation closers: ``…所致``, ``…影响``.
CLOSERS = r"所致|影响所致|的影响|影响"
# Attribution in news: ``据介绍，…主要原因是…`` (the marker is the 主要原因是 after it).
ATTRIBUTION = r"(?:据[^，,。]{0,8}介绍|[^，,。]{1,6}介绍)[，,]?"
# Enumerated bodies: 一是…二是…; 1.…2.…; (1)…(2)….
ENUM = r"(?:[一二三四五六七八九十]是|\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[)）])"
# A purpose instead of a reason (recorded as the explanation given; checks judge it).
PURPOSE = r"主要用于"

# ------------------------------------------------------------------------ items

# 三公 items and totals (names as written in real reports); used to decide where a
# change needs an explanation.
SANGONG_ITEMS: tuple[str, ...] = (
    "三公",
    "因公出国",
    "出国(境)",
    "出国（境）",
    "公务用车",
    "公车",
    "公务车",
    "公务接待",
    "接待费",
    "外事接待",
)
TOTAL_ITEMS: tuple[str, ...] = (
    "收入总计",
    "支出总计",
    "本年收入",
    "本年支出",
    "收支总计",
    "收、支总计",
    "总收入",
    "总支出",
    "财政拨款",
    "基本支出",
    "项目支出",
    "机关运行经费",
    "政府采购",
)

# ------------------------------------------------------------------------ figure families

# (regex over the item, family) for Figure.extra["family"]; first match wins.
FIGURE_FAMILIES: tuple[tuple[str, str], ...] = (
    (r"三公", "sangong"),
    (r"出国", "sangong_abroad"),
    (r"购置及运行|运行(?:维护)?及购置", "sangong_vehicle"),
    (r"(?:公务用?车|公车|车辆).*购置|购置.*(?:公务用?车|公车|车辆)", "sangong_vehicle_purchase"),
    (r"(?:公务用?车|公车|车辆).*运行|运行维护费", "sangong_vehicle_operation"),
    (r"公务用?车|公车", "sangong_vehicle"),
    (r"接待", "sangong_reception"),
    (r"收.{0,2}支总计|收入总计|总收入", "income_total"),
    (r"支出总计|总支出", "expense_total"),
    (r"本年收入|收入合计", "income_current"),
    (r"本年支出|支出合计", "expense_current"),
    (r"财政拨款", "fiscal"),
    (r"人员经费", "personnel"),
    (r"公用经费", "public"),
    (r"基本支出", "basic"),
    (r"项目支出", "project"),
    (r"机关运行经费", "operating"),
    (r"政府采购", "procurement"),
    (r"结转|结余", "balance"),
    (r"收入", "income"),
    (r"支出", "expense"),
)

# Counts stated in prose: 三公 activity (批次, 人次, 团组), vehicles (辆), projects and
# indicators (个). The item is the text before the number in its clause.
COUNT_UNITS_FIGURE = r"批次|人次|辆|团组|个项目|个指标|个绩效目标|个|项"
# Scores and grades of 绩效自评 narratives.
# (The pattern starts at the score word; the label before it, 综合/总体/自评…, is read back.)
SCORE_FORMS = r"(?:得分|评分|总分)(?:为|是|[：:])?(?P<v>\d+(?:\.\d+)?)分?"
SCORE_LABEL = r"(?:综合|总体|自评|评价|绩效评价总体|项目总|项目绩效评价总体|自评总)$"
GRADES = r"优秀|优|良好|良|中等|中|合格|差|不合格"
GRADE_FORMS = rf"(?:评价等级|自评等级|等级|自评结论|评价结论|综合评价结果|评价结果|结果)(?:为|是)?[：:]?[\"“]?(?P<g>{GRADES})(?![（(]\s*[）)])"
# 优()良(√)中()差(): the ticked band.
GRADE_TICK = r"(?:优|良|中|差)[（(]\s*[√✓✔☑]\s*[）)]"
