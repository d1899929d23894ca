"""``jxscan batch`` (``batch.*``): its arguments, progress, summaries, and why a document failed."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
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
}
