"""The one message catalogue: every user-facing text, in Chinese (default) and English.

Why a catalogue module and not gettext/Babel: gettext keys messages by their English source
text and needs a compile step (.po -> .mo) and a tool chain; here a message is keyed by a
stable id, both languages sit side by side (a missing translation is a failing test, not a
silent fallback), the catalogue is plain data the web page receives as JSON
(``service/web/messages.js``, generated from it), and nothing is added to the install.

The language: an explicit ``lang`` argument, else the one set for this context
(:func:`use_lang`: ``--lang``, a request's Accept-Language), else the environment variable
``JXSCAN_LANG``, else Chinese. Texts are ``str.format`` templates with named fields.

:func:`relocalize` turns a message rendered in one language into the other: a read error
raised in a worker process (rendered in that process's language) is answered in the
language of the request that sent the file.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import string
from collections.abc import Iterator
from functools import cache
from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
ENV_VAR = "JXSCAN_LANG"

_CURRENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("jxscan_lang", default=None)


def normalize_lang(value: str | None) -> str | None:
    """``zh``, ``zh-CN``, ``zh_CN.UTF-8``, ``Chinese`` -> "zh"; ``en``, ``en-US`` -> "en"; else None."""
    if not value:
        return None
    v = value.strip().lower().replace("_", "-")
    if v.startswith("zh") or v.startswith("chinese") or v == "cn":
        return "zh"
    if v.startswith("en"):
        return "en"
    return None


def from_accept_language(header: str | None) -> str | None:
    """The best of zh/en an Accept-Language header asks for (q-values honoured), or None."""
    best: tuple[float, int, str] | None = None
    for i, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, val = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        lang = normalize_lang(tag)
        if lang and q > 0 and (best is None or (q, -i) > (best[0], best[1])):
            best = (q, -i, lang)
    return best[2] if best else None


def current_lang() -> str:
    return _CURRENT.get() or normalize_lang(os.environ.get(ENV_VAR)) or DEFAULT_LANG


@contextlib.contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Render messages in ``lang`` inside the block (None: leave the current choice)."""
    token = _CURRENT.set(normalize_lang(lang) or current_lang())
    try:
        yield current_lang()
    finally:
        _CURRENT.reset(token)


def set_lang(lang: str | None) -> contextvars.Token[str | None]:
    """Set the language of this process (the CLI's ``--lang``); child processes inherit it
    (batch and server workers are other processes). Undo with :func:`reset_lang`."""
    chosen = normalize_lang(lang) or current_lang()
    os.environ[ENV_VAR] = chosen
    return _CURRENT.set(chosen)


def reset_lang(token: contextvars.Token[str | None], env: str | None) -> None:
    _CURRENT.reset(token)
    if env is None:
        os.environ.pop(ENV_VAR, None)
    else:
        os.environ[ENV_VAR] = env


def t(msg_id: str, lang: str | None = None, **fields: Any) -> str:
    """Message ``msg_id`` in ``lang`` (default: the current language), fields filled in."""
    entry = CATALOGUE[msg_id]
    text = entry[normalize_lang(lang) or current_lang()]
    return text.format(**fields)


def both(msg_id: str) -> dict[str, str]:
    return dict(CATALOGUE[msg_id])


