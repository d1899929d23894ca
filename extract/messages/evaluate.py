"""``jxscan eval`` (``eval.*``): the generator's QA report."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
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
