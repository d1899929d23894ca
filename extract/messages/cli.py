"""The command line's texts (``severity.*``, ``cli.*``, ``risk.formula``): jxscan check,
extract, rules and the listing of ``jxscan --help``."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
    # -- severities and labels shared by every output
    "severity.error": _m("错误", "error"),
    "severity.warning": _m("警告", "warning"),
    "severity.info": _m("提示", "info"),
    # -- the command line
    "cli.description": _m(
        "筛查中国公共部门绩效信息公开（部门决算公开说明、绩效自评表）。",
        "Screen Chinese public-sector performance disclosures.",
    ),
    "cli.lang": _m(
        "输出语言：zh（中文，默认）或 en（英文）；也可用环境变量 JXSCAN_LANG 设置",
        "output language: zh (Chinese, the default) or en (English); also the environment variable JXSCAN_LANG",
    ),
    "cli.extract.help": _m("抽取报告结构（不检查问题）", "extract the report structure (no findings)"),
    "cli.check.help": _m("抽取并检查：问题、计数、风险分", "extract and check: findings, counts, risk"),
    "cli.rules.help": _m("列出全部检查规则及其说明", "list the checks with their documentation"),
    # the listing of `jxscan --help` (each command's own --help is its module's)
    "cli.cmd.batch": _m(
        "将语料筛查入 SQLite（并行、可续跑），导出排名结果",
        "screen a corpus into SQLite (parallel, resumable), export ranked results",
    ),
    "cli.cmd.serve": _m("运行 HTTP API 和网页", "run the HTTP API and web page"),
    "cli.cmd.generate": _m(
        "生成带有植入问题的合成语料及其清单",
        "write a synthetic corpus with planted anomalies and its manifest",
    ),
    "cli.cmd.eval": _m(
        "在生成的语料上按代码计算精确率/召回率和抽取准确率",
        "precision/recall per code and extraction accuracy on a generated corpus",
    ),
    "cli.cmd.train": _m(
        "交叉验证并把标签模型训练到新目录（默认 models.new/，不覆盖 models/）",
        "cross-validate and train the label models into a new directory (default models.new/, not models/)",
    ),
    "cli.paths": _m(
        "报告文件（.txt/.pdf/.html/.docx/.xlsx/.xls）或目录",
        "report files (.txt/.pdf/.html/.docx/.xlsx/.xls) or directories",
    ),
    "cli.format": _m("输出格式", "output format"),
    "cli.include_text": _m("输出偏移量所对应的全文", "include the text the offsets index"),
    "cli.include_text_json": _m(
        "输出偏移量所对应的全文（json）", "include the text the offsets index (json)"
    ),
    "cli.select": _m(
        "只检查这些代码或前缀（逗号分隔，可重复）：IND,SUM001",
        "only these codes or prefixes (comma-separated, repeatable): IND,SUM001",
    ),
    "cli.ignore": _m("跳过这些代码或前缀", "skip these codes or prefixes"),
    "cli.fail_on": _m(
        "发现该严重程度或更高的问题时退出码为 1（默认：error）",
        "exit 1 when a finding at or above this severity is found (default: error)",
    ),
    "cli.statistics": _m(
        "按代码汇总问题数（类似 ruff --statistics），不逐条列出",
        "a count per code (as ruff --statistics) instead of one line per finding",
    ),
    "cli.max_bytes": _m(
        "超过此大小的文件不读取，报“过大”（默认 20 MB，与 batch、serve 相同）",
        "larger files fail as 'too large' without being read (default: 20 MB, as batch and serve)",
    ),
    "cli.unknown_code": _m("{option}：未知代码 {code}", "{option}: unknown code {code}"),
    "cli.did_you_mean": _m("，是否想输入：{matches}？", "; did you mean {matches}?"),
    "cli.known_codes": _m("（可用代码见 `jxscan rules`）", " (see `jxscan rules` for the codes)"),
    "cli.corpus_only": _m(
        "{codes} 需要在文件之间比较：请对语料运行 `jxscan batch`（`jxscan check` 逐份筛查）",
        "{codes} compare documents with each other: run `jxscan batch` on the corpus "
        "(`jxscan check` screens one document at a time)",
    ),
    "cli.warning": _m("{name}: 警告：{message}", "{name}: warning: {message}"),
    "cli.extraction_failed": _m("{name}: 抽取失败（{error}）", "{name}: extraction failed ({error})"),
    "cli.check_failed": _m("{name}: 检查失败（{error}）", "{name}: check failed ({error})"),
    "cli.summary": _m(
        "{files} 个文件{bad}：错误 {error} 个，警告 {warning} 个，提示 {info} 个",
        "{files} file(s){bad}: {error} error(s), {warning} warning(s), {info} info",
    ),
    "cli.summary_bad": _m("，{n} 个无法读取", ", {n} unreadable"),
    "cli.page": _m("（第{page}页）", " (page {page})"),
    "cli.stats_total": _m("共 {n} 个问题", "Found {n} findings"),
    "risk.formula": _m(
        "风险分（0–100）：100 ×（1 − exp(−负荷 /（{k} × 篇幅）)）；负荷 = Σ 各代码 w × √n（n 为该代码的发现数；"
        "w：错误 {w_error}、警告 {w_warning}、提示 {w_info}；{over}）；篇幅 =（E + {e0}）/（{e_ref} + {e0}），"
        "E = 指标行 + 原因说明 + 表格数。详见 docs/scoring.md。",
        "Risk (0-100): 100 × (1 − exp(−load / ({k} × size))); load = Σ per code w × √n (n findings of the "
        "code; w: error {w_error}, warning {w_warning}, info {w_info}; {over}); size = (E + {e0}) / ({e_ref} + "
        "{e0}), E = indicator rows + reasons + tables. See docs/scoring.md.",
    ),
    "cli.rules_scoring": _m(
        "评分规则（按文件推断，见 `rulebook`）：", "Scoring rules (inferred per document, see `rulebook`):"
    ),
    "cli.positive": _m("须为正数：{value}", "must be positive: {value}"),
}