def fields_of(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


# The messages that travel as text (errors stored in a database, sent back by a worker
# process) and are re-rendered in the reader's language.
RELOCALIZED = ("read.", "api.", "batch.fail.")


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """A regex per (message, language) with fields as groups, longest templates first."""
    out = []
    for mid, entry in CATALOGUE.items():
        if not mid.startswith(RELOCALIZED):
            continue
        for lang in LANGS:
            tpl = entry[lang]
            if sum(len(lit) for lit, *_ in string.Formatter().parse(tpl)) < 2:
                continue  # a template of fields alone would match anything
            rx, seen = [], set()
            for literal, fname, _spec, _conv in string.Formatter().parse(tpl):
                rx.append(re.escape(literal))
                if fname:
                    # A leading value (an encoding, a kind) holds no colon: the input's name
                    # before it does (``name: {enc} BOM ...``); a leading name or error may.
                    lead = not rx[0] and len(rx) == 1 and fname not in ("name", "error")
                    body = "[^:：]+?" if lead else ".+?"
                    rx.append(f"(?P={fname})" if fname in seen else f"(?P<{fname}>{body})")
                    seen.add(fname)
            out.append((len(tpl), mid, re.compile("".join(rx) + r"\Z", re.S)))
    out.sort(key=lambda x: -x[0])
    return tuple((mid, rx) for _, mid, rx in out)


def relocalize(text: str, lang: str | None = None) -> str:
    """``text`` with its catalogued message (at its end: ``name: message``) rendered in ``lang``;
    text that holds no catalogued message is returned as it is."""
    target = normalize_lang(lang) or current_lang()
    for mid, rx in _patterns():
        for m in _tail_matches(rx, text):
            fields = {k: relocalize(v, target) for k, v in m.groupdict().items()}
            return text[: m.start()] + CATALOGUE[mid][target].format(**fields)
    return text


def _tail_matches(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    # A message ends the text; it starts at the text's start or after ": " (the input's name).
    starts = [0] + [m.end() for m in re.finditer(r": ", text)]
    for s in starts:
        m = rx.match(text, s)
        if m:
            yield m
            return


def argparse_text(text: str) -> str:
    """argparse's English ``text`` in the current language (installed by ``service.cli``)."""
    mid = _ARGPARSE.get(text)
    return t(mid) if mid else text


def catalogue_json(prefixes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The messages whose id starts with one of ``prefixes`` (for the web page)."""
    return {k: dict(v) for k, v in CATALOGUE.items() if k.startswith(prefixes)}


def _m(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


# The catalogue, grouped by where the text is shown. Ids are stable; texts may change.
CATALOGUE: dict[str, dict[str, str]] = {
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
    # -- jxscan batch (service/batch.py, service/store.py)
    "batch.description": _m(
        "将 PATH 下的每份报告文件（.txt/.pdf/.html/.docx/.xlsx/.xls）用并行的工作进程筛查入 SQLite "
        "数据库。重新运行时跳过本版本已筛查的文件；详见 docs/batch.md。",
        "Screen every report file (.txt/.pdf/.html/.docx/.xlsx/.xls) under PATHs into a SQLite "
        "database, in parallel worker processes. Re-running skips documents already screened by "
        "this version; see docs/batch.md.",
    ),
    "batch.arg.db": _m("结果数据库（默认：%(default)s）", "results database (default: %(default)s)"),
    "batch.arg.workers": _m(
        "工作进程数（默认：CPU 数）；使用 --engine dask 时为本地集群的工作进程数（给出 --scheduler 时忽略）",
        "worker processes (default: the number of CPUs); with --engine dask, the local "
        "cluster's worker processes (ignored with --scheduler)",
    ),
    "batch.arg.engine": _m(
        "local：本机的工作进程（默认）；dask：Dask distributed，本地集群或 --scheduler 指定的集群"
        "（docs/scale.md）",
        "local: worker processes on this machine (default); dask: Dask distributed, a "
        "local cluster or the one at --scheduler (docs/scale.md)",
    ),
    "batch.arg.scheduler": _m(
        "配合 --engine dask：已有集群的调度器地址，例如 tcp://host:8786",
        "with --engine dask: the scheduler of an existing cluster, e.g. tcp://host:8786",
    ),
    "batch.arg.ship_bytes": _m(
        "配合 --engine dask：把每个文件的内容发送给工作进程（用于无法读取输入路径的工作节点）",
        "with --engine dask: send each file's bytes to the workers (for workers that "
        "cannot read the input paths)",
    ),
    "batch.arg.timeout": _m(
        "每份文件允许的秒数，超时则结束其工作进程（默认：%(default)g）",
        "seconds allowed per document before its worker is killed (default: %(default)g)",
    ),
    "batch.arg.max_bytes": _m(
        "超过此大小的文件不读取，报“过大”（默认：20 MB）",
        "larger files fail as 'too large' without being read (default: 20 MB)",
    ),
    "batch.arg.max_memory": _m(
        "每个工作进程的地址空间上限（MB），0 表示不限（默认：%(default)s）",
        "address-space limit per worker in MB, 0 for none (default: %(default)s)",
    ),
    "batch.arg.out": _m(
        "导出排名结果：FILE.csv、FILE.jsonl 或 FILE.xlsx",
        "export the ranked results: FILE.csv, FILE.jsonl or FILE.xlsx",
    ),
    "batch.arg.retry_failed": _m(
        "重新筛查本版本处理失败的文件（默认：跳过）",
        "screen again documents that failed with this version (default: skip them)",
    ),
    "batch.arg.force": _m(
        "重新筛查每份文件（即使没有变化也运行语料检查）",
        "screen every document again (and run the corpus checks even if nothing changed)",
    ),
    "batch.arg.no_corpus": _m(
        "逐份筛查后跳过语料检查（近似重复、套话原因、逐年沿用）",
        "skip the corpus checks (near-copies, template reasons, stickiness) after the per-document pass",
    ),
    "batch.arg.quiet": _m("不显示进度条，不逐份报告错误", "no progress bar, no per-document errors"),
    # why a document failed in a batch (stored in the database: re-rendered in the reader's language)
    "batch.fail.memory_limit": _m(
        "文件过大：筛查所需内存超过 --max-memory 的 {mb} MB 上限",
        "too large to screen in memory (over the {mb} MB limit of --max-memory)",
    ),
    "batch.fail.memory": _m("文件过大：筛查时内存不足", "too large to screen in memory (out of memory)"),
    "batch.fail.screening": _m("筛查失败（{error}）", "screening failed ({error})"),
    "batch.fail.timeout": _m("超时：{seconds} 秒后仍未完成", "timeout after {seconds} s"),
    "batch.fail.crash_signal": _m(
        "工作进程崩溃（退出码 {code}：被 {signal} 终止）",
        "worker crashed (exit code {code}: killed by {signal})",
    ),
    "batch.fail.crash": _m("工作进程崩溃（退出码 {code}）", "worker crashed (exit code {code})"),
    "batch.bar.screening": _m("筛查", "screening"),
    "batch.bar.corpus": _m("语料检查", "corpus checks"),
    "batch.bar.unit": _m("份", "doc"),
    "batch.transient": _m("（临时故障：下次运行时重试）", " (transient: the next run tries it again)"),
    "batch.transient_kept": _m(
        "（已连续 {attempts} 次：记为失败；--retry-failed 可重试）",
        " ({attempts} times in a row: kept as failed; --retry-failed tries it again)",
    ),
    "batch.interrupted_reading": _m(
        "读取输入时被中断；未筛查任何文件", "interrupted while reading the inputs; nothing screened"
    ),
    "batch.summary": _m(
        "共 {total} 份文件：已筛查 {screened} 份，跳过 {skipped} 份，失败 {failed} 份{retry}，"
        "用时 {seconds} 秒（每秒 {rate} 份）{interrupted}",
        "{total} documents: {screened} screened, {skipped} skipped, {failed} failed{retry} in "
        "{seconds} s ({rate} docs/s){interrupted}",
    ),
    "batch.summary_transient": _m(
        "（其中 {n} 份为临时故障，下次运行时重试）", " ({n} transient, tried again by the next run)"
    ),
    "batch.summary_interrupted": _m("——已中断；再次运行可续跑", " -- interrupted; run again to resume"),
    "batch.corpus_unchanged": _m(
        "语料检查：自上次以来没有变化（{n} 份文件），已跳过",
        "corpus checks: unchanged since the last pass ({n} documents), skipped",
    ),
    "batch.corpus_failed": _m("语料检查失败（{error}）", "corpus checks failed ({error})"),
    "batch.corpus_not_stored": _m("语料检查结果未保存：{error}", "corpus checks not stored: {error}"),
    "batch.corpus_changed": _m(
        "语料检查期间文件有变化；请再次运行 batch",
        "the documents changed during the corpus checks; run the batch again",
    ),
    "batch.corpus_count": _m("{code} {n} 条", "{n} {code}"),
    "batch.corpus_done": _m(
        "对 {documents} 份文件做了语料检查：{counts}，涉及 {flagged} 份文件，逐年对照 {sticky} 对{no_text}，"
        "用时 {seconds} 秒",
        "corpus checks over {documents} documents: {counts} findings in {flagged} documents, "
        "{sticky} year-on-year pairs{no_text} in {seconds} s",
    ),
    "batch.corpus_no_text": _m("；{n} 份未保存原文", "; {n} without their text"),
    "batch.corpus_interrupted": _m(
        "语料检查被中断，其结果均未保存；再次运行即可完成",
        "corpus checks interrupted, nothing of them stored; run again to complete them",
    ),
    "batch.need_input": _m(
        "请给出要筛查的路径，或用 --out 导出已有的数据库",
        "give paths to screen, or --out to export an existing database",
    ),
    "batch.bad_out": _m("--out 的后缀须为 {formats} 之一", "--out must end in one of {formats}"),
    "batch.dask_only": _m(
        "--scheduler 和 --ship-bytes 需要 --engine dask", "--scheduler and --ship-bytes need --engine dask"
    ),
    "batch.dask_missing": _m(
        "--engine dask 需要 Dask distributed：pip install 'jxscan[scale]'",
        "--engine dask needs Dask distributed: pip install 'jxscan[scale]'",
    ),
    "batch.db_open": _m("{db}：无法打开数据库（{error}）", "{db}: cannot open the database ({error})"),
    "batch.db_error": _m("{db}：数据库错误（{error}）", "{db}: database error ({error})"),
    "batch.locked": _m(
        "{db} 正被另一个 batch 使用（进程 {pid}）；请等它结束后再运行",
        "{db} is in use by another batch (pid {pid}); wait for it to finish, then run again",
    ),
    "batch.lock_file": _m(
        "{path}：无法创建锁文件（{error}）", "{path}: cannot create the lock file ({error})"
    ),
    "batch.engine_error": _m(
        "{error}；已筛查的文件已保存，再次运行可续跑",
        "{error}; the documents screened so far are stored, run again to resume",
    ),
    "batch.cannot_write": _m("无法写入 {out}（{error}）", "cannot write {out} ({error})"),
    "batch.exported": _m("已导出 {n} 份文件到 {out}", "exported {n} documents to {out}"),
    # -- jxscan serve (service/serve_args.py)
    "serve.description": _m(
        "运行 HTTP API 和网页（docs/api.md）。", "Run the HTTP API and the web page (docs/api.md)."
    ),
    "serve.arg.host": _m("监听地址（默认 127.0.0.1）", "address to listen on (default 127.0.0.1)"),
    "serve.arg.port": _m("端口（默认 8000）", "port (default 8000)"),
    "serve.arg.workers": _m(
        "筛查工作进程数（默认：JXSCAN_WORKERS 或 min(4, CPU 数)）",
        "screening worker processes (default JXSCAN_WORKERS or min(4, CPUs))",
    ),
    "serve.arg.log_level": _m("日志级别（默认 info）", "log level (default info)"),
    "serve.started": _m(
        "jxscan {version}：网页 {url}/ ，接口 {url}/v1/check ，接口文档 {url}/docs"
        "（{workers} 个工作进程；按 Ctrl+C 停止）",
        "jxscan {version}: web page {url}/ , API {url}/v1/check , API docs {url}/docs "
        "({workers} workers; Ctrl+C stops it)",
    ),
    "serve.not_a_number": _m("不是数字：{value}", "not a number: {value}"),
    "serve.at_least_one": _m("须为 1 或更大：{value}", "must be 1 or more: {value}"),
    # -- jxscan generate (corpus/generator/cli.py)
    "generate.arg.n": _m("文件数", "number of documents"),
    "generate.arg.seed": _m("语料种子（种子相同，字节相同）", "corpus seed (same seed, same bytes)"),
    "generate.arg.out": _m(
        "输出目录（docs/、truth/、manifest.jsonl）", "output directory (docs/, truth/, manifest.jsonl)"
    ),
    "generate.arg.pdf_share": _m(
        "以 PDF 写出的文件比例（默认 0.1）", "share of documents written as PDF (default 0.1)"
    ),
    "generate.arg.narrative": _m(
        "叙述部分的样式：真实公开文件的形式（forms）、种子样式的章节（seed），"
        "或四分之三的文件用 forms（mixed，默认）",
        "narrative style: the forms of real disclosures (forms), the seed-shaped sections "
        "(seed), or three in four documents in forms (mixed, the default)",
    ),
    "generate.arg.real_share": _m(
        "表格采用真实排版家族（竖线、行内、空格、一格一行……）的文本报告比例（默认 0.5；0 = 仅种子的排版）",
        "share of the text reports whose tables take a family of real renderings "
        "(pipes, inline, spaces, one cell per line …; default 0.5; 0 = the seeds' layouts only)",
    ),
    "generate.arg.formats": _m(
        "文件类型及比例，例如 txt,pdf,html,docx,xlsx 或 txt:0.6,pdf:0.1,html:0.1,docx:0.1,xlsx:0.1"
        "（取代 --pdf-share）",
        "file types with shares, e.g. txt,pdf,html,docx,xlsx or "
        "txt:0.6,pdf:0.1,html:0.1,docx:0.1,xlsx:0.1 (replaces --pdf-share)",
    ),
    "generate.arg.quiet": _m("不在 stderr 显示进度", "no progress on stderr"),
    "generate.share_range": _m("须介于 0 和 1 之间", "must be between 0 and 1"),
    "generate.at_least_one": _m("至少为 1", "must be at least 1"),
    "generate.unknown_format": _m(
        "未知格式 {name}（可选：{formats}）", "unknown format {name} (one of {formats})"
    ),
    "generate.bad_share": _m("{name} 的比例 {share} 无效", "bad share {share} for {name}"),
    "generate.negative_share": _m("{name} 的比例为负", "negative share for {name}"),
    "generate.no_share": _m("没有比例大于 0 的格式", "no format with a share"),
    "generate.progress": _m("已生成 {i}/{n}", "generated {i}/{n}"),
    "generate.done": _m(
        "{documents} 份文件，植入问题 {anomalies} 处，写入 {out}（用时 {seconds} 秒）；清单：{manifest}",
        "{documents} documents, {anomalies} planted anomalies in {out} ({seconds} s); manifest: {manifest}",
    ),
    # -- jxscan train (corpus/train/cli.py, train.py)
    "train.help": _m(
        "交叉验证并把标签模型训练到新目录（默认 models.new/）",
        "cross-validate and train the label models into a new directory (default models.new/)",
    ),
    "train.description": _m(
        "按任务用分层 5 折宏平均 F1 比较 scikit-learn 和规则词表（加 --spacy 时也比较 spaCy），"
        "用全部数据拟合保留的模型，连同 MODEL_CARD.md 写入 --out（默认 models.new/，"
        "除非明确要求，绝不写入 models/）。结果确定：单线程、固定种子（docs/models.md“Retraining”）。",
        "Compare scikit-learn and the rule lexicons (and spaCy with --spacy) by stratified 5-fold "
        "macro-F1 per task, fit the kept models on all the data and write them with MODEL_CARD.md to "
        "--out (default models.new/, never models/ unless asked). Deterministic: single-threaded, "
        "fixed seeds (docs/models.md, Retraining).",
    ),
    "train.arg.labels": _m(
        "reasons.jsonl 和 indicators.jsonl 所在目录", "directory of reasons.jsonl and indicators.jsonl"
    ),
    "train.arg.out": _m(
        "输出目录，须为新目录或空目录（默认：models.new/）；替换已有目录请加 --force",
        "output directory, new or empty (default: models.new/); --force to replace one",
    ),
    "train.arg.force": _m(
        "替换非空 --out（例如 models/）中的模型", "replace the models in a non-empty --out (e.g. models/)"
    ),
    "train.arg.spacy": _m(
        "同时交叉验证 spaCy 流水线（较慢；模型卡中多一列对比）",
        "also cross-validate the spaCy pipeline (slow; a comparison column in the card)",
    ),
    "train.arg.deploy_spacy": _m(
        "配合 --spacy：某任务上 spaCy 按边际规则胜过 scikit-learn 时采用 spaCy（docs/models.md）",
        "with --spacy: keep spaCy for a task where it beats scikit-learn by the margin rule (docs/models.md)",
    ),
    "train.arg.folds": _m(
        "交叉验证折数（默认 5；--labels 数据较少时可减少以快速运行）",
        "cross-validation folds (default 5; fewer for a quick run on a small --labels set)",
    ),
    "train.arg.score": _m(
        "不训练：用训练之外的带标签 JSON 行（corpus/labels 的格式）给 --models 中的模型打分，并与规则词表对比",
        "train nothing: score the models in --models on labelled JSON lines held out of training "
        "(format of corpus/labels), against the rule lexicons",
    ),
    "train.arg.models": _m(
        "--score 所评估的模型（默认：models/）", "models scored by --score (default: models/)"
    ),
    "train.arg.format": _m("--score 的输出格式", "output of --score"),
    "train.not_a_dir": _m("{out} 已存在且不是目录", "{out} exists and is not a directory"),
    "train.not_empty": _m(
        "{out} 已存在且非空：请换一个 --out，或加 --force 替换其中的模型",
        "{out} exists and is not empty: choose another --out, or add --force to replace its models",
    ),
    "train.wrote": _m("已写入 {out}：{files}", "wrote {out}: {files}"),
    "train.try_it": _m(
        "试用：JXSCAN_MODELS={out} jxscan check corpus/seeds\n"
        "采用：rm -r {models} && mv {out} {models}   （然后连同 corpus/labels/ 提交 models/）",
        "try it: JXSCAN_MODELS={out} jxscan check corpus/seeds\n"
        "adopt it: rm -r {models} && mv {out} {models}   (then commit models/ with corpus/labels/)",
    ),
    "train.score_failed": _m("--score {path}：{error}", "--score {path}: {error}"),
    "train.log.cv_reasons": _m("交叉验证 {task}（{n} 条原因说明）", "cross-validating {task} ({n} reasons)"),
    "train.log.cv_indicators": _m(
        "交叉验证 category1/category2（{n} 个指标）", "cross-validating category1/category2 ({n} indicators)"
    ),
    "train.log.fit": _m("用全部 {n} 个样本拟合 {task}", "fitting {task} on all {n} examples"),
    "train.log.spacy_fold": _m("{task} 第 {k} 折：spaCy {seconds} 秒", "{task} fold {k}: spaCy {seconds} s"),
    # argparse's own texts: the English is argparse's source string (service.cli swaps them in)
    "argparse.usage": _m("用法：", "usage: "),
    "argparse.positional": _m("位置参数", "positional arguments"),
    "argparse.options": _m("选项", "options"),
    "argparse.help": _m("显示此帮助信息并退出", "show this help message and exit"),
    "argparse.required": _m("缺少必需的参数：%s", "the following arguments are required: %s"),
    "argparse.choice": _m(
        "无效的选项值：%(value)r（可选：%(choices)s）", "invalid choice: %(value)r (choose from %(choices)s)"
    ),
    "argparse.unrecognized": _m("无法识别的参数：%s", "unrecognized arguments: %s"),
    "argparse.error": _m("%(prog)s：错误：%(message)s\n", "%(prog)s: error: %(message)s\n"),
    "argparse.argument": _m("参数 %(argument_name)s：%(message)s", "argument %(argument_name)s: %(message)s"),
    "argparse.one": _m("需要一个值", "expected one argument"),
    "argparse.at_least_one": _m("至少需要一个值", "expected at least one argument"),
    "argparse.type": _m("无效的 %(type)s 值：%(value)r", "invalid %(type)s value: %(value)r"),
    "argparse.ambiguous": _m(
        "有歧义的选项：%(option)s 可匹配 %(matches)s", "ambiguous option: %(option)s could match %(matches)s"
    ),
    "argparse.one_of": _m("必须给出以下参数之一：%s", "one of the arguments %s is required"),
    "argparse.not_allowed": _m("不能与参数 %s 同时使用", "not allowed with argument %s"),
    # -- reading inputs (extract/read*.py, service/inputs.py); the input's name is prepended
    "read.no_such_file": _m("{name}: 文件或目录不存在", "{name}: no such file or directory"),
    "read.too_large_memory": _m("过大，无法在内存中读取", "too large to read in memory"),
    "read.cannot_read_exc": _m("无法读取（{error}）", "cannot read ({error})"),
    "read.empty_file": _m("空文件", "empty file"),
    "read.empty_text": _m("文本为空", "empty text"),
    "read.binary_nul": _m(
        "二进制文件（含 NUL 字节），不是文本报告", "binary file (NUL bytes), not a text report"
    ),
    "read.binary_control": _m(
        "二进制文件（含控制字符），不是文本报告", "binary file (control characters), not a text report"
    ),
    "read.no_chinese": _m("未找到中文文本，不是报告", "no Chinese text found; not a report"),
    "read.undecodable_bom": _m(
        "{enc} BOM 之后的文本无法解码（第一个错误字节在偏移 {offset}）",
        "undecodable text after {enc} BOM (first bad byte at offset {offset})",
    ),
    "read.undecodable": _m(
        "文本无法解码（既非 UTF-8 也非 GB18030；第一个非 UTF-8 字节在偏移 {offset}）",
        "undecodable text (neither UTF-8 nor GB18030; first byte that is not UTF-8 at offset {offset})",
    ),
    "read.unsupported_convert": _m(
        "不支持的文件类型 {suffix}（{how}）；请先转换为 .docx 或 .pdf（支持：{supported}）",
        "unsupported file type {suffix} ({how}); convert it to .docx or .pdf first (supported: {supported})",
    ),
    "read.unsupported": _m(
        "不支持的文件类型 {suffix}（支持：{supported}）",
        "unsupported file type {suffix} (supported: {supported})",
    ),
    "read.cannot_read": _m("无法读取（{why}）", "cannot read ({why})"),
    "read.symlink_loop": _m("符号链接循环", "symbolic link loop"),
    "read.dangling_link": _m(
        "失效的符号链接（其目标 {target} 不存在）",
        "dangling symbolic link (its target {target} does not exist)",
    ),
    "read.not_regular": _m("不是普通文件（{kind}），未读取", "not a regular file ({kind}); not read"),
    "read.cannot_read_folder": _m("无法读取该文件夹（{why}）", "cannot read the folder ({why})"),
    "read.too_large_bytes": _m(
        "过大（{size} 字节，上限 {limit}）", "too large ({size} bytes; the limit is {limit})"
    ),
    "read.too_large_grew": _m(
        "过大（超过 {limit} 字节的上限）", "too large (over the limit of {limit} bytes)"
    ),
    "read.kind_fifo": _m("命名管道", "a FIFO (named pipe)"),
    "read.kind_socket": _m("套接字", "a socket"),
    "read.kind_chr": _m("字符设备", "a character device"),
    "read.kind_blk": _m("块设备", "a block device"),
    "read.kind_other": _m("非普通文件", "not a regular file"),
    "read.undecodable_bytes": _m(
        "{total} 个无法解码的字节已替换为 U+FFFD（按 {enc} 读取），字节偏移 {first}",
        "{total} undecodable bytes replaced by U+FFFD (read as {enc}) at byte offset {first}",
    ),
    "read.undecodable_byte": _m(
        "{total} 个无法解码的字节已替换为 U+FFFD（按 {enc} 读取），字节偏移 {first}",
        "{total} undecodable byte replaced by U+FFFD (read as {enc}) at byte offset {first}",
    ),
    "read.pdf_not_pdf": _m("不是 PDF 文件（没有 %PDF 文件头）", "not a PDF file (no %PDF header)"),
    "read.pdf_not_pdfium": _m("未能用 pdfium 读取（{detail}）", "not read with pdfium ({detail})"),
    "read.pdf_page_no_text": _m("第 {page} 页没有文字", "no text on page {page}"),
    "read.pdf_truncated": _m("PDF 不完整（没有 %EOF 结束标记）", "truncated PDF (no %EOF end marker)"),
    "read.pdf_encrypted": _m("加密的 PDF（需要密码）", "encrypted PDF (password needed)"),
    "read.pdf_no_pages": _m("PDF 没有页面", "PDF has no pages"),
    "read.pdf_no_text": _m("没有文本层（扫描件？请先做 OCR）", "no text layer (scanned PDF? OCR it first)"),
    "read.pdf_no_unicode": _m(
        "文本层没有 Unicode 映射（请先做 OCR）", "text layer has no Unicode mapping (OCR it first)"
    ),
    "read.pdf_too_many_pages": _m(
        "PDF 共 {count} 页，超过 {limit} 页的上限", "PDF has {count} pages, more than the limit of {limit}"
    ),
    "read.pdf_over_pages": _m("PDF 超过 {limit} 页（上限）", "PDF has more than {limit} pages (the limit)"),
    "read.pdf_corrupt": _m("PDF 损坏或不完整（{detail}）", "corrupt or truncated PDF ({detail})"),
    "read.pdf_out_of_memory": _m(
        "过大，无法读取（解析 PDF 时内存不足）", "too large to read (out of memory while parsing the PDF)"
    ),
    "read.too_large_to_read": _m("过大，无法读取：{detail}", "too large to read: {detail}"),
    "read.corrupt_docx": _m("损坏的 .docx（{detail}）", "corrupt .docx ({detail})"),
    "read.not_docx": _m("不是 Word .docx 文件（{detail}）", "not a Word .docx ({detail})"),
    "read.no_chinese_docx": _m(
        "Word 文档中未找到中文文本，不是报告", "no Chinese text found in the Word document; not a report"
    ),
    "read.no_chinese_html": _m(
        "网页中未找到中文文本，不是报告", "no Chinese text found in the HTML page; not a report"
    ),
    "read.no_chinese_xlsx": _m(
        "工作簿中未找到中文文本，不是报告", "no Chinese text found in the workbook; not a report"
    ),
    "read.html_unreadable": _m("无法读取的 HTML（{detail}）", "unreadable HTML ({detail})"),
    "read.corrupt_xlsx": _m("损坏的 .xlsx（{detail}）", "corrupt .xlsx ({detail})"),
    "read.corrupt_xls": _m("损坏的 .xls（{detail}）", "corrupt .xls ({detail})"),
    "read.docx_no_document": _m("zip 包中没有 Word 文档", "no Word document inside the zip archive"),
    "read.damaged_zip": _m("zip 包已损坏：{error}", "damaged zip archive: {error}"),
    "read.missing_part": _m("缺少部件 {part}", "missing part {part}"),
    "read.html_undecodable_bom": _m(
        "{enc} BOM 之后的 HTML 无法解码（字节 {offset}）", "undecodable HTML after {enc} BOM at byte {offset}"
    ),
    "read.html_undecodable": _m(
        "HTML 无法解码（声明的编码：{declared}；按 UTF-8、GB18030 也无法解码）",
        "undecodable HTML (declared {declared}; not UTF-8 or GB18030 either)",
    ),
    "read.no_charset": _m("未声明", "no charset"),
    "read.xlsx_no_workbook": _m("zip 包中没有工作簿", "no workbook inside the zip archive"),
    "read.xls_not_ole2": _m("不是 Excel 97-2003 工作簿", "not an Excel 97-2003 workbook"),
    "read.xls_old_doc": _m(
        "不是 Excel 工作簿（旧版 Word .doc？请转换为 .docx 或 .pdf）",
        "not an Excel workbook (an old Word .doc? convert it to .docx or .pdf)",
    ),
    "read.xls_unreadable": _m("无法读取的 .xls（{detail}）", "unreadable .xls ({detail})"),
    "read.corrupt_xml_sheet": _m("损坏的 XML 电子表格（{detail}）", "corrupt XML spreadsheet ({detail})"),
    "read.pdf_permissions": _m(
        "加密的 PDF（权限密码）：其文本无法解码；请先解除保护（例如 qpdf --decrypt）",
        "encrypted PDF (permissions password): its text cannot be decoded; "
        "remove the protection first (e.g. qpdf --decrypt)",
    ),
    "read.too_large_page": _m(
        "过大，无法读取：{detail}（第 {page} 页）", "too large to read: {detail} (page {page})"
    ),
    "read.pdf_page_unreadable": _m(
        "PDF 已损坏（第 {page} 页无法读取：{detail}）", "corrupt PDF (page {page} unreadable: {detail})"
    ),
    "read.on_page": _m("{error}（第 {page} 页）", "{error} on page {page}"),
    "read.corrupt_zip": _m("损坏的 {kind}（{detail}）", "corrupt {kind} ({detail})"),
    "read.not_zip": _m("不是 zip 包", "not a zip archive"),
    "read.zip_too_large": _m(
        "{kind} 解压后过大（{size} 字节，上限 {limit}）",
        "{kind} too large unpacked ({size} bytes; the limit is {limit})",
    ),
    "read.no_report_files": _m(
        "目录中没有报告文件（{supported}）", "directory holds no report files ({supported})"
    ),
    "read.no_such_path": _m("文件或目录不存在", "no such file or directory"),
    "read.too_many_cells": _m(
        "工作表 {sheet} 超过 {limit} 个单元格", "sheet {sheet} has more than {limit} cells"
    ),
    # -- exports (CSV/XLSX headers); the JSONL export keeps its machine keys
    "export.sheet.documents": _m("文件", "documents"),
    "export.sheet.findings": _m("问题", "findings"),
    "export.col.rank": _m("排名", "rank"),
    "export.col.risk": _m("风险分", "risk"),
    "export.col.status": _m("状态", "status"),
    "export.col.error": _m("错误信息", "error"),
    "export.col.path": _m("路径", "path"),
    "export.col.title": _m("标题", "title"),
    "export.col.department": _m("部门", "department"),
    "export.col.year": _m("年度", "year"),
    "export.col.errors": _m("错误数", "errors"),
    "export.col.warnings": _m("警告数", "warnings"),
    "export.col.infos": _m("提示数", "infos"),
    "export.col.findings": _m("问题数", "findings"),
    "export.col.corpus_findings": _m("语料问题数", "corpus_findings"),
    "export.col.tables": _m("表格数", "tables"),
    "export.col.rows": _m("指标行数", "rows"),
    "export.col.reasons": _m("原因说明数", "reasons"),
    "export.col.kind": _m("文件类型", "kind"),
    "export.col.pages": _m("页数", "pages"),
    "export.col.bytes": _m("字节数", "bytes"),
    "export.col.doc_id": _m("文档ID", "doc_id"),
    "export.col.tool_version": _m("工具版本", "tool_version"),
    "export.col.screened_at": _m("筛查时间", "screened_at"),
    "export.col.doc_rank": _m("文件排名", "doc_rank"),
    "export.col.code": _m("代码", "code"),
    "export.col.severity": _m("严重程度", "severity"),
    "export.col.message": _m("问题说明", "message"),
    "export.col.explanation": _m("详细说明", "explanation"),
    "export.col.evidence": _m("证据", "evidence"),
    "export.col.location": _m("位置", "location"),
    "export.col.start": _m("起始偏移", "start"),
    "export.col.end": _m("结束偏移", "end"),
    "export.col.page": _m("页码", "page"),
    "export.col.details": _m("原始详情", "details"),
    "export.col.scope": _m("范围", "scope"),
    # stored keywords shown as values in the CSV/XLSX (the JSONL export keeps them)
    "export.status.ok": _m("已筛查", "ok"),
    "export.status.failed": _m("失败", "failed"),
    "export.scope.document": _m("单份文件", "document"),
    "export.scope.corpus": _m("语料", "corpus"),
    "export.unknown_format": _m(
        "{path}：未知的导出格式 {suffix}；请使用 {formats} 之一",
        "{path}: unknown export format {suffix}; use one of {formats}",
    ),
    "export.no_suffix": _m("（无后缀）", "(no suffix)"),
    # -- the API's error messages (codes stay)
    "api.empty_body": _m('请求体为空；请发送 {{"text": ...}}', 'empty request body; send {{"text": ...}}'),
    "api.invalid_json": _m("JSON 无效：{reason}", "invalid JSON: {reason}"),
    "api.nested": _m("嵌套过深", "nested too deeply"),
    "api.no_file_field": _m(
        "multipart 上传需要在字段 'file' 中提供文件", "multipart upload needs a file in the field 'file'"
    ),
    "api.full_param": _m(
        "full 参数应为 1/true 或 0/false，收到 {got}", "full: expected 1/true or 0/false, got {got}"
    ),
    "api.media_type": _m(
        "请发送 application/json {{\"text\": ...}} 或在字段 'file' 中以 multipart/form-data 上传",
        "send application/json {{\"text\": ...}} or a multipart/form-data upload in the field 'file'",
    ),
    "api.busy": _m("等待处理的请求过多，请稍后重试", "too many requests waiting for a worker; retry later"),
    "api.timeout": _m("筛查用时超过 {seconds} 秒", "screening took longer than {seconds} s"),
    "api.worker_crashed": _m(
        "处理该报告的工作进程已退出；请重试，如再次发生请报告该文件",
        "the worker screening this report died; retry, or report the file if it happens again",
    ),
    "api.internal": _m("内部错误（{kind}）", "internal error ({kind})"),
    "api.too_large_memory": _m(
        "{name}: 过大，无法在内存中筛查{cap}", "{name}: too large to screen in memory{cap}"
    ),
    "api.field_missing": _m("缺少必需字段", "Field required"),
    "api.field_string": _m("应为字符串", "Input should be a valid string"),
    "api.field_bool": _m("应为布尔值（true/false）", "Input should be a valid boolean"),
    "api.field_object": _m(
        '应为 JSON 对象，例如 {{"text": ...}}', 'Input should be a JSON object such as {{"text": ...}}'
    ),
    "api.field_invalid": _m("值无效（{detail}）", "invalid value ({detail})"),
    "api.too_large_cap": _m("（超过 {cap} MB 上限）", " (over the {cap} MB limit)"),
    # -- readable findings: one sentence built from a finding's details (service/explain.py);
    # fields are the detail keys ("v" for a key that is not an identifier)
    "explain.overlap_goal_duties": _m(
        "预期目标的文字片段中有{containment}也出现在部门“主要职能”中（判定线{threshold}）",
        "{containment} of the goal's text fragments also occur in the department's "
        "主要职能 (duties) (line drawn at {threshold})",
    ),
    "explain.overlap_result_goal": _m(
        "实际完成情况的文字片段中有{containment}与预期目标相同（判定线{threshold}）",
        "{containment} of the result's text fragments are the goal's (line drawn at {threshold})",
    ),
    "explain.same_goal": _m(
        "与“{same_as}”的预期目标相似度为{jaccard}", "its goal is {jaccard} similar to the goal of “{same_as}”"
    ),
    "explain.similarity": _m(
        "两份文字的相似度（Jaccard）为{jaccard}", "the two texts are {jaccard} similar (Jaccard)"
    ),
    "explain.status": _m("判定：{status}", "verdict: {status}"),
    "explain.target": _m("目标{target_raw}", "target {target_raw}"),
    "explain.actual": _m("实际{actual_raw}", "actual {actual_raw}"),
    "explain.target_value": _m("目标{target}", "target {target}"),
    "explain.actual_value": _m("实际{actual}", "actual {actual}"),
    "explain.score": _m("得分{score}（分值{weight}）", "score {score} of a weight of {weight}"),
    "explain.expected_score": _m(
        "按本文件所用的评分规则应得{expected}分", "the document's own scoring rules give {expected}"
    ),
    "explain.rule": _m("适用的评分规则：{rule}", "scoring rule that explains it: {rule}"),
    "explain.rule_none_short": _m(
        "无（本文件所用的评分规则均不能解释该得分）",
        "none (no scoring rule the document uses explains the score)",
    ),
    "explain.or": _m("或", " or "),
    "explain.ratio": _m("实际值约为目标值的{ratio}倍", "the actual value is about {ratio} times the target"),
    "explain.cost": _m(
        "产出仅完成{completion}，而成本指标“{cost_row}”目标{cost_target}、实际{cost_actual}",
        "output only {completion} done, while the cost row “{cost_row}” has target {cost_target} "
        "and actual {cost_actual}",
    ),
    "explain.change": _m("变动：{change}", "change: {change}"),
    "explain.change_amount": _m("{direction}{amount}万元", "{direction} {amount} 万元 (10k yuan)"),
    "explain.change_rate": _m("{direction}{rate}%", "{direction} {rate}%"),
    "explain.change_points": _m("{direction}{rate}个百分点", "{direction} {rate} percentage points"),
    "explain.completion": _m("完成预算的{rate}%", "{rate}% of the budget"),
    "explain.dir.increase": _m("增加", "up"),
    "explain.dir.decrease": _m("减少", "down"),
    "explain.dir.up": _m("增长", "up"),
    "explain.dir.down": _m("下降", "down"),
    "explain.dir_pct": _m("{direction}{v}%", "{direction} {v}%"),
    "explain.quality": _m("原因质量：{quality}", "quality of the reason: {quality}"),
    "explain.same_reason": _m("同一原因也用于“{same_as}”", "the same reason is also given for “{same_as}”"),
    "explain.contradiction": _m("矛盾之处：{contradiction}", "contradiction: {contradiction}"),
    "explain.pair": _m("“{pair}”未选定方向", "“{pair}” left unresolved"),
    "explain.total_vs_sum": _m(
        "表中总分{declared_total}，各项得分合计{sum}",
        "the table's total is {declared_total}, its scores add up to {sum}",
    ),
    "explain.weights_sum": _m(
        "各项分值合计{weights_sum}（应为100）", "the weights add up to {weights_sum} (not 100)"
    ),
    "explain.exec_rate": _m(
        "全年执行数{executed}÷全年预算数{adjusted}={expected}%，表中执行率为{rate}%",
        "executed {executed} ÷ adjusted budget {adjusted} = {expected}%, the table says {rate}%",
    ),
    "explain.exec_score": _m(
        "执行率{rate}%，分值{weight}，得分{score}，按本文件所用的评分规则应得{expected}分",
        "rate {rate}%, weight {weight}, score {score}; the document's own scoring rules give {expected}",
    ),
    "explain.share": _m(
        "{part}÷{whole}={expected}%，文中为{share}%", "{part} ÷ {whole} = {expected}%, the text says {share}%"
    ),
    "explain.growth": _m(
        "上年{previous}，本年{current}，应为{expected}，文中为{rate}",
        "previous {previous}, current {current}: {expected}, the text says {rate}",
    ),
    "explain.variance": _m(
        "预算{budget}，决算{final}，差异率应为{expected}，文中为{rate}",
        "budget {budget}, final {final}: the variance is {expected}, the text says {rate}",
    ),
    "explain.total_parts": _m("合计{total}，各项之和{sum}", "total {total}, the parts add up to {sum}"),
    "explain.funds": _m("年初预算数：{v}", "initial budget: {v}"),
    "explain.funds_adjusted": _m("全年预算数：{v}", "adjusted budget: {v}"),
    "explain.funds_executed": _m("全年执行数：{v}", "executed: {v}"),
    "explain.funds_sum": _m("总额{total}，各资金来源之和{sum}", "total {total}, the sources add up to {sum}"),
    "explain.narrative_vs_tables": _m(
        "说明中为{narrative}，{tables}张自评表合计{tables_sum}",
        "the text says {narrative}; the {tables} tables add up to {tables_sum}",
    ),
    "explain.stated_vs_tables": _m(
        "文中称{stated}个，所附自评表{tables}张", "the text says {stated}; {tables} tables follow"
    ),
    "explain.other_doc": _m("对方文件：{other}", "the other document: {other}"),
    "explain.sep": _m("；", "; "),
    "explain.comma": _m("，", ", "),
    "explain.end": _m("。", "."),
    "scoring.standard": _m(
        "达标满分，未达标按完成比例", "full marks when met, else in proportion to completion"
    ),
    "scoring.both_ways": _m("成本/人数类双向按比例", "proportional both ways (costs, head counts)"),
    "scoring.rate": _m("执行率×权重", "execution rate × weight"),
    "scoring.deduction": _m("每差一个百分点扣k分", "k points off per percentage point missed"),
    "scoring.deduction_both_ways": _m(
        "每差一个百分点扣k分（成本双向）", "k points off per point, both ways (costs)"
    ),
    "scoring.overrun_zero": _m("成本超支不得分", "zero when the cost is overrun"),
    "scoring.zero_below": _m("完成率低于阈值不得分", "zero below a completion threshold"),
    # -- the HTML report and the web page (both languages; the page receives the "page." ones)
    "page.title": _m(
        "jxscan · 部门决算与绩效自评审查", "jxscan · screening of final accounts and self-evaluations"
    ),
    "page.subtitle": _m("部门决算公开说明 · 绩效自评表 审查", "部门决算公开说明 · 绩效自评表 screening"),
    "page.intro": _m(
        "粘贴报告全文或上传文件，检查计算错误、评分异常与空泛表述。每条问题都标出原文依据。",
        "Paste a report or upload a file to check its arithmetic, its scores and hollow wording. "
        "Every finding points at its evidence in the text.",
    ),
    "page.paste": _m("粘贴报告文本", "Paste the report text"),
    "page.placeholder": _m(
        "在此粘贴部门决算公开说明或绩效自评表的全文……",
        "Paste the full text of a 部门决算公开说明 or 绩效自评表 here…",
    ),
    "page.upload": _m(
        "或上传文件（.txt、.pdf、.html、.docx、.xlsx）", "or upload a file (.txt, .pdf, .html, .docx, .xlsx)"
    ),
    "page.choose": _m("选择文件", "Choose a file"),
    "page.no_file": _m("未选择文件", "No file chosen"),
    "page.remove_file": _m("移除文件", "Remove the file"),
    "page.hint": _m(
        "选择了文件时检查该文件，否则检查粘贴的文本。文本文件可为 UTF-8 或 GBK 编码。",
        "A chosen file is checked, otherwise the pasted text. Text files may be UTF-8 or GBK.",
    ),
    "page.submit": _m("开始检查", "Check"),
    "page.result": _m("检查结果", "Result"),
    "page.findings": _m("发现的问题", "Findings"),
    "page.show": _m("显示", "Show"),
    "page.no_findings": _m("未发现问题。", "No findings."),
    "page.text": _m("原文", "Text"),
    "page.text_hint": _m(
        "（高亮处为问题依据，点击可定位到对应问题）",
        "(highlights are the evidence; click one to find its finding)",
    ),
    "page.need_input": _m("请先粘贴报告文本或选择文件。", "Paste a report or choose a file first."),
    "page.checking": _m("正在检查……", "Checking…"),
    "page.failed": _m("检查失败（{status}）：{message}", "Check failed ({status}): {message}"),
    "page.done": _m("完成，用时 {seconds} 秒。", "Done in {seconds} s."),
    "page.offline": _m("无法连接服务：{message}", "Cannot reach the service: {message}"),
    "page.field.title": _m("标题", "Title"),
    "page.field.department": _m("部门", "Department"),
    "page.field.year": _m("年度", "Year"),
    "page.field.source": _m("来源", "Source"),
    "page.field.pages": _m("页数", "Pages"),
    "page.unknown": _m("（未识别）", "(not found)"),
    "page.risk": _m("风险分 {risk}", "risk {risk}"),
    "page.risk_title": _m("风险分（0–100）", "risk (0–100)"),
    "page.count": _m("{label} {n}", "{label}: {n}"),
    "page.on_page": _m("第 {page} 页", "page {page}"),
    "page.no_location": _m("（无位置信息）", "(no location)"),
    "page.no_span": _m("（无原文定位）", "(not located in the text)"),
    "page.raw_details": _m("原始数据", "Raw details"),
    "page.bytes": _m("{n} 字节", "{n} bytes"),
    # -- the static HTML report (jxscan report)
    "report.footer": _m(
        "由 jxscan {version} 生成于 {generated}。本页为静态文件，不含脚本，不连接网络。",
        "Generated by jxscan {version} on {generated}. A static page: no scripts, no network.",
    ),
    "report.summary": _m("筛查结果汇总", "Screening summary"),
    "report.nav.risk": _m("风险分布", "Risk distribution"),
    "report.nav.codes": _m("问题代码统计", "Findings per code"),
    "report.nav.ranking": _m("文件风险排名", "Documents by risk"),
    "report.nav.failed": _m("处理失败", "Failed"),
    "report.nav.corpus": _m("语料层面统计", "Corpus statistics"),
    "report.overview": _m("概况", "Overview"),
    "report.stat.documents": _m("文件总数", "documents"),
    "report.stat.ok": _m("已筛查", "screened"),
    "report.stat.failed": _m("处理失败", "failed"),
    "report.stat.findings": _m("问题总数", "findings"),
    "report.hist_title": _m(
        "各风险分区间的文件数（共 {n} 份有风险分的文件）",
        "Documents per risk band ({n} documents with a risk)",
    ),
    "report.hist_bin": _m("风险分 {label}：{n} 份", "risk {label}: {n} documents"),
    "report.hist_axis": _m("风险分（0–100）", "risk (0–100)"),
    "report.no_risk": _m(
        "另有 {n} 份文件未计算风险分（未运行规则检查）。", "{n} more documents have no risk (not checked)."
    ),
    "report.col.code": _m("代码", "Code"),
    "report.col.name": _m("名称", "Name"),
    "report.col.severity": _m("严重程度", "Severity"),
    "report.col.findings": _m("问题数", "Findings"),
    "report.col.documents": _m("涉及文件数", "Documents"),
    "report.none": _m("没有问题。", "No findings."),
    "report.truncated": _m(
        "仅列出风险最高的 {shown} 份文件（共 {total} 份）；每份文件的页面均已生成。",
        "Only the {shown} riskiest documents are listed (of {total}); every document has its page.",
    ),
    "report.col.rank": _m("排名", "Rank"),
    "report.col.document": _m("文件", "Document"),
    "report.col.department": _m("部门", "Department"),
    "report.col.year": _m("年度", "Year"),
    "report.col.risk": _m("风险分", "Risk"),
    "report.col.top": _m("主要问题", "Main findings"),
    "report.col.reason": _m("原因", "Reason"),
    "report.corpus_dup001": _m(
        "近似重复（DUP001）：以去除标签、空白、标点和数字后的 {shingle} 字片段做 MinHash LSH 候选、精确 Jaccard 复核，"
        "全文 Jaccard ≥ {doc}，预期目标、原因说明 ≥ {goal}；发现 {n} 条。",
        "Near-copies (DUP001): MinHash LSH candidates over {shingle}-character shingles (tags, spaces, punctuation "
        "and digits removed), verified by the exact Jaccard; whole documents ≥ {doc}, goals and reasons ≥ {goal}; "
        "{n} findings.",
    ),
    "report.corpus_dup002": _m(
        "套话原因（DUP002）：{n} 元词组见于 {lo}% 至 {hi}% 的文件者为模板词组，{templates} 个；标记 {flagged} 条原因。",
        "Template reasons (DUP002): {n}-grams in {lo}% to {hi}% of the documents are templates, "
        "{templates} of them; {flagged} reasons flagged.",
    ),
    "report.corpus_dup002_off": _m(
        "套话原因（DUP002）：未计算：本批仅 {docs} 份文件含原因说明，语料模板统计至少需要 {min} 份。",
        "Template reasons (DUP002): not computed: only {docs} documents state reasons, "
        "the corpus statistics need {min}.",
    ),
    "report.templates": _m("最常见的模板词组", "Commonest template phrases"),
    "report.col.ngram": _m("词组", "Phrase"),
    "report.col.doc_share": _m("文件占比", "Share of documents"),
    "report.stickiness": _m("原因说明的逐年沿用（黏性）", "Reasons carried over year to year (stickiness)"),
    "report.col.sentences": _m("沿用句子", "Repeated sentences"),
    "report.col.sentence_share": _m("沿用句子占比", "Share of sentences"),
    "report.col.ngram_share": _m("沿用词组占比", "Share of phrases"),
    "report.back": _m("← 返回汇总", "← Back to the summary"),
    "report.source": _m("来源文件", "Source file"),
    "report.doc_id": _m("文档 ID", "Document ID"),
    "report.not_found": _m("未识别", "not found"),
    "report.counts": _m(
        "（错误 {error}，警告 {warning}，提示 {info}）", "({error} errors, {warning} warnings, {info} info)"
    ),
    "report.nav.findings": _m("问题清单（{n}）", "Findings ({n})"),
    "report.nav.tables": _m("自评表（{n}）", "Tables ({n})"),
    "report.nav.reasons": _m("原因说明（{n}）", "Reasons ({n})"),
    "report.findings": _m("问题清单", "Findings"),
    "report.location": _m("位置：{v}", "Location: {v}"),
    "report.evidence": _m("证据：", "Evidence: "),
    "report.see_text": _m("在原文中查看", "See in the text"),
    "report.not_located": _m("（证据无法在原文中定位）", "(the evidence is not found in the text)"),
    "report.see_table": _m("查看所在表格", "See the table"),
    "report.other_doc": _m("对方文件", "The other document"),
    "report.pdf_page": _m("PDF 第 {page} 页", "PDF page {page}"),
    "report.no_findings": _m("未发现问题。", "No findings."),
    "report.tables": _m("绩效自评表", "Self-evaluation tables"),
    "report.no_tables": _m("未识别到绩效自评表。", "No self-evaluation table found."),
    "report.untitled": _m("（无标题）", "(untitled)"),
    "report.goal_expected": _m("预期目标：", "Goal (预期目标): "),
    "report.goal_actual": _m("实际完成情况：", "Result (实际完成情况): "),
    "report.goal_similarity": _m("目标与完成情况相似度 {v}", "similarity of goal and result {v}"),
    "report.col.fund": _m("资金", "Funds"),
    "report.col.initial": _m("年初预算数", "Initial budget"),
    "report.col.adjusted": _m("全年预算数", "Adjusted budget"),
    "report.col.executed": _m("全年执行数", "Executed"),
    "report.col.rate": _m("执行率%", "Rate %"),
    "report.col.weight": _m("分值", "Weight"),
    "report.col.score": _m("得分", "Score"),
    "report.col.issues": _m("问题", "Findings"),
    "report.col.level1": _m("一级指标", "Level 1"),
    "report.col.level2": _m("二级指标", "Level 2"),
    "report.col.level3": _m("三级指标", "Indicator"),
    "report.col.target": _m("指标值", "Target"),
    "report.col.actual": _m("实际完成值", "Actual"),
    "report.col.status": _m("判定", "Status"),
    "report.total": _m("总分：{v}", "Total: {v}"),
    "report.reasons": _m("原因说明", "Reasons"),
    "report.no_reasons": _m("未识别到原因说明。", "No reasons found."),
    "report.col.item": _m("事项", "Item"),
    "report.col.change": _m("变动", "Change"),
    "report.col.cause": _m("原因类别", "Cause"),
    "report.col.quality": _m("质量", "Quality"),
    "report.text": _m("原文", "Text"),
    "report.text_hint": _m(
        "高亮为问题证据，上标编号链接到问题清单。",
        "Highlights are evidence; the numbers link to the findings.",
    ),
    "report.text_missing": _m(
        "报告中未保存原文（{why}），无法显示高亮。", "The report holds no text ({why}): nothing to highlight."
    ),
    "report.no_text_field": _m("报告未包含 text 字段", "the report has no text field"),
    "report.no_text_no_path": _m("报告未包含原文，也无文件路径", "the report has no text and no file path"),
    "report.file_unreadable": _m("原文件无法读取：{error}", "the file cannot be read: {error}"),
    "report.file_changed": _m(
        "原文件已更改（sha256 与筛查时不同）", "the file has changed since it was screened (sha256)"
    ),
    "report.done": _m(
        "{docs} 份文件（{failed} 份失败）-> {path}", "{docs} documents ({failed} failed) -> {path}"
    ),
    "report.need_input": _m(
        "report：请给出报告的 JSONL 文件或 --db results.sqlite",
        "report: give JSONL files of reports or --db results.sqlite",
    ),
    "report.help": _m(
        "生成静态 HTML 页面：每份文件一页，外加风险排名汇总",
        "render static HTML pages: one per document and a ranked summary",
    ),
    "report.description": _m(
        "生成静态 HTML（无脚本、不连网）：DIR/index.html 按风险分排列文件，附各代码问题数和风险分布图；"
        "DIR/docs/ 中每份文件一页，证据在原文中高亮并与问题互相链接。",
        "Render static HTML (no scripts, no network): DIR/index.html ranks the documents by risk with counts "
        "per code and a risk histogram; DIR/docs/ has one page per document with the evidence highlighted and "
        "linked to its finding.",
    ),
    "report.arg.reports": _m(
        "报告的 JSONL（或 JSON）文件，例如 `jxscan check --format jsonl --include-text` 的输出",
        "JSONL (or JSON) files of reports, e.g. from `jxscan check --format jsonl --include-text`",
    ),
    "report.arg.db": _m("`jxscan batch` 写出的结果数据库", "a results database written by `jxscan batch`"),
    "report.arg.out": _m("输出目录（不存在则创建）", "output directory (created if missing)"),
    "report.arg.corpus_checks": _m(
        "先运行语料检查（DUP001、DUP002、黏性）并显示其问题",
        "run the corpus checks (DUP001, DUP002, stickiness) first and show their findings",
    ),
    "report.arg.top": _m(
        "index.html 列出的文件数（每份文件都有页面；默认 5000）",
        "documents listed in index.html (every document gets its page; default 5000)",
    ),
    # the scoring rules' documentation for `jxscan rules` (Chinese; the English is the
    # docstring in classify/scoring.py, shown as it is)
    "scoring_doc.standard": _m(
        "达标得满分；未达标得 分值 × min(1, 实际/目标)（越低越好：目标/实际）。财政部自评说明的规则。",
        "met = full weight; missed = weight × min(1, actual/target)",
    ),
    "scoring_doc.both_ways": _m(
        "越低越好的成本和人数类指标按 分值 × 实际/目标 计分，少花于计划也要丢分（见于 000 和 004）。",
        "lower-better cost and headcount rows scored weight × actual/target",
    ),
    "scoring_doc.rate": _m(
        "执行得分 = 分值 × 执行率（上限 100%）；衡量预算本身的指标（其实际值即表中全年执行数）也按执行率计分。",
        "execution score = weight × execution rate (capped at 100 %)",
    ),
    "scoring_doc.deduction": _m(
        "分值 × max(0, 1 − 100·k·(1 − 完成率))：每差一个百分点扣分值的固定比例（001：k = 2.5%，"
        "低于 60% 不得分）。`k` 由指标行推断（指标行不能确定时才加入执行得分），需要两行一致；"
        "执行得分对执行率使用同一 `k`。",
        "weight × max(0, 1 − 100·k·(1 − completion)), k inferred from two agreeing rows",
    ),
    "scoring_doc.deduction_both_ways": _m(
        "扣分规则，成本和人数类指标的完成率双向计算（001 以此对未花完的成本预算扣分）。",
        "the deduction rule with the both-ways completion of cost and headcount rows",
    ),
    "scoring_doc.overrun_zero": _m(
        "金额行花超其上限得 0 分（成本指标超出目标值不得分）。", "a money row spent beyond its bound scores 0"
    ),
    "scoring_doc.zero_below": _m(
        "完成率低于阈值 θ 的未达标行得 0 分，高于阈值按比例。θ 介于得 0 分的完成最好的未达标行与"
        "得部分分的完成最差的未达标行之间；文件中没有部分得分时，未达标一律 0 分（达标满分，未达标 0）。",
        "a miss below the completion threshold θ scores 0, above it proportionally",
    ),
    "status.met": _m("达成", "met"),
    "status.unmet": _m("未达成", "missed"),
    "status.exceeded": _m("超额", "exceeded"),
    "status.unverifiable": _m("无法判定", "cannot tell"),
    "quality.specific": _m("具体", "specific"),
    "quality.boilerplate": _m("套话", "boilerplate"),
    "quality.non_explanatory": _m("未解释原因", "not an explanation"),
    "quality.contradictory": _m("矛盾", "contradictory"),
    "quality.missing": _m("缺失", "missing"),
    "kind.overall": _m("部门整体支出绩效自评表", "overall self-evaluation (部门整体支出绩效自评表)"),
    "kind.project": _m("项目支出绩效自评表", "project self-evaluation (项目支出绩效自评表)"),
    "kind.narrative": _m("整体支出绩效分析", "narrative analysis (整体支出绩效分析)"),
    # -- `jxscan eval` (corpus/evaluate): the generator's QA report
    "eval.arg.manifest": _m(
        "`jxscan generate` 写出的 manifest.jsonl", "manifest.jsonl written by `jxscan generate`"
    ),
    "eval.arg.format": _m("输出格式：text（表格）或 json", "output format: text (tables) or json"),
    "eval.arg.limit": _m("只评估前 N 份文件（快速查看）", "only the first N documents (quick looks)"),
    "eval.corpus_line": _m(
        "语料：{manifest}  文件数：{documents}  筛查 {screen} 秒，语料检查 {corpus} 秒",
        "corpus: {manifest}  documents: {documents}  screening {screen} s, corpus checks {corpus} s",
    ),
    "eval.unlocated": _m(
        "（未计分：{n} 个植入问题在读取后的文本中无法定位）",
        "(not scored: {n} planted anomalies the file reader's text does not place)",
    ),
    "eval.extraction": _m(
        "抽取准确率（对照生成器的真值）", "extraction accuracy (against the generator's truth)"
    ),
    "eval.by_layout": _m("按版式", "by layout"),
    "eval.by_family": _m(
        "按表格族（按项目表的版式对文件分组）",
        "by table family (documents grouped by their project tables' layout)",
    ),
    "eval.by_format": _m("按文件类型", "by file type"),
    "eval.recall_matrix": _m(
        "按代码和表格族的召回（召回数/植入数）", "recall by code and table family (recalled/planted)"
    ),
    "eval.narr.families": _m(
        "按表述形式族的原因说明（found：抽取到的原因与之重叠；w/chg：且带有其变动）",
        "explanations by form family (found: an extracted reason overlaps it; with change: and carries it)",
    ),
    "eval.narr.sections": _m(
        "按章节族的代码（问题按其起点所在章节归类）",
        "codes by section family (findings placed by the section they start in)",
    ),
    "eval.narr.forms": _m(
        "按表述形式的代码（问题取其重叠最多的表述的标签）",
        "codes by statement form (a finding takes the tags of the statement it overlaps most)",
    ),
}

_ARGPARSE = {v["en"]: k for k, v in CATALOGUE.items() if k.startswith("argparse.")}
