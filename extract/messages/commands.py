"""The other commands: ``jxscan serve`` (``serve.*``), ``generate`` (``generate.*``),
``train`` (``train.*``)."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
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
}
